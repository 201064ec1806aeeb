"""A wrong email and a wrong password answer alike and in similar time, so sign-in does not
tell which emails have accounts. Measured with the real Argon2 parameters."""

import statistics
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from olympus.app import create_app
from olympus.config import Settings
from olympus.core.cache import RedisCache
from tests.conftest import (
    PASSWORD,
    Backend,
    MovableClock,
    TenantInfo,
    assert_problem,
    make_settings,
)

ROUNDS = 15
WARM_UP = 2
TOLERANCE = 1.25  # the slower median at most 25 % above the faster one


@asynccontextmanager
async def running_app(settings: Settings, clock: MovableClock) -> AsyncIterator[FastAPI]:
    """An app of its own, started like the `app` fixture."""
    application = create_app(settings, clock=clock)
    cache = application.state.cache
    if isinstance(cache, RedisCache):
        cache._prefix = f"olympus-test-{uuid.uuid4().hex[:8]}:"
    async with application.router.lifespan_context(application):
        yield application


async def test_unknown_email_and_wrong_password_take_similar_time(
    backend: Backend, clock: MovableClock, tmp_path: Path, tenant: TenantInfo
) -> None:
    settings = make_settings(
        backend,
        tmp_path,
        # OWASP's Argon2id parameters, as in production.
        argon2_memory_kib=19456,
        argon2_time_cost=2,
        # Many failures on one account are the point here, not a lockout.
        login_max_failures=1_000,
    )
    email = f"timed-{uuid.uuid4().hex[:8]}@example.com"
    async with running_app(settings, clock) as application:
        transport = httpx.ASGITransport(app=application, client=("203.0.113.50", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            # Registered here, so the stored hash has the real parameters too.
            r = await client.post(
                "/api/v1/auth/register",
                json={"tenant": tenant.slug, "email": email, "password": PASSWORD},
            )
            assert r.status_code == 201, r.text
            wrong_password = {"tenant": tenant.slug, "email": email, "password": "Not-It-12345!"}

            async def timed(body: dict[str, str]) -> tuple[float, httpx.Response]:
                start = time.perf_counter()
                response = await client.post("/api/v1/auth/login", json=body)
                return time.perf_counter() - start, response

            samples: dict[str, list[float]] = {"unknown": [], "wrong": []}
            answers: dict[str, set[tuple[int, bytes]]] = {"unknown": set(), "wrong": set()}
            for i in range(WARM_UP + ROUNDS):
                unknown_email = {
                    **wrong_password,
                    "email": f"nobody-{uuid.uuid4().hex[:8]}@example.com",
                }
                # Alternate which goes first, so drift in the machine's load hits both alike.
                pair = [("unknown", unknown_email), ("wrong", wrong_password)]
                if i % 2:
                    pair.reverse()
                for kind, body in pair:
                    elapsed, response = await timed(body)
                    problem = assert_problem(response, 401, "invalid_credentials")
                    answers[kind].add((response.status_code, problem["detail"].encode()))
                    if i >= WARM_UP:
                        samples[kind].append(elapsed)

    # The same answer...
    assert answers["unknown"] == answers["wrong"]
    # ...in similar time.
    unknown = statistics.median(samples["unknown"])
    wrong = statistics.median(samples["wrong"])
    ratio = max(unknown, wrong) / min(unknown, wrong)
    assert ratio <= TOLERANCE, (
        f"median unknown email {unknown * 1000:.1f} ms, wrong password {wrong * 1000:.1f} ms"
    )
    # The real parameters make a sign-in cost a hash: guard against measuring a cheap path.
    assert min(unknown, wrong) > 0.005
