"""Reservations: stock held for a while, all lines or none, for an order or for anyone;
reading one, releasing or committing it, selling part of it."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Row

from olympus.commerce.catalog import service as catalog
from olympus.commerce.inventory import repository
from olympus.commerce.inventory.errors import (
    InsufficientStock,
    ReservationExpired,
    ReservationNotActive,
    ReservationNotFound,
    ReservationOwnedByOrder,
)
from olympus.commerce.inventory.models import MovementKind, ReservationOwnerKind, ReservationStatus
from olympus.commerce.inventory.service.expiry import expire_overdue
from olympus.commerce.inventory.service.operation import RESERVATION, Operation, insufficient_stock
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.platform.locations import service as locations


@dataclass(frozen=True)
class ReservationLineView:
    product_id: uuid.UUID
    quantity: int


@dataclass(frozen=True)
class ReservationOwner:
    """What a reservation is held for: the order `id` (the only kind so far)."""

    kind: ReservationOwnerKind
    id: uuid.UUID


def order_owner(order_id: uuid.UUID) -> ReservationOwner:
    """The order `order_id` as a reservation's owner."""
    return ReservationOwner(ReservationOwnerKind.ORDER, order_id)


@dataclass(frozen=True)
class ReservationView:
    id: uuid.UUID
    location_id: uuid.UUID
    status: str
    reason: str
    expires_at: datetime
    created_at: datetime
    ended_at: datetime | None
    lines: list[ReservationLineView]
    owner: ReservationOwner | None = None


def _merged(lines: Sequence[tuple[uuid.UUID, int]]) -> list[tuple[uuid.UUID, int]]:
    """One line per unit (quantities added up), in product order: the order levels are
    locked in."""
    totals: dict[uuid.UUID, int] = defaultdict(int)
    for product_id, quantity in lines:
        if quantity <= 0:
            raise ValueError("a reservation line holds at least one unit")
        totals[product_id] += quantity
    return sorted(totals.items())


async def _hold_all(
    uow: WriteUnitOfWork,
    location_id: uuid.UUID,
    lines: list[tuple[uuid.UUID, int]],
    savepoint: bool = True,
) -> list[Row[Any]]:
    """Hold every line or none: a savepoint undoes the lines held before a refusal, or,
    without one, the lines held are given back one by one (their rows are this
    transaction's already) before the refusal is raised."""
    if len(lines) == 1 or not savepoint:
        afters: list[Row[Any]] = []
        for product_id, quantity in lines:
            after = await repository.hold(uow, location_id, product_id, quantity)
            if after is None:
                refusal = await insufficient_stock(uow, location_id, product_id, quantity)
                for held_id, held in lines[: len(afters)]:
                    await repository.unhold(uow, location_id, held_id, held, sold=False)
                raise refusal
            afters.append(after)
        return afters
    afters = []
    async with uow.session.begin_nested():
        for product_id, quantity in lines:
            after = await repository.hold(uow, location_id, product_id, quantity)
            if after is None:
                raise await insufficient_stock(uow, location_id, product_id, quantity)
            afters.append(after)
    return afters


async def reserve(
    uow: WriteUnitOfWork,
    *,
    location_id: uuid.UUID,
    lines: Sequence[tuple[uuid.UUID, int]],
    expires_in: int,
    reason: str = "",
    units_checked: bool = False,
    rolls_back_on_refusal: bool = False,
    owner: ReservationOwner | None = None,
) -> ReservationView:
    """Hold `lines` ((product id, quantity), the same unit given twice adds up) at an active
    location for `expires_in` seconds, all or nothing: a line with fewer available answers
    409 `insufficient_stock` and nothing is held. Reservations past their time that hold
    one of these units there are expired first when that is what stands in the way.
    `units_checked`: the caller has just read the location (active) and every unit from the
    catalog (an order that priced them), so they are not looked up again.
    `rolls_back_on_refusal`: the caller's transaction rolls back on a refusal (a request's
    does), so the lines are held without a savepoint (a refusal gives back the lines held
    before it by hand). `owner`: the order the stock is held for; then only it may release,
    commit or sell it."""
    merged = _merged(lines)
    if not merged:
        raise ValueError("a reservation has at least one line")
    if not units_checked:
        await locations.get_active_location(uow, location_id)
        for product_id, _ in merged:
            await catalog.get_sellable_unit(uow, product_id)
    savepoint = not rolls_back_on_refusal
    try:
        afters = await _hold_all(uow, location_id, merged, savepoint)
    except InsufficientStock:
        # Cheap only here: overdue holds are returned when they are what refuses this one.
        if not await expire_overdue(
            uow, location_id=location_id, product_ids=[p for p, _ in merged]
        ):
            raise
        afters = await _hold_all(uow, location_id, merged, savepoint)
    now = uow.clock.now()
    reservation_id = new_id()
    expires_at = now + timedelta(seconds=expires_in)
    values: dict[str, Any] = {
        "id": reservation_id,
        "location_id": location_id,
        "status": ReservationStatus.ACTIVE.value,
        "reason": reason,
        "actor_id": uow.actor_id,
        "expires_at": expires_at,
        "created_at": now,
        "ended_at": None,
        "owner_kind": None if owner is None else owner.kind.value,
        "owner_id": None if owner is None else owner.id,
    }
    await repository.add_reservation(uow, values, merged)
    operation = Operation(uow, reason=reason, reference_id=reservation_id)
    for (product_id, quantity), after in zip(merged, afters, strict=True):
        operation.moved(MovementKind.RESERVATION, location_id, product_id, after, reserved=quantity)
    await operation.finish(
        "inventory.reserved",
        RESERVATION,
        reservation_id,
        {
            "location_id": str(location_id),
            "lines": [{"product_id": str(p), "quantity": q} for p, q in merged],
            "expires_at": expires_at.isoformat(),
            **_owner_fields(owner),
        },
    )
    return ReservationView(
        id=reservation_id,
        location_id=location_id,
        status=ReservationStatus.ACTIVE.value,
        reason=reason,
        expires_at=expires_at,
        created_at=now,
        ended_at=None,
        lines=[ReservationLineView(p, q) for p, q in merged],
        owner=owner,
    )


def _owner_fields(owner: ReservationOwner | None) -> dict[str, Any]:
    if owner is None:
        return {}
    return {"owner_kind": owner.kind.value, "owner_id": str(owner.id)}


def _owner_of(row: Row[Any]) -> ReservationOwner | None:
    if row.owner_id is None:
        return None
    return ReservationOwner(ReservationOwnerKind(row.owner_kind), row.owner_id)


def _check_owner(found: ReservationOwner | None, acting: ReservationOwner | None) -> None:
    """A reservation held for an order moves only for that order (409 otherwise); one
    no one owns, for anyone."""
    if found is not None and found != acting:
        raise ReservationOwnedByOrder(
            "This reservation holds stock for an order: it is released or committed by "
            "cancelling or fulfilling the order",
            order_id=found.id,
        )


def _shown_status(row: Row[Any], now: datetime) -> str:
    """An active reservation past its time is expired, whether or not the sweeper has
    returned its stock yet."""
    if row.status == ReservationStatus.ACTIVE.value and row.expires_at <= now:
        return ReservationStatus.EXPIRED.value
    return str(row.status)


async def get_reservation(uow: ReadUnitOfWork, reservation_id: uuid.UUID) -> ReservationView:
    row = await repository.reservation(uow, reservation_id)
    if row is None:
        raise ReservationNotFound()
    lines = await repository.lines_of(uow, [reservation_id])
    return ReservationView(
        id=row.id,
        location_id=row.location_id,
        status=_shown_status(row, uow.clock.now()),
        reason=row.reason,
        expires_at=row.expires_at,
        created_at=row.created_at,
        ended_at=row.ended_at,
        lines=[ReservationLineView(line.product_id, line.quantity) for line in lines],
        owner=_owner_of(row),
    )


async def _end(
    uow: WriteUnitOfWork,
    reservation_id: uuid.UUID,
    status: ReservationStatus,
    reason: str,
    owner: ReservationOwner | None,
) -> ReservationView:
    owner_id = None if owner is None else owner.id
    ended = await repository.end_reservation(uow, reservation_id, status, owner_id)
    if ended is None:
        current = await get_reservation(uow, reservation_id)  # 404 if there is none
        _check_owner(current.owner, owner)
        if current.status == ReservationStatus.EXPIRED.value:
            raise ReservationExpired("The reservation has expired: its stock is released")
        raise ReservationNotActive(f"The reservation is {current.status}, no longer active")
    sold = status is ReservationStatus.COMMITTED
    kind = MovementKind.SALE if sold else MovementKind.RELEASE
    lines = await repository.lines_of(uow, [reservation_id])
    operation = Operation(uow, reason=reason, reference_id=reservation_id)
    for line in lines:  # in product order, as they were held
        after = await repository.unhold(
            uow, ended.location_id, line.product_id, line.quantity, sold=sold
        )
        if after is None:  # the ledger and the CHECK constraints rule this out
            raise RuntimeError(f"reservation {reservation_id} holds more than its level")
        operation.moved(
            kind,
            ended.location_id,
            line.product_id,
            after,
            on_hand=-line.quantity if sold else 0,
            reserved=-line.quantity,
        )
    action = "inventory.reservation_committed" if sold else "inventory.reservation_released"
    await operation.finish(action, RESERVATION, reservation_id, {"reason": reason})
    return await get_reservation(uow, reservation_id)


async def release_reservation(
    uow: WriteUnitOfWork,
    reservation_id: uuid.UUID,
    *,
    reason: str = "",
    owner: ReservationOwner | None = None,
) -> ReservationView:
    """Give the held stock back (a cancelled cart or order). 409 `reservation_not_active`
    if it was already committed or released, `reservation_expired` once past its time,
    `reservation_owned_by_order` if it is held for an order other than `owner` (the
    public endpoint passes none)."""
    return await _end(uow, reservation_id, ReservationStatus.RELEASED, reason, owner)


async def commit_reservation(
    uow: WriteUnitOfWork,
    reservation_id: uuid.UUID,
    *,
    reason: str = "",
    owner: ReservationOwner | None = None,
) -> ReservationView:
    """The held stock is sold: `on_hand` and `reserved` both drop (sale movements). The
    same refusals as `release_reservation`."""
    return await _end(uow, reservation_id, ReservationStatus.COMMITTED, reason, owner)


async def sell_reserved(
    uow: WriteUnitOfWork,
    reservation_id: uuid.UUID,
    *,
    lines: Sequence[tuple[uuid.UUID, int]],
    reason: str = "",
    owner: ReservationOwner | None = None,
) -> None:
    """Part of an active reservation is sold (a partial fulfilment): for each (product id,
    quantity), the reservation holds that much less, and the level's `on_hand` and
    `reserved` both drop (sale movements); a line sold out leaves the reservation, and what
    is left is committed or released as a whole later. A reservation that is not active is
    409 as in `release_reservation` (held for another `owner` too); a line it does not hold
    that much of is a ValueError."""
    row = await repository.reservation(uow, reservation_id)
    if row is None:
        raise ReservationNotFound()
    _check_owner(_owner_of(row), owner)
    if _shown_status(row, uow.clock.now()) != ReservationStatus.ACTIVE.value:
        raise ReservationNotActive(f"The reservation is {_shown_status(row, uow.clock.now())}")
    operation = Operation(uow, reason=reason, reference_id=reservation_id)
    for product_id, quantity in _merged(lines):
        if await repository.take_from_line(uow, reservation_id, product_id, quantity) is None:
            raise ValueError(f"reservation {reservation_id} holds no more than {quantity}")
        after = await repository.unhold(uow, row.location_id, product_id, quantity, sold=True)
        if after is None:  # the ledger and the CHECK constraints rule this out
            raise RuntimeError(f"reservation {reservation_id} holds more than its level")
        operation.moved(
            MovementKind.SALE,
            row.location_id,
            product_id,
            after,
            on_hand=-quantity,
            reserved=-quantity,
        )
    await operation.finish(
        "inventory.reservation_sold",
        RESERVATION,
        reservation_id,
        {"reason": reason, "lines": [{"product_id": str(p), "quantity": q} for p, q in lines]},
    )
