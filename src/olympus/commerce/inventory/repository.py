"""Core statements of the inventory: every change of a level is ONE conditional statement
(`UPDATE ... WHERE on_hand - reserved >= :q RETURNING ...`, or an upsert for additions), so
concurrent operations can't take more than is there; the row lock each statement takes is
held to the end of the transaction, and levels are always changed in primary-key order
(location, then product), so operations that change several levels never deadlock. Every
statement binds `tenant_id` itself."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from olympus.commerce.inventory.models import (
    Reservation,
    ReservationLine,
    ReservationStatus,
    StockLevel,
    StockMovement,
)
from olympus.core import bulk
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork

_LEVELS = cast(sa.Table, StockLevel.__table__)
_MOVEMENTS = cast(sa.Table, StockMovement.__table__)
_RESERVATIONS = cast(sa.Table, Reservation.__table__)
_LINES = cast(sa.Table, ReservationLine.__table__)
_LEVEL_KEY = (_LEVELS.c.tenant_id, _LEVELS.c.location_id, _LEVELS.c.product_id)
# What a change of a level answers: the quantities after it and the low-stock threshold.
_LEVEL_AFTER = (_LEVELS.c.on_hand, _LEVELS.c.reserved, _LEVELS.c.low_stock_threshold)
_ACTIVE = ReservationStatus.ACTIVE.value


def _tenant_param(table: sa.Table) -> sa.BindParameter[Any]:
    """`tenant_id` bound per call: every insert built once names it."""
    return sa.bindparam("tenant_id", type_=table.c.tenant_id.type)


# Built once (the hot path of every sale): values go in as parameters, so SQLAlchemy neither
# builds these statements nor computes their cache keys per call.
_INSERT_MOVEMENTS = sa.insert(_MOVEMENTS).values(tenant_id=_tenant_param(_MOVEMENTS))
_INSERT_RESERVATION = sa.insert(_RESERVATIONS).values(tenant_id=_tenant_param(_RESERVATIONS))
_INSERT_LINES = sa.insert(_LINES).values(tenant_id=_tenant_param(_LINES))


def _param(name: str, column: sa.Column[Any]) -> sa.BindParameter[Any]:
    return sa.bindparam(f"k_{name}", type_=column.type)


_HOLD = (
    sa.update(_LEVELS)
    .where(
        _LEVELS.c.tenant_id == _param("tenant_id", _LEVELS.c.tenant_id),
        _LEVELS.c.location_id == _param("location_id", _LEVELS.c.location_id),
        _LEVELS.c.product_id == _param("product_id", _LEVELS.c.product_id),
        _LEVELS.c.on_hand - _LEVELS.c.reserved >= _param("quantity", _LEVELS.c.reserved),
    )
    .values(
        reserved=_LEVELS.c.reserved + _param("quantity", _LEVELS.c.reserved),
        updated_at=_param("updated_at", _LEVELS.c.updated_at),
    )
    .returning(*_LEVEL_AFTER)
)


def _available() -> sa.ColumnElement[Any]:
    return _LEVELS.c.on_hand - _LEVELS.c.reserved


def upsert(conn: AsyncConnection) -> Any:
    """The dialect's INSERT, which has ON CONFLICT."""
    return postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert


async def _one(uow: ReadUnitOfWork, stmt: Any) -> Row[Any] | None:
    conn = await uow.session.connection()
    return (await conn.execute(stmt)).one_or_none()


# --- levels -----------------------------------------------------------------------------------


async def add_on_hand(
    uow: WriteUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID, quantity: int
) -> Row[Any]:
    """`on_hand + quantity` (quantity > 0), the level made if it is new."""
    conn = await uow.session.connection()
    insert = upsert(conn)(_LEVELS).values(
        tenant_id=uow.require_tenant(),
        location_id=location_id,
        product_id=product_id,
        on_hand=quantity,
        reserved=0,
        updated_at=uow.clock.now(),
    )
    stmt = insert.on_conflict_do_update(
        index_elements=list(_LEVEL_KEY),
        set_={
            "on_hand": _LEVELS.c.on_hand + insert.excluded.on_hand,
            "updated_at": insert.excluded.updated_at,
        },
    ).returning(*_LEVEL_AFTER)
    return (await conn.execute(stmt)).one()


def _change(uow: WriteUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID) -> sa.Update:
    return sa.update(_LEVELS).where(
        _LEVELS.c.tenant_id == uow.require_tenant(),
        _LEVELS.c.location_id == location_id,
        _LEVELS.c.product_id == product_id,
    )


async def take_on_hand(
    uow: WriteUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID, quantity: int
) -> Row[Any] | None:
    """`on_hand - quantity` if that much is available (not reserved); None otherwise."""
    stmt = (
        _change(uow, location_id, product_id)
        .where(_available() >= quantity)
        .values(on_hand=_LEVELS.c.on_hand - quantity, updated_at=uow.clock.now())
        .returning(*_LEVEL_AFTER)
    )
    return await _one(uow, stmt)


async def hold(
    uow: WriteUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID, quantity: int
) -> Row[Any] | None:
    """`reserved + quantity` if that much is available; None otherwise."""
    conn = await uow.session.connection()
    params = {
        "k_tenant_id": uow.require_tenant(),
        "k_location_id": location_id,
        "k_product_id": product_id,
        "k_quantity": quantity,
        "k_updated_at": uow.clock.now(),
    }
    return (await conn.execute(_HOLD, params)).one_or_none()


async def unhold(
    uow: WriteUnitOfWork,
    location_id: uuid.UUID,
    product_id: uuid.UUID,
    quantity: int,
    *,
    sold: bool,
) -> Row[Any] | None:
    """`reserved - quantity`, and `on_hand - quantity` too when the held stock is `sold`;
    None if the level does not hold that much (which the ledger rules out)."""
    values: dict[str, Any] = {
        "reserved": _LEVELS.c.reserved - quantity,
        "updated_at": uow.clock.now(),
    }
    if sold:
        values["on_hand"] = _LEVELS.c.on_hand - quantity
    stmt = (
        _change(uow, location_id, product_id)
        .where(_LEVELS.c.reserved >= quantity)
        .values(**values)
        .returning(*_LEVEL_AFTER)
    )
    return await _one(uow, stmt)


async def set_threshold(
    uow: WriteUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID, threshold: int | None
) -> None:
    await (await uow.session.connection()).execute(
        _change(uow, location_id, product_id).values(
            low_stock_threshold=threshold, updated_at=uow.clock.now()
        )
    )


async def levels_of(
    uow: ReadUnitOfWork,
    product_id: uuid.UUID,
    locations: frozenset[uuid.UUID] | None = None,
) -> Sequence[Row[Any]]:
    """The unit's levels, by location id; only at `locations` when given."""
    stmt = sa.select(_LEVELS.c.location_id, *_LEVEL_AFTER).where(
        _LEVELS.c.tenant_id == uow.require_tenant(), _LEVELS.c.product_id == product_id
    )
    if locations is not None:
        stmt = stmt.where(_LEVELS.c.location_id.in_(sorted(locations)))
    conn = await uow.session.connection()
    return (await conn.execute(stmt.order_by(_LEVELS.c.location_id))).all()


def stocked_at(tenant_id: uuid.UUID, location_id: uuid.UUID) -> sa.Select[Any]:
    """The ids of the units with stock on hand at the location."""
    return sa.select(_LEVELS.c.product_id).where(
        _LEVELS.c.tenant_id == tenant_id,
        _LEVELS.c.location_id == location_id,
        _LEVELS.c.on_hand > 0,
    )


async def all_levels(uow: ReadUnitOfWork) -> Sequence[Row[Any]]:
    conn = await uow.session.connection()
    stmt = sa.select(
        _LEVELS.c.location_id, _LEVELS.c.product_id, _LEVELS.c.on_hand, _LEVELS.c.reserved
    ).where(_LEVELS.c.tenant_id == uow.require_tenant())
    return (await conn.execute(stmt)).all()


async def ledger_sums(uow: ReadUnitOfWork) -> Sequence[Row[Any]]:
    """Per level: the sums of the ledger's deltas, and how many movements there are."""
    conn = await uow.session.connection()
    stmt = (
        sa.select(
            _MOVEMENTS.c.location_id,
            _MOVEMENTS.c.product_id,
            sa.func.sum(_MOVEMENTS.c.on_hand_delta).label("on_hand"),
            sa.func.sum(_MOVEMENTS.c.reserved_delta).label("reserved"),
            sa.func.count().label("movements"),
        )
        .where(_MOVEMENTS.c.tenant_id == uow.require_tenant())
        .group_by(_MOVEMENTS.c.location_id, _MOVEMENTS.c.product_id)
    )
    return (await conn.execute(stmt)).all()


async def receive_many(uow: WriteUnitOfWork, rows: list[dict[str, Any]]) -> Sequence[Row[Any]]:
    """`on_hand + quantity` for each of `rows` ({location_id, product_id, quantity}, each
    level once, in key order) in one statement; the levels after it."""
    conn = await uow.session.connection()
    now = uow.clock.now()
    insert = upsert(conn)(_LEVELS).values(
        [
            {
                "tenant_id": uow.require_tenant(),
                "location_id": row["location_id"],
                "product_id": row["product_id"],
                "on_hand": row["quantity"],
                "reserved": 0,
                "updated_at": now,
            }
            for row in rows
        ]
    )
    stmt = insert.on_conflict_do_update(
        index_elements=list(_LEVEL_KEY),
        set_={
            "on_hand": _LEVELS.c.on_hand + insert.excluded.on_hand,
            "updated_at": insert.excluded.updated_at,
        },
    ).returning(_LEVELS.c.location_id, _LEVELS.c.product_id, *_LEVEL_AFTER)
    return (await conn.execute(stmt)).all()


# --- the ledger -------------------------------------------------------------------------------


async def add_movements(
    uow: WriteUnitOfWork,
    rows: list[dict[str, Any]],
    *,
    created_at: datetime,
    actor_id: uuid.UUID | None,
) -> None:
    """Append movements: each row has id, location_id, product_id, kind, the deltas, the
    quantities after, reason and reference_id."""
    if not rows:
        return
    conn = await uow.session.connection()
    shared = {"tenant_id": uow.require_tenant(), "created_at": created_at, "actor_id": actor_id}
    await conn.execute(_INSERT_MOVEMENTS, [{**row, **shared} for row in rows])


# --- reservations -----------------------------------------------------------------------------


async def add_reservation(
    uow: WriteUnitOfWork, values: dict[str, Any], lines: Sequence[tuple[uuid.UUID, int]]
) -> None:
    conn = await uow.session.connection()
    tenant_id = uow.require_tenant()
    await conn.execute(_INSERT_RESERVATION, {**values, "tenant_id": tenant_id})
    await conn.execute(
        _INSERT_LINES,
        [
            {
                "tenant_id": tenant_id,
                "reservation_id": values["id"],
                "product_id": product_id,
                "quantity": quantity,
            }
            for product_id, quantity in lines
        ],
    )


async def reservation(uow: ReadUnitOfWork, reservation_id: uuid.UUID) -> Row[Any] | None:
    stmt = sa.select(_RESERVATIONS).where(
        _RESERVATIONS.c.tenant_id == uow.require_tenant(), _RESERVATIONS.c.id == reservation_id
    )
    return await _one(uow, stmt)


async def lines_of(uow: ReadUnitOfWork, reservation_ids: Sequence[uuid.UUID]) -> Sequence[Row[Any]]:
    """The lines of the reservations, by reservation and product."""
    conn = await uow.session.connection()
    stmt = (
        sa.select(_LINES.c.reservation_id, _LINES.c.product_id, _LINES.c.quantity)
        .where(
            _LINES.c.tenant_id == uow.require_tenant(),
            _LINES.c.reservation_id.in_(list(reservation_ids)),
        )
        .order_by(_LINES.c.reservation_id, _LINES.c.product_id)
    )
    return (await conn.execute(stmt)).all()


async def take_from_line(
    uow: WriteUnitOfWork, reservation_id: uuid.UUID, product_id: uuid.UUID, quantity: int
) -> int | None:
    """A reservation line holds `quantity` fewer units (part of it sold), and is gone once
    it holds none; what it holds after, or None if it held fewer than `quantity`."""
    stmt = (
        sa.update(_LINES)
        .where(
            _LINES.c.tenant_id == uow.require_tenant(),
            _LINES.c.reservation_id == reservation_id,
            _LINES.c.product_id == product_id,
            _LINES.c.quantity > quantity,
        )
        .values(quantity=_LINES.c.quantity - quantity)
        .returning(_LINES.c.quantity)
    )
    row = await _one(uow, stmt)
    if row is not None:
        return int(row.quantity)
    emptied = (
        sa.delete(_LINES)
        .where(
            _LINES.c.tenant_id == uow.require_tenant(),
            _LINES.c.reservation_id == reservation_id,
            _LINES.c.product_id == product_id,
            _LINES.c.quantity == quantity,
        )
        .returning(_LINES.c.quantity)
    )
    return None if await _one(uow, emptied) is None else 0


async def end_reservation(
    uow: WriteUnitOfWork,
    reservation_id: uuid.UUID,
    status: ReservationStatus,
    owner_id: uuid.UUID | None,
) -> Row[Any] | None:
    """Active, not yet due and owned by `owner_id` or no one (`owner_id` None: no one) →
    `status`, in one conditional statement (whoever comes second of a commit, a release and
    the sweeper changes nothing); None if it was not."""
    now = uow.clock.now()
    owners: sa.ColumnElement[bool] = _RESERVATIONS.c.owner_id.is_(None)
    if owner_id is not None:
        owners = sa.or_(owners, _RESERVATIONS.c.owner_id == owner_id)
    stmt = (
        sa.update(_RESERVATIONS)
        .where(
            _RESERVATIONS.c.tenant_id == uow.require_tenant(),
            _RESERVATIONS.c.id == reservation_id,
            _RESERVATIONS.c.status == _ACTIVE,
            _RESERVATIONS.c.expires_at > now,
            owners,
        )
        .values(status=status.value, ended_at=now)
        .returning(_RESERVATIONS.c.id, _RESERVATIONS.c.location_id)
    )
    return await _one(uow, stmt)


async def expire_due(
    uow: WriteUnitOfWork,
    *,
    limit: int,
    location_id: uuid.UUID | None = None,
    product_ids: Sequence[uuid.UUID] = (),
) -> Sequence[Row[Any]]:
    """Active reservations past their time → expired (at most `limit`, the most overdue
    first; on PostgreSQL skipping those another transaction is ending); their id and
    location. `location_id` and `product_ids` narrow it to the reservations holding some of
    those units there."""
    tenant_id = uow.require_tenant()
    now = uow.clock.now()
    due = sa.select(_RESERVATIONS.c.id).where(
        _RESERVATIONS.c.tenant_id == tenant_id,
        _RESERVATIONS.c.status == _ACTIVE,
        _RESERVATIONS.c.expires_at <= now,
    )
    if location_id is not None:
        due = due.where(_RESERVATIONS.c.location_id == location_id)
    if product_ids:
        due = due.where(
            sa.exists().where(
                _LINES.c.tenant_id == tenant_id,
                _LINES.c.reservation_id == _RESERVATIONS.c.id,
                _LINES.c.product_id.in_(list(product_ids)),
            )
        )
    due = due.order_by(_RESERVATIONS.c.expires_at).limit(limit).with_for_update(skip_locked=True)
    stmt = (
        sa.update(_RESERVATIONS)
        .where(
            _RESERVATIONS.c.tenant_id == tenant_id,
            _RESERVATIONS.c.id.in_(due.scalar_subquery()),
            _RESERVATIONS.c.status == _ACTIVE,
        )
        .values(status=ReservationStatus.EXPIRED.value, ended_at=now)
        .returning(_RESERVATIONS.c.id, _RESERVATIONS.c.location_id)
    )
    conn = await uow.session.connection()
    return (await conn.execute(stmt)).all()


async def tenants_with_due_reservations(
    uow: ReadUnitOfWork, now: datetime, limit: int
) -> list[uuid.UUID]:
    """The tenants that have overdue active reservations (a system unit of work: this is
    the sweeper's look across tenants)."""
    conn = await uow.session.connection()
    # tenant-scope: the sweeper's one look across tenants, in a system unit of work
    stmt = (
        sa.select(_RESERVATIONS.c.tenant_id)
        .where(_RESERVATIONS.c.status == _ACTIVE, _RESERVATIONS.c.expires_at <= now)
        .group_by(_RESERVATIONS.c.tenant_id)
        .limit(limit)
    )
    return list((await conn.execute(stmt)).scalars())


async def levels_among(
    uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    found: set[tuple[uuid.UUID, uuid.UUID]] = set()
    ids = list(product_ids)
    for start in range(0, len(ids), 1000):
        stmt = sa.select(StockLevel.product_id, StockLevel.location_id).where(
            StockLevel.tenant_id == uow.require_tenant(),
            StockLevel.product_id.in_(ids[start : start + 1000]),
        )
        found |= {(p, loc) for p, loc in (await uow.session.execute(stmt)).all()}
    return found


HISTORY_RESERVATION_COLUMNS = (
    "id", "location_id", "status", "reason", "actor_id", "expires_at", "created_at", "ended_at",
)  # fmt: skip
HISTORY_LINE_COLUMNS = ("reservation_id", "product_id", "quantity")


async def add_history(
    uow: WriteUnitOfWork, *, reservations: list[tuple[Any, ...]], lines: list[tuple[Any, ...]]
) -> None:
    """Reservations of the past and their lines, set-based (`core.bulk`, which binds
    `tenant_id`); each row in the order of its `HISTORY_*_COLUMNS`."""
    await bulk.insert_rows(uow, _RESERVATIONS, HISTORY_RESERVATION_COLUMNS, reservations)
    await bulk.insert_rows(uow, _LINES, HISTORY_LINE_COLUMNS, lines)
