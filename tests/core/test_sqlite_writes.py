"""The embedded default's writes (SQLite): they take turns on the process's write gate, a
wait is bounded and answered 503 `database_busy`, a request can't wait for itself, a
cancelled writer gives the gate back, and nothing waits on a password hash while holding
it. The stress test beside this file drives all of it through a real server."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.accounts import service as accounts
from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.sqlite import NestedWriteTransaction, current_writer
from olympus.platform.locations import service as locations
from olympus.platform.locations.models import Location
from tests.fixtures.accounts import PASSWORD, Account, TenantInfo, login, make_member
from tests.fixtures.apps import Backend, make_settings, running_app
from tests.fixtures.messages import Mailbox
from tests.fixtures.problems import assert_problem


@pytest.fixture
def sqlite_only(backend: Backend) -> None:
    if backend.is_postgres:
        pytest.skip("the write gate is the embedded SQLite's; PostgreSQL has many writers")


@pytest.fixture
async def gated_app(sqlite_only: None, backend: Backend, tmp_path: Path) -> AsyncIterator[FastAPI]:
    """An app on a database of its own whose writers wait at most half a second."""
    settings = make_settings(
        backend,
        tmp_path,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'gate.db'}",
        database_write_wait_seconds=0.5,
    )
    async with running_app(settings, Clock()) as app:
        yield app


@asynccontextmanager
async def holding_the_writer(db: Database, tenant_id: uuid.UUID) -> AsyncIterator[None]:
    """Another task's writing transaction holds the write gate for the block's duration."""
    held, release = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant_id) as uow:
            await uow.session.execute(sa.select(sa.literal(1)))  # first statement: the gate
            held.set()
            await release.wait()

    task = asyncio.create_task(hold())
    await held.wait()
    try:
        yield
    finally:
        release.set()
        await task


async def _owner_and_location(app: FastAPI) -> tuple[TenantInfo, Account, str, httpx.AsyncClient]:
    slug = f"t-{uuid.uuid4().hex[:10]}"
    email = f"owner@{slug}.example.com"
    async with app.state.db.unit_of_work(clock=Clock()) as uow:
        tenant, owner = await accounts.create_tenant_with_owner(
            uow, auth=app.state.auth, slug=slug, name="Shop", owner_email=email,
            owner_password=PASSWORD,
        )  # fmt: skip
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    account = await login(client, slug, email, PASSWORD)
    r = await client.post(
        "/api/v1/locations",
        headers=account.headers,
        json={"name": "Before", "code": "A1", "kind": "store", "address": {},
              "timezone": "UTC", "currency": "EUR"},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    info = TenantInfo(tenant.id, tenant.slug, owner.id, email, PASSWORD)
    return info, account, r.json()["id"], client


async def test_a_write_that_cant_have_the_writer_in_time_is_503_and_writes_nothing(
    gated_app: FastAPI,
) -> None:
    tenant, owner, location_id, client = await _owner_and_location(gated_app)
    async with holding_the_writer(gated_app.state.db, tenant.id):
        started = time.monotonic()
        r = await client.patch(
            f"/api/v1/locations/{location_id}", headers=owner.headers, json={"name": "After"}
        )
        waited = time.monotonic() - started
        assert_problem(r, 503, "database_busy")
        assert r.headers["retry-after"] == "1"
        assert 0.4 < waited < 2.0
        r = await client.get(f"/api/v1/locations/{location_id}", headers=owner.headers)
        assert r.status_code == 200 and r.json()["name"] == "Before"  # reads never wait
    r = await client.patch(
        f"/api/v1/locations/{location_id}", headers=owner.headers, json={"name": "After"}
    )
    assert r.status_code == 200 and r.json()["name"] == "After"
    await client.aclose()


async def test_the_wait_for_the_writer_is_a_metric(gated_app: FastAPI) -> None:
    _, owner, location_id, client = await _owner_and_location(gated_app)
    r = await client.patch(
        f"/api/v1/locations/{location_id}", headers=owner.headers, json={"name": "Seen"}
    )
    assert r.status_code == 200
    metrics = (await client.get("/metrics")).text
    await client.aclose()
    name = "olympus_db_write_wait_seconds_count"
    count = next(line for line in metrics.splitlines() if line.startswith(name))
    assert float(count.split()[-1]) >= 3  # the tenant, the location, the change


async def test_a_second_writing_transaction_in_one_task_is_refused_at_once(
    db: Database, tenant: TenantInfo
) -> None:
    """On SQLite it would wait for the gate its own first transaction holds, and hold up
    every writer meanwhile: refused before it can wait (on PostgreSQL too, where it would
    be a second transaction that commits apart from the first)."""
    started = time.monotonic()
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as outer:
        await outer.session.execute(sa.select(sa.literal(1)))
        with pytest.raises(NestedWriteTransaction):
            async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id):
                pass
    assert time.monotonic() - started < 1.0


async def test_a_cancelled_writer_gives_the_gate_back_and_keeps_nothing(
    sqlite_only: None, db: Database, tenant: TenantInfo
) -> None:
    inside = asyncio.Event()
    name = f"cancelled-{uuid.uuid4().hex[:6]}"

    async def stuck_writer() -> None:
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            await locations.create_location(
                uow, name=name, code=name[-8:].upper(), kind="store", address={},
                timezone="UTC", currency="EUR",
            )  # fmt: skip
            await uow.session.flush()
            inside.set()
            await asyncio.sleep(3600)  # a client that went away, a handler that hangs

    task = asyncio.create_task(stuck_writer())
    await asyncio.wait_for(inside.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    started = time.monotonic()
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
        found = await uow.session.scalar(sa.select(Location.id).where(Location.name == name))
    assert found is None
    assert time.monotonic() - started < 1.0
    assert current_writer.get() is None


HashCheck = Callable[[str], Awaitable[str]]


async def test_no_password_is_hashed_while_holding_the_writer(
    sqlite_only: None,
    app: FastAPI,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    mailbox: Mailbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Registration, an administrator's new user, a tenant's owner, a password change and a
    reset all hash with no writing transaction holding the gate."""
    hashing = app.state.auth.hashing
    original: HashCheck = hashing.hash
    hashed: list[bool] = []

    async def checked(password: str) -> str:
        holder = current_writer.get()
        hashed.append(holder is not None and holder.holds)
        return await original(password)

    monkeypatch.setattr(hashing, "hash", checked)
    email = f"reg-{uuid.uuid4().hex[:8]}@example.com"
    r = await client.post(
        "/api/v1/auth/register", json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    assert r.status_code == 201, r.text
    owner = await login(client, tenant.slug, tenant.owner_email, PASSWORD)
    member = await make_member(client, owner)
    r = await client.post(
        "/api/v1/auth/password/change",
        headers=member.headers,
        json={"current_password": PASSWORD, "new_password": "Another-Quiet-Lamp-51"},
    )
    assert r.status_code == 204, r.text
    r = await client.post(
        "/api/v1/auth/password-reset/request", json={"tenant": tenant.slug, "email": email}
    )
    assert r.status_code == 202
    token = await mailbox.last_token(email)
    r = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": token, "new_password": "Third-Quiet-Lamp-77"},
    )
    assert r.status_code == 204, r.text
    async with app.state.db.unit_of_work(clock=Clock()) as uow:
        await accounts.create_tenant_with_owner(
            uow, auth=app.state.auth, slug=f"t-{uuid.uuid4().hex[:10]}", name="Other",
            owner_email=f"o-{uuid.uuid4().hex[:6]}@example.com", owner_password=PASSWORD,
        )  # fmt: skip
    assert len(hashed) >= 5 and not any(hashed), hashed
