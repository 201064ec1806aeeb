"""The CPU one authenticated request's check costs the server, with and without the fair-use
quotas: `authenticate()` called by 32 concurrent callers on one pinned core, against Redis,
the two variants alternating. Without HTTP and without a load generator, other work on the
machine moves these figures much less than it moves wrk's.

Usage: taskset -c 0 .venv/bin/python benchmarks/principal_cost.py [--rounds 3] [--calls 5000]
(Redis at BENCH_REDIS_URL, default redis://127.0.0.1:6379/5; its keys get a prefix of their
own and are deleted at the end)."""

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from olympus.accounts import service as accounts
from olympus.app import create_app
from olympus.auth.service import authenticate
from olympus.config import Settings
from olympus.core.cache import RedisCache
from olympus.core.clock import Clock

CALLERS = 32
PASSWORD = "Quartz-Meadow-Lantern-42"


async def cpu_per_check(fair_use: bool, calls: int, redis_url: str) -> float:
    """Microseconds of this process's CPU per `authenticate()`, warm."""
    data = Path(tempfile.mkdtemp(prefix="olympus-principal-"))
    settings = Settings(
        _env_file=None,
        environment="test",
        jwt_secret="bench-" + "x" * 40,
        data_dir=data,
        database_url=f"sqlite+aiosqlite:///{data / 'bench.db'}",
        redis_url=redis_url,
        rate_limit_enabled=fair_use,
        rate_limit_per_token=10**9,  # every call counted, none refused
        rate_limit_per_tenant=10**9,
        argon2_memory_kib=1024,
        argon2_time_cost=1,
        log_level="ERROR",
        auto_migrate=True,
    )
    app = create_app(settings, bootstrap=False)
    cache = app.state.cache
    assert isinstance(cache, RedisCache)
    cache._prefix = f"olympus-principal-{uuid.uuid4().hex[:8]}:"
    async with app.router.lifespan_context(app):
        auth, db = app.state.auth, app.state.db
        async with db.unit_of_work(clock=Clock()) as uow:
            tenant, owner = await accounts.create_tenant_with_owner(
                uow, auth=auth, slug="bench", name="Bench",
                owner_email="owner@bench.example.com", owner_password=PASSWORD,
            )  # fmt: skip
        token = auth.signer.issue(user_id=owner.id, tenant_id=tenant.id, session_id=uuid.uuid4())
        claims = auth.signer.verify(token)
        for _ in range(500):  # warm: the cache holds the authorization and the quotas
            await authenticate(db, auth, claims)
        each = calls // CALLERS

        async def caller() -> None:
            for _ in range(each):
                await authenticate(db, auth, claims)

        started = time.process_time()
        await asyncio.gather(*(caller() for _ in range(CALLERS)))
        spent = time.process_time() - started
        keys = [k async for k in cache.redis.scan_iter(match=cache._prefix + "*")]
        if keys:
            await cache.redis.delete(*keys)
    return spent / (each * CALLERS) * 1e6


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=5000)
    args = parser.parse_args()
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    figures: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.rounds):
        for fair_use in (True, False):
            figures[fair_use].append(await cpu_per_check(fair_use, args.calls, redis_url))
    for fair_use, values in figures.items():
        label = "with fair use   " if fair_use else "without fair use"
        rounded = ", ".join(f"{v:.0f}" for v in values)
        print(f"{label}: median {statistics.median(values):.0f} µs CPU per check ({rounded})")


if __name__ == "__main__":
    asyncio.run(main())
