"""Strict mode of the event catalogue: writing an event of an undeclared type, or with data
that doesn't fit its model, fails the write (the transaction rolls back), except in
production, where it is logged and the write goes on."""

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from olympus.core import event_types
from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.event_types import (
    EventData,
    InvalidEventData,
    UndeclaredEventType,
    check_event,
    declare,
    declared_for_test,
    is_strict,
    lookup,
    strict_mode,
)
from olympus.core.events import OutboxEvent, insert_event_on, record_event, record_events
from tests.fixtures.accounts import TenantFactory

USER = "01a22425-9825-71d9-b2e3-215e65422676"


class ParcelShipped(EventData):
    parcel_id: uuid.UUID
    weight_grams: int


class ParcelShippedV2(EventData):
    version = 2
    parcel_id: uuid.UUID
    carrier: str


@pytest.fixture
def parcel_type() -> Iterator[str]:
    kind = f"parcel_{uuid.uuid4().hex[:8]}.shipped"
    with declared_for_test(kind, model=ParcelShipped):
        yield kind


async def _rows(db: Database, tenant_id: uuid.UUID, event_type: str) -> list[OutboxEvent]:
    async with db.unit_of_work(clock=Clock(), write=False, tenant_id=tenant_id) as uow:
        found = await uow.session.scalars(
            sa.select(OutboxEvent).where(OutboxEvent.type == event_type)
        )
        return list(found.all())


async def test_an_undeclared_type_fails_the_write(db: Database, make_tenant: TenantFactory) -> None:
    tenant = await make_tenant()
    with pytest.raises(UndeclaredEventType, match=r"parcel\.teleported"):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            record_event(uow, "parcel.teleported", {"parcel_id": USER})
    assert await _rows(db, tenant.id, "parcel.teleported") == []


async def test_data_that_does_not_fit_fails_the_write(
    db: Database, make_tenant: TenantFactory, parcel_type: str
) -> None:
    tenant = await make_tenant()
    bad: list[dict[str, Any]] = [
        {"parcel_id": "not an id", "weight_grams": 100},  # a wrong type
        {"parcel_id": USER},  # a field missing
        {"parcel_id": USER, "weight_grams": 100, "colour": "red"},  # a key not declared
    ]
    for data in bad:
        with pytest.raises(InvalidEventData, match=parcel_type):
            async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
                record_event(uow, parcel_type, data)
    assert await _rows(db, tenant.id, parcel_type) == []


async def test_data_that_fits_is_written_with_its_schema_version(
    db: Database, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    kind = f"parcel_{uuid.uuid4().hex[:8]}.rerouted"
    with declared_for_test(kind, model=ParcelShippedV2):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            record_event(uow, kind, {"parcel_id": USER, "carrier": "post"})
            await record_events(uow, [(kind, {"parcel_id": USER, "carrier": "rail"})])
    rows = await _rows(db, tenant.id, kind)
    assert sorted(r.data["carrier"] for r in rows) == ["post", "rail"]
    assert [r.version for r in rows] == [2, 2]


async def test_a_bulk_write_with_one_event_that_does_not_fit_writes_none(
    db: Database, make_tenant: TenantFactory, parcel_type: str
) -> None:
    tenant = await make_tenant()
    good = (parcel_type, {"parcel_id": USER, "weight_grams": 100})
    with pytest.raises(InvalidEventData):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            await record_events(uow, [good, (parcel_type, {"parcel_id": USER})])
    with pytest.raises(UndeclaredEventType):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            await record_events(uow, [good, ("parcel.teleported", {})])
    assert await _rows(db, tenant.id, parcel_type) == []


async def test_the_driver_path_checks_too(
    db: Database, make_tenant: TenantFactory, parcel_type: str, is_postgres: bool
) -> None:
    if not is_postgres:
        pytest.skip("driver transactions are the PostgreSQL path")
    tenant = await make_tenant()
    now = Clock().now()
    with pytest.raises(InvalidEventData):
        async with db.driver_transaction(tenant.id) as conn:
            await insert_event_on(conn, tenant.id, parcel_type, {"parcel_id": USER}, now)
    async with db.driver_transaction(tenant.id) as conn:
        await insert_event_on(
            conn, tenant.id, parcel_type, {"parcel_id": USER, "weight_grams": 5}, now
        )
    assert [r.data for r in await _rows(db, tenant.id, parcel_type)] == [
        {"parcel_id": USER, "weight_grams": 5}
    ]


async def test_in_production_a_misfit_is_logged_and_the_write_goes_on(
    db: Database,
    make_tenant: TenantFactory,
    parcel_type: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tenant = await make_tenant()
    capsys.readouterr()
    with strict_mode(False):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            record_event(uow, parcel_type, {"parcel_id": USER})
            record_event(uow, "parcel.teleported", {"anything": 1})
    assert len(await _rows(db, tenant.id, parcel_type)) == 1
    assert len(await _rows(db, tenant.id, "parcel.teleported")) == 1
    logs = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line[:1] == "{"]
    warned = [e for e in logs if e["event"] == "event_not_in_catalogue"]
    assert {e["event_type"] for e in warned} == {parcel_type, "parcel.teleported"}
    assert all(e["level"] == "warning" for e in warned)


def test_strict_unless_the_environment_is_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(event_types, "_strict_pinned", None)
    monkeypatch.setattr(event_types, "_strict_configured", None)
    monkeypatch.setenv("ENVIRONMENT", "production")
    assert not is_strict()
    monkeypatch.setenv("ENVIRONMENT", "development")
    assert is_strict()
    monkeypatch.delenv("ENVIRONMENT")
    assert is_strict()
    # The app's settings decide once configured; a test's pin wins over both.
    event_types.configure_strict(False)
    assert not is_strict()
    with strict_mode(True):
        assert is_strict()
    assert not is_strict()


def test_the_app_in_production_is_not_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    from olympus.app import create_app  # late: the app is what this test is about
    from olympus.config import Settings  # late: with the app

    monkeypatch.setattr(event_types, "_strict_pinned", None)
    monkeypatch.setattr(event_types, "_strict_configured", None)
    create_app(Settings(environment="production", jwt_secret="s" * 40), bootstrap=False)
    assert not is_strict()
    create_app(Settings(environment="development"), bootstrap=False)
    assert is_strict()


def test_a_type_is_declared_once() -> None:
    kind = f"parcel_{uuid.uuid4().hex[:8]}.lost"
    with declared_for_test(kind, model=ParcelShipped):
        declare(kind, ParcelShipped, description="again, the same", example={})
        with pytest.raises(ValueError, match="already declared"):
            declare(kind, ParcelShippedV2, description="another model", example={})
    with pytest.raises(UndeclaredEventType):
        lookup(kind)  # gone with the test


def test_the_check_names_the_version_it_writes(parcel_type: str) -> None:
    assert check_event(parcel_type, {"parcel_id": USER, "weight_grams": 1}) == 1
    assert check_event("user.logged_in", {"user_id": USER, "session_id": USER, "ip": "::1"}) == 1
