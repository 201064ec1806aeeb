"""A revocation made while Redis is unreachable reaches the check once Redis answers again:
the outbox relay writes the denylist and the suspension mark until Redis takes them. Redis is
cut for real, through a TCP proxy the test controls."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import jwt
import pytest
from fastapi import FastAPI

from olympus.core.db import Database
from olympus.platform.tenants import service as tenants
from tests.fixtures.accounts import PASSWORD, TenantInfo
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app
from tests.fixtures.problems import assert_problem
from tests.fixtures.redis_proxy import RedisProxy

ME = "/api/v1/auth/me"


@pytest.fixture
async def proxy(backend: Backend, app: FastAPI) -> AsyncIterator[RedisProxy]:
    """The proxy, with the suite's own application's relay paused: it shares the database,
    and reaching Redis directly it would publish the outage's events itself."""
    if not backend.is_postgres:
        pytest.skip("the embedded default has no Redis to lose")
    target = urlsplit(backend.redis_url)
    redis_proxy = RedisProxy(target.hostname or "127.0.0.1", target.port or 6379)
    await app.state.relay.stop()
    try:
        yield redis_proxy
    finally:
        app.state.relay.start()
        await redis_proxy.stop()


async def test_revocations_made_during_an_outage_hold_once_redis_is_back(
    backend: Backend,
    clock: MovableClock,
    tmp_path: Path,
    tenant: TenantInfo,
    proxy: RedisProxy,
) -> None:
    port = await proxy.start()
    db_index = urlsplit(backend.redis_url).path or "/0"
    settings = make_settings(backend, tmp_path, redis_url=f"redis://127.0.0.1:{port}{db_index}")
    async with running_app(settings, clock) as app:
        transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            login = {"tenant": tenant.slug, "email": tenant.owner_email, "password": PASSWORD}
            first = (await client.post("/api/v1/auth/login", json=login)).json()
            second = (await client.post("/api/v1/auth/login", json=login)).json()
            one = {"Authorization": f"Bearer {first['access_token']}"}
            two = {"Authorization": f"Bearer {second['access_token']}"}
            assert (await client.get(ME, headers=one)).status_code == 200  # warms the cache
            assert (await client.get(ME, headers=two)).status_code == 200

            proxy.cut()
            assert (await client.post("/api/v1/auth/logout", headers=one)).status_code == 204
            assert_problem(await client.get(ME, headers=one), 401, "token_revoked")
            # Another tenant's session goes on; this tenant is suspended meanwhile.
            db: Database = app.state.db
            async with db.unit_of_work(clock=clock, tenant_id=tenant.id) as uow:
                await tenants.update_tenant(
                    uow, cache=app.state.cache, tenant_id=tenant.id, status="suspended",
                    suspension_ttl=settings.access_token_ttl_seconds + 5,
                )  # fmt: skip

            proxy.restore()
            session = jwt.decode(first["access_token"], options={"verify_signature": False})
            wanted = (
                f"revoked-session:{session['sid']}",
                tenants.suspension_cache_key(tenant.id),
            )
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with contextlib.suppress(Exception):
                    if None not in await app.state.cache.get_many(*wanted):
                        break
                await asyncio.sleep(0.1)
            else:
                pytest.fail("the revocations made during the outage never reached Redis")
            # Redis holds both marks again: the check refuses from the cache alone.
            assert_problem(await client.get(ME, headers=one), 401, "token_revoked")
            assert_problem(await client.get(ME, headers=two), 401, "tenant_suspended")
