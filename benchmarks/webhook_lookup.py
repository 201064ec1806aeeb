"""The CPU the relay's after-publish hook costs per published batch for a tenant without
webhooks (the common case): looked up in the database every batch, against the answer
remembered in the app's cache (Redis). Each batch runs in its own transaction, as the relay's
does; the figure is the client's CPU per batch (median of the rounds).

    .venv/bin/python benchmarks/webhook_lookup.py [--batches 1500] [--rounds 3]

It creates the database `olympus_webhook_lookup_bench` on `BENCH_POSTGRES_URL` (default
postgresql://postgres@127.0.0.1:5432/postgres), uses Redis database 7 of `BENCH_REDIS_URL`,
and drops / flushes both at the end."""

import argparse
import asyncio
import os
import statistics
import time
import uuid
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from olympus.core.cache import Cache, RedisCache
from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.migrations import upgrade_async
from olympus.platform.webhooks import service


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
    )
    parser.add_argument("--database", default="olympus_webhook_lookup_bench")
    return parser.parse_args()


async def per_batch(
    db: Database, cache: Cache | None, envelopes: list[dict[str, Any]], batches: int
) -> float:
    """Microseconds of this process's CPU per batch."""
    clock = Clock()
    async with db.unit_of_work(clock=clock, system=True) as uow:  # warm: statement, cache
        await service.queue_deliveries(uow, envelopes, cache=cache)
    started = time.process_time()
    for _ in range(batches):
        async with db.unit_of_work(clock=clock, system=True) as uow:
            await service.queue_deliveries(uow, envelopes, cache=cache)
    return (time.process_time() - started) / batches * 1e6


async def main() -> None:
    args = parse_args()
    admin = await asyncpg.connect(args.postgres_url)
    await admin.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{args.database}"')
    url = make_url(args.postgres_url).set(drivername="postgresql+asyncpg", database=args.database)
    database_url = url.render_as_string(hide_password=False)
    cache = RedisCache.from_url(args.redis_url)
    try:
        await upgrade_async(database_url)
        db = Database(database_url)
        tenant_id = str(uuid.uuid4())
        envelopes: list[dict[str, Any]] = [
            {
                "id": str(uuid.uuid4()),
                "type": event_type,
                "tenant_id": tenant_id,
                "occurred_at": "2026-12-06T00:00:00Z",
                "version": 1,
                "data": {},
            }
            for event_type in ("order.created", "inventory.updated")
        ]
        figures: dict[str, list[float]] = {"looked up": [], "cached": []}
        for _ in range(args.rounds):
            figures["looked up"].append(await per_batch(db, None, envelopes, args.batches))
            figures["cached"].append(await per_batch(db, cache, envelopes, args.batches))
        for name, values in figures.items():
            rounds = ", ".join(f"{v:.0f}" for v in values)
            print(f"{name:10} {statistics.median(values):6.0f} us CPU per batch ({rounds})")
        await db.engine.dispose()
    finally:
        await cache.redis.flushdb()
        await cache.close()
        await admin.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
