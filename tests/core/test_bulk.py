"""`core.bulk.insert_rows` on both backends: rows land in the unit of work's tenant only (the
rows can't name another), JSON columns take Python values, the table's constraints still
hold (a refused row leaves nothing of the batch), and it can run twice in one transaction."""

import uuid
from datetime import UTC, datetime
from typing import Any, cast

import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.core import bulk
from olympus.core.clock import Clock
from olympus.platform.locations.models import Location
from tests.fixtures.accounts import TenantFactory

COLUMNS = ("id", "name", "code", "kind", "address", "timezone", "currency", "status",
           "created_at", "updated_at")  # fmt: skip
LOCATIONS = cast(sa.Table, Location.__table__)


def _rows(count: int, prefix: str) -> list[tuple[Any, ...]]:
    now = datetime(2025, 6, 1, 12, tzinfo=UTC)
    return [
        (uuid.uuid4(), f"Shop {n}", f"{prefix}{n}", "store", {"city": "Lyon", "n": n},
         "Europe/Paris", "EUR", "active", now, now)
        for n in range(count)
    ]  # fmt: skip


async def _codes(app: FastAPI, tenant_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    async with app.state.db.unit_of_work(clock=Clock(), tenant_id=tenant_id, write=False) as uow:
        found = (await uow.session.scalars(sa.select(Location))).all()
        return {loc.code: loc.address for loc in found}


async def test_rows_go_to_the_unit_of_works_tenant(
    app: FastAPI, make_tenant: TenantFactory
) -> None:
    mine, theirs = await make_tenant(), await make_tenant()
    async with app.state.db.unit_of_work(clock=Clock(), tenant_id=mine.id) as uow:
        assert await bulk.insert_rows(uow, LOCATIONS, COLUMNS, _rows(3000, "B")) == 3000
        assert await bulk.insert_rows(uow, LOCATIONS, COLUMNS, iter(_rows(2, "C"))) == 2
    codes = await _codes(app, mine.id)
    assert len([c for c in codes if c.startswith(("B", "C"))]) == 3002
    assert codes["B7"] == {"city": "Lyon", "n": 7}
    assert not [c for c in await _codes(app, theirs.id) if c.startswith(("B", "C"))]


async def test_a_refused_row_leaves_nothing_and_tenant_id_is_not_the_rows(
    app: FastAPI, make_tenant: TenantFactory
) -> None:
    tenant = await make_tenant()
    rows = _rows(10, "D")
    rows[7] = (*rows[7][:3], "spaceship", *rows[7][4:])  # breaks the kind's CHECK
    with pytest.raises(sa.exc.IntegrityError):
        async with app.state.db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            await bulk.insert_rows(uow, LOCATIONS, COLUMNS, rows)
    assert not [c for c in await _codes(app, tenant.id) if c.startswith("D")]
    async with app.state.db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
        with pytest.raises(ValueError, match="tenant_id"):
            await bulk.insert_rows(uow, LOCATIONS, ("tenant_id", *COLUMNS), [])
        with pytest.raises(ValueError, match="no column"):
            await bulk.insert_rows(uow, LOCATIONS, ("colour",), [])
