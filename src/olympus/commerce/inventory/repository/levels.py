"""Stock levels: each change of one is a single conditional statement (an upsert for
additions), the hold of every sale built once; reading levels."""

import uuid
from collections.abc import Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from olympus.commerce.inventory.models import StockLevel
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork

_LEVELS = cast(sa.Table, StockLevel.__table__)
_LEVEL_KEY = (_LEVELS.c.tenant_id, _LEVELS.c.location_id, _LEVELS.c.product_id)
# What a change of a level answers: the quantities after it and the low-stock threshold.
_LEVEL_AFTER = (_LEVELS.c.on_hand, _LEVELS.c.reserved, _LEVELS.c.low_stock_threshold)


def _param(name: str, column: sa.Column[Any]) -> sa.BindParameter[Any]:
    return sa.bindparam(f"k_{name}", type_=column.type)


# Built once (the hot path of every sale), like the inserts of the ledger and of reservations:
# values go in as parameters.
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
