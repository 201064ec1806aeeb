"""The inventory's service functions as other domains and the commands call them: bulk
receipts, the ledger check (and its command), the sweeper, reservations named by service."""

import asyncio
import uuid
from pathlib import Path
from typing import cast

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from typer.testing import CliRunner

from olympus.cli import app as cli
from olympus.commerce.catalog.errors import ProductNotSellable
from olympus.commerce.inventory import service
from olympus.commerce.inventory.errors import ReservationNotActive
from olympus.commerce.inventory.models import StockLevel
from olympus.config import Settings
from olympus.core.db import WriteUnitOfWork
from tests.fixtures.inventory import Inventory
from tests.fixtures.statements import own_work, statements

runner = CliRunner()


async def test_receive_in_bulk_writes_levels_and_receipts_in_a_few_statements(
    inventory: Inventory,
) -> None:
    products = [uuid.UUID(await inventory.product()) for _ in range(6)]
    places = [uuid.UUID(await inventory.location()) for _ in range(3)]
    await inventory.stocked(str(products[0]), str(places[0]), 4)  # an existing level grows
    levels = [(p, loc, 10) for p in products for loc in places]
    levels.append((products[1], places[2], 5))  # the same level twice adds up

    async def bulk(uow: WriteUnitOfWork) -> int:
        return await service.receive_in_bulk(uow, levels)

    with statements(inventory.app.state.db) as seen:
        assert await inventory.write(bulk) == 18
    writes = [s for s in own_work(seen) if "stock_" in s]
    assert len(writes) == 2, writes  # one upsert of the levels, one insert of the movements
    found = await inventory.levels()
    assert len(found) == 18
    assert found[(str(products[0]), str(places[0]))] == (14, 0)
    assert found[(str(products[1]), str(places[2]))] == (15, 0)
    receipts = [m for m in await inventory.movements() if m.kind == "receipt"]
    assert len(receipts) == 18
    assert {m.on_hand_after for m in receipts} == {10, 14, 15}
    assert await inventory.ledger_differences() == []
    (audited,) = await inventory.audit("inventory.received_in_bulk")
    assert audited.changes["units"] == 185


async def test_the_ledger_check_finds_a_level_changed_behind_its_back(
    inventory: Inventory,
) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 6)
    assert await inventory.ledger_differences() == []
    await _tamper(inventory, on_hand=9)
    (difference,) = await inventory.ledger_differences()
    assert (str(difference.product_id), str(difference.location_id)) == (product, location)
    assert (difference.level, difference.ledger) == ((9, 0), (6, 0))


async def _tamper(inventory: Inventory, **values: int) -> None:
    levels = cast(sa.Table, StockLevel.__table__)

    async def work(uow: WriteUnitOfWork) -> None:
        await uow.session.execute(
            sa.update(levels).where(levels.c.tenant_id == inventory.tenant.id).values(**values)
        )

    await inventory.write(work)


async def test_the_check_command_reports_differences_with_its_exit_status(
    inventory: Inventory, app: FastAPI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    settings: Settings = app.state.settings
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ENVIRONMENT", "test")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 6)
    slug = inventory.tenant.slug

    result = await asyncio.to_thread(runner.invoke, cli, ["inventory", "check", "--tenant", slug])
    assert result.exit_code == 0, result.output
    assert "every stock level matches its ledger" in result.output

    await _tamper(inventory, on_hand=2)
    result = await asyncio.to_thread(runner.invoke, cli, ["inventory", "check", "--tenant", slug])
    assert result.exit_code == 1, result.output
    assert f"product {product} at location {location}" in result.output
    assert "level on_hand=2 reserved=0, ledger on_hand=6 reserved=0" in result.output

    result = await asyncio.to_thread(
        runner.invoke, cli, ["inventory", "check", "--tenant", "no-such-tenant"]
    )
    assert result.exit_code == 2


async def test_the_sweeper_returns_the_stock_of_overdue_reservations(
    inventory: Inventory, app: FastAPI
) -> None:
    sweeper = app.state.reservation_sweeper
    assert sweeper._task is not None and not sweeper._task.done()  # started with the app
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 5)
    for quantity, expires_in in ((2, 30), (1, 30), (1, 3600)):
        r = await inventory.reserve(location, [(product, quantity)], expires_in=expires_in)
        assert r.status_code == 201, r.text
    inventory.clock.advance(seconds=31)
    assert await sweeper.sweep() >= 2
    assert await inventory.levels() == {(product, location): (5, 1)}
    assert sorted(r.status for r in await inventory.reservations()) == [
        "active",
        "expired",
        "expired",
    ]
    released = [m for m in await inventory.movements() if m.kind == "release"]
    assert sorted(m.reserved_delta for m in released) == [-2, -1]
    assert {m.reason for m in released} == {"expired"}
    assert len(await inventory.audit("inventory.reservation_expired")) == 2
    assert await inventory.ledger_differences() == []

    async def expire(uow: WriteUnitOfWork) -> int:
        return await service.expire_overdue(uow)

    assert await inventory.write(expire) == 0  # nothing left to expire


async def test_reserve_adds_up_a_unit_named_twice_and_refuses_a_product_with_variants(
    inventory: Inventory,
) -> None:
    product = uuid.UUID(await inventory.product())
    parent = uuid.UUID(await inventory.product(options=[{"name": "size", "values": ["S"]}]))
    await inventory.variant(str(parent), "S")
    location = uuid.UUID(await inventory.location())
    await inventory.stocked(str(product), str(location), 5)

    async def reserve(uow: WriteUnitOfWork) -> service.ReservationView:
        return await service.reserve(
            uow, location_id=location, lines=[(product, 1), (product, 2)], expires_in=60
        )

    made = await inventory.write(reserve)
    assert [(line.product_id, line.quantity) for line in made.lines] == [(product, 3)]
    assert await inventory.levels() == {(str(product), str(location)): (5, 3)}

    async def reserve_parent(uow: WriteUnitOfWork) -> service.ReservationView:
        return await service.reserve(uow, location_id=location, lines=[(parent, 1)], expires_in=9)

    with pytest.raises(ProductNotSellable):
        await inventory.write(reserve_parent)


async def test_a_receipt_is_its_own_kind_of_movement(inventory: Inventory) -> None:
    product, location = uuid.UUID(await inventory.product()), uuid.UUID(await inventory.location())
    reference = uuid.uuid4()

    async def receive(uow: WriteUnitOfWork) -> service.Movement:
        return await service.receive(
            uow,
            product,
            location_id=location,
            quantity=4,
            reason="delivery",
            reference_id=reference,
        )

    movement = await inventory.write(receive)
    assert (movement.kind, movement.on_hand_after, movement.reference_id) == (
        "receipt",
        4,
        reference,
    )
    assert await inventory.levels() == {(str(product), str(location)): (4, 0)}
    assert len(await inventory.audit("inventory.received")) == 1


async def test_a_stocked_product_or_location_cannot_be_deleted_from_under_its_stock(
    inventory: Inventory,
) -> None:
    """The catalog archives products and locations are archived, never deleted; should a
    row be deleted anyway, the stock's foreign keys refuse it."""
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 1)
    for table, key in (("products", product), ("locations", location)):

        async def delete(uow: WriteUnitOfWork, table: str = table, key: str = key) -> None:
            target = sa.table(table, sa.column("tenant_id"), sa.column("id"))
            await uow.session.execute(
                sa.delete(target).where(
                    target.c.tenant_id == inventory.tenant.id, target.c.id == uuid.UUID(key)
                )
            )

        with pytest.raises(sa.exc.IntegrityError):
            await inventory.write(delete)
    assert await inventory.levels() == {(product, location): (1, 0)}


async def test_a_reservation_is_sold_in_parts_then_committed(inventory: Inventory) -> None:
    tea, cup = await inventory.product(), await inventory.product()
    here = await inventory.location()
    await inventory.stocked(tea, here, 10)
    await inventory.stocked(cup, here, 10)
    r = await inventory.reserve(here, [(tea, 3), (cup, 2)])
    assert r.status_code == 201, r.text
    reservation = uuid.UUID(r.json()["id"])

    async def sell(lines: list[tuple[str, int]]) -> None:
        async def work(uow: WriteUnitOfWork) -> None:
            await service.sell_reserved(
                uow, reservation, lines=[(uuid.UUID(p), q) for p, q in lines], reason="part"
            )

        await inventory.write(work)

    await sell([(tea, 1)])
    await sell([(tea, 2)])  # the tea line is sold out and leaves the reservation
    assert await inventory.levels() == {(tea, here): (7, 0), (cup, here): (10, 2)}

    async def too_much(uow: WriteUnitOfWork) -> None:
        await service.sell_reserved(uow, reservation, lines=[(uuid.UUID(cup), 3)])

    with pytest.raises(ValueError):
        await inventory.write(too_much)

    async def commit(uow: WriteUnitOfWork) -> service.ReservationView:
        return await service.commit_reservation(uow, reservation, reason="rest")

    committed = await inventory.write(commit)
    assert committed.status == "committed"
    assert [(str(line.product_id), line.quantity) for line in committed.lines] == [(cup, 2)]
    assert await inventory.levels() == {(tea, here): (7, 0), (cup, here): (8, 0)}
    kinds = [(str(m.product_id), m.kind, m.on_hand_delta) for m in await inventory.movements()]
    assert [k for k in kinds if k[1] == "sale"] == [
        (tea, "sale", -1),
        (tea, "sale", -2),
        (cup, "sale", -2),
    ]
    assert await inventory.ledger_differences() == []
    with pytest.raises(ReservationNotActive):
        await sell([(cup, 1)])
