"""Three `olympus serve` processes over one PostgreSQL and one Redis, as a load balancer would
spread requests over them: what one replica changes holds on the others at their next
request, sign-in failures count across them, every committed event reaches its Redis stream,
and a replica killed mid-traffic loses nothing that was committed.

The processes start once for the module (the last test kills one of them)."""

import asyncio
import itertools
import os
import signal
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.engine import make_url

from olympus.core.events import stream_name
from tests.fixtures.accounts import (
    PASSWORD,
    Account,
    TenantFactory,
    TenantInfo,
    login,
    login_owner,
    make_member,
    make_operator,
    me,
    try_login,
)
from tests.fixtures.apps import EVENT_NAMESPACE, TEST_SECRET, Backend, MovableClock
from tests.fixtures.platform_api import create_location, role_ids
from tests.fixtures.problems import assert_problem
from tests.fixtures.servers import ServeProcess, start_serve

REPLICAS = 3
START_SECONDS = 60
OUTBOX_POLL_SECONDS = 0.2


def _environment(backend: Backend, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))}
    env.update(
        ENVIRONMENT="test",
        DATABASE_URL=backend.database_url,
        REDIS_URL=backend.redis_url,
        JWT_SECRET=TEST_SECRET,
        DATA_DIR=str(data_dir),
        LOG_LEVEL="WARNING",
        # The suite's own relay shares the database and publishes under the run's namespace.
        EVENT_NAMESPACE=EVENT_NAMESPACE,
        AUTO_MIGRATE="false",  # the suite migrated the database already
        ARGON2_MEMORY_KIB="1024",
        ARGON2_TIME_COST="1",
        PASSWORD_HASH_WORKERS="1",
        LOGIN_IP_MAX_FAILURES="100000",  # every request comes from 127.0.0.1
        RATE_LIMIT_PER_TOKEN="1000000",
        RATE_LIMIT_PER_TENANT="10000000",
        OUTBOX_POLL_SECONDS=str(OUTBOX_POLL_SECONDS),
    )
    return env


@pytest.fixture(scope="module")
def replicas(
    backend: Backend, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[ServeProcess]]:
    if not backend.is_postgres or backend.pooler:
        pytest.skip("replicas share PostgreSQL and Redis; the embedded default is one process")
    data_dir = tmp_path_factory.mktemp("replicas")
    env = _environment(backend, data_dir)
    started = [start_serve(env, data_dir, f"replica-{i + 1}.log") for i in range(REPLICAS)]
    try:
        for replica in started:
            replica.wait_ready(START_SECONDS)
        yield started
    finally:
        for replica in started:
            replica.stop()


@pytest.fixture
async def clients(replicas: list[ServeProcess]) -> AsyncIterator[list[httpx.AsyncClient]]:
    made = [httpx.AsyncClient(base_url=r.url, timeout=30) for r in replicas]
    try:
        yield made
    finally:
        for c in made:
            await c.aclose()


async def _database(backend: Backend) -> asyncpg.Connection:
    """The test database itself, as the login role (no row-level security: a superuser)."""
    url = make_url(backend.database_url).set(drivername="postgresql")
    return await asyncpg.connect(url.render_as_string(hide_password=False))


async def _wait_all_published(backend: Backend, tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    """The tenant's events once none is left unpublished (failing if some stay so)."""
    conn = await _database(backend)
    try:
        deadline = time.monotonic() + 30 * OUTBOX_POLL_SECONDS + 10
        while True:
            rows = [
                dict(r)
                for r in await conn.fetch(
                    "SELECT id, type, published_at FROM events WHERE tenant_id = $1", tenant_id
                )
            ]
            stuck = [r for r in rows if r["published_at"] is None]
            if not stuck or time.monotonic() > deadline:
                break
            await asyncio.sleep(OUTBOX_POLL_SECONDS)
    finally:
        await conn.close()
    assert stuck == [], f"{len(stuck)} events left unpublished"
    return rows


async def _ids_in_streams(redis_url: str, types: set[str], since_ms: int) -> set[str]:
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        seen: set[str] = set()
        for event_type in types:
            name = stream_name(event_type, EVENT_NAMESPACE)
            entries = await redis.xrange(name, min=f"{since_ms}-0")
            seen.update(str(fields["id"]) for _, fields in entries or [] if fields)
        return seen
    finally:
        await redis.aclose()


async def _member_seen_everywhere(
    clients: list[httpx.AsyncClient], make_tenant: TenantFactory, roles: tuple[str, ...] = ()
) -> tuple[TenantInfo, Account, Account, set[str]]:
    """A tenant, its owner and a member, whose token every replica has verified (and
    remembers) and whose permissions every replica has cached; with those permissions."""
    tenant = await make_tenant()
    owner = await login_owner(clients[0], tenant)
    member = await make_member(clients[1], owner, roles=roles)
    seen = [set((await me(c, member))["permissions"]) for c in clients]
    assert all(p == seen[0] for p in seen)
    return tenant, owner, member, seen[0]


async def test_a_logout_on_one_replica_is_refused_on_the_others(
    clients: list[httpx.AsyncClient], make_tenant: TenantFactory
) -> None:
    one, two, three = clients
    _, owner, member, _ = await _member_seen_everywhere(clients, make_tenant)

    assert (await three.post("/api/v1/auth/logout", headers=member.headers)).status_code == 204
    for c in (one, two):
        assert_problem(await c.get("/api/v1/auth/me", headers=member.headers), 401, "token_revoked")
    assert (await me(one, owner))["id"] == owner.user_id  # the owner's session is untouched


async def test_a_suspension_on_one_replica_is_refused_on_the_others(
    app: FastAPI,
    clock: MovableClock,
    clients: list[httpx.AsyncClient],
    make_tenant: TenantFactory,
) -> None:
    one, two, three = clients
    tenant, owner, member, _ = await _member_seen_everywhere(clients, make_tenant)
    operator = await make_operator(app, clock, two)

    r = await two.delete(f"/api/v1/tenants/{tenant.id}", headers=operator.headers)
    assert r.status_code == 204, r.text
    for c in (one, three):
        for account in (owner, member):
            r = await c.get("/api/v1/auth/me", headers=account.headers)
            assert_problem(r, 401, "tenant_suspended")
        r = await try_login(c, tenant.slug, tenant.owner_email, tenant.owner_password)
        assert_problem(r, 401, "tenant_suspended")


async def test_sign_in_failures_count_across_replicas(
    clients: list[httpx.AsyncClient], make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    owner = await login_owner(clients[0], tenant)
    member = await make_member(clients[0], owner)
    # Five failures (the default limit), spread so that no replica sees more than two.
    for c in itertools.islice(itertools.cycle(clients), 5):
        r = await try_login(c, tenant.slug, member.email, "Wrong-Pass-913")
        assert_problem(r, 401, "invalid_credentials")
    for c in clients:
        r = await try_login(c, tenant.slug, member.email, PASSWORD)
        assert_problem(r, 429, "too_many_attempts")
    # Another account of the tenant is not locked.
    await login(clients[2], tenant.slug, tenant.owner_email, tenant.owner_password)


async def test_a_role_change_is_seen_by_every_replica_at_its_next_request(
    clients: list[httpx.AsyncClient], make_tenant: TenantFactory
) -> None:
    one, two, three = clients
    _, owner, member, permissions = await _member_seen_everywhere(
        clients, make_tenant, roles=("staff",)
    )
    assert "catalog:write" not in permissions

    manager = (await role_ids(one, owner.headers))["manager"]
    r = await two.post(
        f"/api/v1/users/{member.user_id}/roles", json={"role_id": manager}, headers=owner.headers
    )
    assert r.status_code == 201, r.text
    for c in clients:
        assert "catalog:write" in (await me(c, member))["permissions"]

    r = await three.delete(f"/api/v1/users/{member.user_id}/roles/{manager}", headers=owner.headers)
    assert r.status_code == 204
    for c in clients:
        assert "catalog:write" not in (await me(c, member))["permissions"]


async def test_every_committed_event_reaches_the_stream(
    backend: Backend, clients: list[httpx.AsyncClient], make_tenant: TenantFactory
) -> None:
    since_ms = int(time.time() * 1000) - 1000
    tenant = await make_tenant()
    owner = await login_owner(clients[0], tenant)
    made = await asyncio.gather(
        *(create_location(c, owner.headers) for c in itertools.islice(itertools.cycle(clients), 30))
    )
    rows = await _wait_all_published(backend, tenant.id)
    created = {r["id"] for r in rows if r["type"] == "location.created"}
    assert len(created) == len(made) == 30
    streamed = await _ids_in_streams(backend.redis_url, {r["type"] for r in rows}, since_ms)
    missing = {str(r["id"]) for r in rows} - streamed
    assert missing == set(), f"{len(missing)} of {len(rows)} committed events never streamed"


async def test_a_replica_killed_mid_traffic_loses_nothing_committed(
    backend: Backend,
    replicas: list[ServeProcess],
    clients: list[httpx.AsyncClient],
    make_tenant: TenantFactory,
) -> None:
    """Runs last: it leaves the module with one replica fewer."""
    since_ms = int(time.time() * 1000) - 1000
    tenant = await make_tenant()
    owner = await login_owner(clients[0], tenant)
    victim = replicas[-1]
    answered: list[tuple[int, dict[str, Any]]] = []  # (replica index, created location)
    failed_on: list[int] = []
    requests = 90

    async def create(i: int) -> None:
        index = i % REPLICAS
        try:
            answered.append((index, await create_location(clients[index], owner.headers)))
        except httpx.TransportError:
            failed_on.append(index)

    async def traffic() -> None:
        pending: set[asyncio.Task[None]] = set()
        for i in range(requests):
            if len(pending) >= 9:
                _, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            pending.add(asyncio.create_task(create(i)))
            if i == requests // 3:
                await asyncio.sleep(0.05)  # some requests in flight on every replica
                victim.process.send_signal(signal.SIGKILL)
        await asyncio.gather(*pending)

    await traffic()
    assert victim.process.wait(timeout=10) == -signal.SIGKILL

    # Only the killed replica failed requests, and it did fail some: the kill was mid-traffic.
    assert failed_on and set(failed_on) == {REPLICAS - 1}
    assert any(i == REPLICAS - 1 for i, _ in answered)
    # Every answered creation is committed, seen from a replica still running...
    listed = await clients[0].get("/api/v1/locations?limit=200", headers=owner.headers)
    assert listed.status_code == 200, listed.text
    stored = {item["id"] for item in listed.json()["items"]}
    assert {loc["id"] for _, loc in answered} <= stored
    # ...and every committed event (those of requests that died with the replica after their
    # commit too) is published by the relays left, none stuck, each on its stream.
    rows = await _wait_all_published(backend, tenant.id)
    created = {r["id"] for r in rows if r["type"] == "location.created"}
    assert len(created) == len(stored)
    streamed = await _ids_in_streams(backend.redis_url, {"location.created"}, since_ms)
    assert {str(i) for i in created} <= streamed
