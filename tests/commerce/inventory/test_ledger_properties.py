"""Properties of the ledger: whatever sequence of operations runs (adjustments, transfers,
reservations, releases, commits, expiries, refused ones included), every level equals the sum
of its movements, `available` never goes below zero, and the levels are what a plain model
of the operations says. On PostgreSQL the ledger can't be rewritten."""

import uuid
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import DBAPIError

from olympus.commerce.inventory import service
from olympus.commerce.inventory.errors import (
    InsufficientStock,
    ReservationExpired,
    ReservationNotActive,
)
from olympus.commerce.inventory.models import StockLevel
from olympus.core.db import Database, WriteUnitOfWork
from olympus.core.errors import DomainError
from tests.fixtures.inventory import Inventory

LEVELS = cast(sa.Table, StockLevel.__table__)
PLACES = 2
UNITS = 2

operation = st.one_of(
    st.tuples(st.just("adjust"), st.integers(0, UNITS - 1), st.integers(0, PLACES - 1),
              st.integers(-6, 8).filter(bool)),
    st.tuples(st.just("transfer"), st.integers(0, UNITS - 1), st.integers(0, PLACES - 1),
              st.integers(1, 5)),
    st.tuples(st.just("reserve"), st.integers(0, UNITS - 1), st.integers(0, PLACES - 1),
              st.integers(1, 4)),
    st.tuples(st.just("release"), st.integers(0, 7), st.just(0), st.just(0)),
    st.tuples(st.just("commit"), st.integers(0, 7), st.just(0), st.just(0)),
    st.tuples(st.just("expire"), st.integers(0, 7), st.just(0), st.just(0)),
)  # fmt: skip


@dataclass
class Model:
    """What the levels should be: (unit, place) -> [on_hand, reserved]."""

    levels: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    # Reservations made: (id, unit, place, quantity, still active)
    held: list[list[Any]] = field(default_factory=list)

    def level(self, unit: int, place: int) -> list[int]:
        return self.levels.setdefault((unit, place), [0, 0])

    def available(self, unit: int, place: int) -> int:
        on_hand, reserved = self.level(unit, place)
        return on_hand - reserved


async def _apply(
    uow: WriteUnitOfWork,
    model: Model,
    op: tuple[str, int, int, int],
    units: list[uuid.UUID],
    places: list[uuid.UUID],
) -> None:
    kind, a, b, n = op
    if kind == "adjust":
        refused = n < 0 and model.available(a, b) < -n
        try:
            await service.adjust(uow, units[a], location_id=places[b], delta=n, reason="p")
        except InsufficientStock:
            assert refused
            return
        assert not refused
        model.level(a, b)[0] += n
    elif kind == "transfer":
        other = (b + 1) % PLACES
        refused = model.available(a, b) < n
        try:
            await service.transfer(
                uow, units[a], from_location_id=places[b], to_location_id=places[other], quantity=n
            )
        except InsufficientStock:
            assert refused
            return
        assert not refused
        model.level(a, b)[0] -= n
        model.level(a, other)[0] += n
    elif kind == "reserve":
        refused = model.available(a, b) < n
        try:
            made = await service.reserve(
                uow, location_id=places[b], lines=[(units[a], n)], expires_in=60
            )
        except InsufficientStock:
            assert refused
            return
        assert not refused
        model.level(a, b)[1] += n
        model.held.append([made.id, a, b, n, True])
    elif model.held:
        reservation_id, unit, place, quantity, active = model.held[a % len(model.held)]
        try:
            if kind == "release":
                await service.release_reservation(uow, reservation_id)
            elif kind == "commit":
                await service.commit_reservation(uow, reservation_id)
            else:  # its time passes; the sweeper's work is done at once
                uow.clock.advance(seconds=61)  # type: ignore[attr-defined]
                # Every active reservation is overdue now (the units are this example's).
                expired = await service.expire_overdue(uow, product_ids=units)
                assert expired == sum(1 for h in model.held if h[4])
                for entry in model.held:
                    if entry[4]:
                        model.level(entry[1], entry[2])[1] -= entry[3]
                        entry[4] = False
                return
        except (ReservationNotActive, ReservationExpired):
            assert not active
            return
        assert active
        model.held[a % len(model.held)][4] = False
        model.level(unit, place)[1] -= quantity
        if kind == "commit":
            model.level(unit, place)[0] -= quantity


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, min_size=1, max_size=25))
async def test_levels_always_equal_the_ledger_and_never_go_below_zero(
    inventory: Inventory, ops: list[tuple[str, int, int, int]]
) -> None:
    units = [uuid.UUID(await inventory.product()) for _ in range(UNITS)]
    places = [uuid.UUID(await inventory.location()) for _ in range(PLACES)]
    model = Model()
    start = inventory.clock.offset
    try:
        for op in ops:
            # Each operation in its own transaction, as requests run; a refusal rolls back.
            try:
                async with inventory.app.state.db.unit_of_work(
                    clock=inventory.clock, tenant_id=inventory.tenant.id
                ) as uow:
                    await _apply(uow, model, op, units, places)
            except DomainError:
                pass
            levels = await inventory.levels()
            for (unit, place), (on_hand, reserved) in model.levels.items():
                found = levels.get((str(units[unit]), str(places[place])), (0, 0))
                assert found == (on_hand, reserved), (op, model.levels)
            assert all(0 <= reserved <= on_hand for on_hand, reserved in levels.values())
        assert await inventory.ledger_differences() == []
    finally:
        inventory.clock.offset = start


async def test_the_ledger_is_append_only_on_postgresql(
    inventory: Inventory, is_postgres: bool, db: Database
) -> None:
    if not is_postgres:
        pytest.skip("the append-only trigger is PostgreSQL's")
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 3)
    async with db.engine.connect() as conn:
        for statement in (
            "UPDATE stock_movements SET on_hand_delta = 100",
            "DELETE FROM stock_movements",
            "TRUNCATE stock_movements",
        ):
            await conn.execute(
                sa.text("SELECT set_config('olympus.tenant_id', :t, true)"),
                {"t": str(inventory.tenant.id)},
            )
            with pytest.raises(DBAPIError, match=r"append-only|permission denied"):
                await conn.execute(sa.text(statement))
            await conn.rollback()
    assert [m.on_hand_delta for m in await inventory.movements()] == [3]


async def test_levels_below_zero_are_refused_by_the_database(inventory: Inventory) -> None:
    """The last line of defence, should a statement ever forget its condition."""
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 2)
    for values in ({"on_hand": -1, "reserved": 0}, {"on_hand": 2, "reserved": 3}):
        with pytest.raises(sa.exc.IntegrityError):

            async def tamper(uow: WriteUnitOfWork, values: dict[str, int] = values) -> None:
                await uow.session.execute(
                    sa.update(LEVELS)
                    .where(LEVELS.c.tenant_id == inventory.tenant.id)
                    .values(**values)
                )

            await inventory.write(tamper)
    assert await inventory.levels() == {(product, location): (2, 0)}
