"""Reservations and their lines: made by statements built once (the path of every sale),
read, drawn down line by line, ended by one conditional statement, expired in batches."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Row

from olympus.commerce.inventory.models import Reservation, ReservationLine, ReservationStatus
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork

_RESERVATIONS = cast(sa.Table, Reservation.__table__)
_LINES = cast(sa.Table, ReservationLine.__table__)
_ACTIVE = ReservationStatus.ACTIVE.value


def _tenant_param(table: sa.Table) -> sa.BindParameter[Any]:
    """`tenant_id` bound per call: every insert built once names it."""
    return sa.bindparam("tenant_id", type_=table.c.tenant_id.type)


# Built once (the hot path of every sale): values go in as parameters, so SQLAlchemy neither
# builds these statements nor computes their cache keys per call.
_INSERT_RESERVATION = sa.insert(_RESERVATIONS).values(tenant_id=_tenant_param(_RESERVATIONS))
_INSERT_LINES = sa.insert(_LINES).values(tenant_id=_tenant_param(_LINES))


async def _one(uow: ReadUnitOfWork, stmt: Any) -> Row[Any] | None:
    conn = await uow.session.connection()
    return (await conn.execute(stmt)).one_or_none()


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
