"""DATABASE_READ_URL: the reading transactions of GET requests (lists, reports) go to the read
replica; writes, the reads of a request that writes, and what decides access stay on the
primary. The replica here is a second URL to the same database: its own engine and pool, so
the statements each engine is sent show where the work went."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.exc import DBAPIError

from olympus.core.db import Database
from tests.fixtures.accounts import TenantFactory, login_owner, make_member
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app
from tests.fixtures.platform_api import create_location
from tests.fixtures.statements import statements

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
async def replicated(
    backend: Backend, clock: MovableClock, tmp_path: Path
) -> AsyncIterator[FastAPI]:
    if not backend.is_postgres or backend.pooler:
        pytest.skip("a read replica is a PostgreSQL setting")
    settings = make_settings(backend, tmp_path, database_read_url=backend.database_url)
    async with running_app(settings, clock) as application:
        yield application


def _client(application: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://r")


def _touching(seen: list[str], table: str) -> list[str]:
    return [s for s in seen if f"FROM {table}" in s or f"INTO {table}" in s]


async def test_a_get_reads_on_the_replica_and_a_write_on_the_primary(
    replicated: FastAPI, make_tenant: TenantFactory
) -> None:
    db: Database = replicated.state.db
    assert db.read_engine is not db.engine
    async with _client(replicated) as client:
        owner = await login_owner(client, await make_tenant())
        with statements(db) as primary, statements(db, db.read_engine) as replica:
            made = await create_location(client, owner.headers)
        assert any(s.lstrip().startswith("INSERT INTO locations") for s in primary)
        assert replica == []

        with statements(db) as primary, statements(db, db.read_engine) as replica:
            listed = await client.get("/api/v1/locations", headers=owner.headers)
            one = await client.get(f"/api/v1/locations/{made['id']}", headers=owner.headers)
    assert listed.status_code == 200 and one.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [made["id"]]
    assert len(_touching(replica, "locations")) == 2
    assert _touching(primary, "locations") == []


async def test_the_product_list_reads_on_the_replica_through_the_driver(
    replicated: FastAPI, make_tenant: TenantFactory
) -> None:
    """The product list's driver path (no ORM session) goes to the replica as well."""
    db: Database = replicated.state.db
    async with _client(replicated) as client:
        owner = await login_owner(client, await make_tenant())
        made = await client.post(
            "/api/v1/products",
            json={"sku": "TEA-1", "name": "Sencha", "price": 1250, "currency": "EUR"},
            headers=owner.headers,
        )
        assert made.status_code == 201, made.text
        with (
            statements(db, driver=True) as primary,
            statements(db, db.read_engine, driver=True) as replica,
        ):
            listed = await client.get("/api/v1/products?q=sench", headers=owner.headers)
    assert listed.status_code == 200, listed.text
    assert [item["id"] for item in listed.json()["items"]] == [made.json()["id"]]
    assert _touching(replica, "products")
    assert _touching(primary, "products") == []


async def test_the_reads_of_a_request_that_writes_stay_on_the_primary(
    replicated: FastAPI, make_tenant: TenantFactory
) -> None:
    db: Database = replicated.state.db
    async with _client(replicated) as client:
        owner = await login_owner(client, await make_tenant())
        member = await make_member(client, owner)
        with statements(db) as primary, statements(db, db.read_engine) as replica:
            r = await client.post(
                "/api/v1/auth/password/change",
                json={"current_password": member.password, "new_password": "Fresh-Pass-4821"},
                headers=member.headers,
            )
            # Sign-in reads the credentials on the primary too.
            signed_in = await client.post(
                "/api/v1/auth/login",
                json={
                    "tenant": member.tenant_slug,
                    "email": member.email,
                    "password": "Fresh-Pass-4821",
                },
            )
    assert r.status_code == 204, r.text
    assert signed_in.status_code == 200, signed_in.text
    assert replica == []
    assert _touching(primary, "users")


async def test_no_write_reaches_the_replica(
    replicated: FastAPI, make_tenant: TenantFactory
) -> None:
    db: Database = replicated.state.db
    async with _client(replicated) as client:
        with statements(db, db.read_engine) as replica:
            owner = await login_owner(client, await make_tenant())
            made = await create_location(client, owner.headers)
            path = f"/api/v1/locations/{made['id']}"
            assert (await client.get(path, headers=owner.headers)).status_code == 200
            r = await client.patch(path, json={"name": "Renamed"}, headers=owner.headers)
            assert r.status_code == 200, r.text
            assert (await client.get(path, headers=owner.headers)).json()["name"] == "Renamed"
            assert (await client.get("/api/v1/users", headers=owner.headers)).status_code == 200
    assert replica, "the GETs read on the replica"
    assert [s for s in replica if s.lstrip().upper().startswith(WRITES)] == []

    # And the replica's transactions are read-only in the database itself.
    async with db.unit_of_work(clock=replicated.state.clock, write=False, replica=True) as uow:
        with pytest.raises(DBAPIError, match="read-only transaction"):
            await uow.session.execute(
                sa.text("UPDATE tenants SET name = 'x' WHERE id = :id"), {"id": uuid.uuid4()}
            )


async def test_without_a_replica_every_read_goes_to_the_primary(
    backend: Backend, db: Database, clock: MovableClock
) -> None:
    assert db.read_engine is db.engine
    with statements(db) as primary:
        async with db.unit_of_work(clock=clock, write=False, replica=True) as uow:
            await uow.session.execute(sa.text("SELECT 1 AS replica_probe"))
    assert any("replica_probe" in s for s in primary)
