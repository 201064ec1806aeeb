"""Inventory rules: stock of sellable units per location, changed only through movements of
an append-only ledger, and reservations that hold stock for a while.

A *sellable unit* is what the catalog sells: a plain product or one variant, named by its
product id (`catalog.get_sellable_unit`). Every change of a level is one conditional
statement (`repository`), so stock is never taken twice, and levels are changed in
primary-key order (location, product), so operations never deadlock. Each operation appends
its movements, an audit row and an `inventory.updated` event in the caller's transaction;
`inventory.low_stock` is published when a level's available quantity falls to its threshold.

`reserve`, `release_reservation`, `commit_reservation`, `sell_reserved` and `expire_overdue`
are what other domains (orders) call, with their unit of work: a refusal raises before
anything is held, and the caller's transaction rolls back with it. A reservation made for an
order names it as its `owner`; releasing, committing or selling it then needs that owner
(409 `reservation_owned_by_order` for anyone else, the public endpoints included), so the
order's stock moves only through its fulfilment and cancellation."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from olympus.commerce.catalog import service as catalog
from olympus.commerce.inventory import locks, repository
from olympus.commerce.inventory.errors import (
    InsufficientStock,
    ReservationExpired,
    ReservationNotActive,
    ReservationNotFound,
    ReservationOwnedByOrder,
    SameLocation,
)
from olympus.commerce.inventory.models import (
    MovementKind,
    ReservationOwnerKind,
    ReservationStatus,
    StockMovement,
)
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations

STOCK = "stock"
RESERVATION = "reservation"
EXPIRED_REASON = "expired"
SWEEP_BATCH = 500
BULK_CHUNK = 500


# --- what the service answers -----------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    location_id: uuid.UUID
    on_hand: int
    reserved: int
    low_stock_threshold: int | None = None

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True)
class Stock:
    """A unit's levels, per location (only those the caller may see)."""

    product_id: uuid.UUID
    locations: list[Level]

    @property
    def on_hand(self) -> int:
        return sum(level.on_hand for level in self.locations)

    @property
    def reserved(self) -> int:
        return sum(level.reserved for level in self.locations)

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True)
class Movement:
    id: uuid.UUID
    product_id: uuid.UUID
    location_id: uuid.UUID
    kind: str
    on_hand_delta: int
    reserved_delta: int
    on_hand_after: int
    reserved_after: int
    reason: str
    actor_id: uuid.UUID | None
    reference_id: uuid.UUID | None
    created_at: datetime

    @property
    def available_after(self) -> int:
        return self.on_hand_after - self.reserved_after


@dataclass(frozen=True)
class Transfer:
    id: uuid.UUID
    product_id: uuid.UUID
    from_level: Level
    to_level: Level
    quantity: int
    reason: str
    created_at: datetime


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


@dataclass(frozen=True)
class LedgerDifference:
    location_id: uuid.UUID
    product_id: uuid.UUID
    level: tuple[int, int]  # (on_hand, reserved) as stored
    ledger: tuple[int, int]  # the same, summed from the movements


# --- an operation: the movements it appends, its audit row and events -----------------------


@dataclass
class _Operation:
    uow: WriteUnitOfWork
    reason: str = ""
    reference_id: uuid.UUID | None = None
    movements: list[dict[str, Any]] = field(default_factory=list)
    levels: dict[tuple[uuid.UUID, uuid.UUID], Row[Any]] = field(default_factory=dict)

    def moved(
        self,
        kind: MovementKind,
        location_id: uuid.UUID,
        product_id: uuid.UUID,
        after: Any,
        *,
        on_hand: int = 0,
        reserved: int = 0,
        reference_id: uuid.UUID | None = None,
        reason: str | None = None,
    ) -> dict[str, Any]:
        movement = {
            "id": new_id(),
            "location_id": location_id,
            "product_id": product_id,
            "kind": kind.value,
            "on_hand_delta": on_hand,
            "reserved_delta": reserved,
            "on_hand_after": after.on_hand,
            "reserved_after": after.reserved,
            "reason": self.reason if reason is None else reason,
            "reference_id": reference_id or self.reference_id,
        }
        self.movements.append(movement)
        self.levels[(location_id, product_id)] = after
        _check_low_stock(self.uow, location_id, product_id, after, on_hand - reserved)
        return movement

    async def finish(
        self, action: str, target_type: str, target_id: uuid.UUID, changes: dict[str, Any]
    ) -> datetime:
        uow = self.uow
        now = uow.clock.now()
        await repository.add_movements(uow, self.movements, created_at=now, actor_id=uow.actor_id)
        audit.record(
            uow, action=action, target_type=target_type, target_id=target_id, changes=changes
        )
        record_event(
            uow,
            "inventory.updated",
            {
                "cause": action,
                "reference_id": _text(self.reference_id or target_id),
                "levels": [
                    {
                        "product_id": str(product_id),
                        "location_id": str(location_id),
                        "on_hand": after.on_hand,
                        "reserved": after.reserved,
                        "available": after.on_hand - after.reserved,
                    }
                    for (location_id, product_id), after in sorted(self.levels.items())
                ],
            },
        )
        return now


def _text(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _check_low_stock(
    uow: WriteUnitOfWork,
    location_id: uuid.UUID,
    product_id: uuid.UUID,
    after: Any,
    available_delta: int,
) -> None:
    """`inventory.low_stock` once, when available crosses from above the threshold to at or
    below it; not again until it has risen above."""
    threshold = after.low_stock_threshold
    if threshold is None:
        return
    now_available = after.on_hand - after.reserved
    if now_available <= threshold < now_available - available_delta:
        _record_low_stock(uow, location_id, product_id, now_available, threshold)


def _record_low_stock(
    uow: WriteUnitOfWork,
    location_id: uuid.UUID,
    product_id: uuid.UUID,
    available: int,
    threshold: int,
) -> None:
    record_event(
        uow,
        "inventory.low_stock",
        {
            "product_id": str(product_id),
            "location_id": str(location_id),
            "available": available,
            "threshold": threshold,
        },
    )


def _level(location_id: uuid.UUID, row: Row[Any]) -> Level:
    return Level(location_id, row.on_hand, row.reserved, row.low_stock_threshold)


async def _available(uow: ReadUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID) -> int:
    rows = await repository.levels_of(uow, product_id, frozenset({location_id}))
    return rows[0].on_hand - rows[0].reserved if rows else 0


async def _short(
    uow: ReadUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID, requested: int
) -> InsufficientStock:
    available = await _available(uow, location_id, product_id)
    return InsufficientStock(
        f"Only {available} available at this location, {requested} asked for",
        product_id=product_id,
        location_id=location_id,
        requested=requested,
        available=available,
    )


# --- reading ----------------------------------------------------------------------------------


async def get_stock(
    uow: ReadUnitOfWork, product_id: uuid.UUID, *, visible: frozenset[uuid.UUID] | None = None
) -> Stock:
    """The unit's stock at every location (at `visible` ones only, when given): 404 for an
    unknown product, 409 `product_not_sellable` for a product with variants."""
    unit = await catalog.get_sellable_unit(uow, product_id)
    rows = await repository.levels_of(uow, unit.id, visible)
    return Stock(unit.id, [_level(row.location_id, row) for row in rows])


async def list_movements(
    uow: ReadUnitOfWork,
    product_id: uuid.UUID,
    *,
    page: PageParams,
    location_id: uuid.UUID | None = None,
    visible: frozenset[uuid.UUID] | None = None,
) -> tuple[list[Movement], str | None]:
    """The unit's ledger, newest first; at one location, or at the `visible` ones."""
    unit = await catalog.get_sellable_unit(uow, product_id)
    if location_id is not None:
        await locations.get_location(uow, location_id, visible=visible)
    stmt = sa.select(StockMovement).where(StockMovement.product_id == unit.id)
    if location_id is not None:
        stmt = stmt.where(StockMovement.location_id == location_id)
    elif visible is not None:
        stmt = stmt.where(StockMovement.location_id.in_(sorted(visible)))
    rows, cursor = await fetch_page(uow.session, stmt, page, StockMovement.id, newest_first=True)
    return [_movement(row) for row in rows], cursor


def _movement(row: Any) -> Movement:
    return Movement(
        id=row.id,
        product_id=row.product_id,
        location_id=row.location_id,
        kind=row.kind,
        on_hand_delta=row.on_hand_delta,
        reserved_delta=row.reserved_delta,
        on_hand_after=row.on_hand_after,
        reserved_after=row.reserved_after,
        reason=row.reason,
        actor_id=row.actor_id,
        reference_id=row.reference_id,
        created_at=row.created_at,
    )


def stocked_at(uow: ReadUnitOfWork, location_id: uuid.UUID) -> sa.Select[Any]:
    """A statement selecting the ids of the units with stock on hand at the location (the
    catalog's `location_id` filter), bound to the unit of work's tenant."""
    return repository.stocked_at(uow.require_tenant(), location_id)


# --- changing levels --------------------------------------------------------------------------


async def adjust(
    uow: WriteUnitOfWork,
    product_id: uuid.UUID,
    *,
    location_id: uuid.UUID,
    delta: int,
    reason: str,
) -> Movement:
    """A correction of what is on hand (a count, damage, a find): `delta` units more or
    fewer. Fewer than available (on hand and not reserved) answers 409
    `insufficient_stock` and changes nothing."""
    if delta == 0:
        raise ValueError("an adjustment moves at least one unit")
    unit = await catalog.get_sellable_unit(uow, product_id)
    await locations.get_active_location(uow, location_id)
    if delta > 0:
        after = await repository.add_on_hand(uow, location_id, unit.id, delta)
    else:
        taken = await repository.take_on_hand(uow, location_id, unit.id, -delta)
        if taken is None:
            raise await _short(uow, location_id, unit.id, -delta)
        after = taken
    operation = _Operation(uow, reason=reason)
    movement = operation.moved(MovementKind.ADJUSTMENT, location_id, unit.id, after, on_hand=delta)
    now = await operation.finish(
        "inventory.adjusted",
        STOCK,
        unit.id,
        {
            "location_id": str(location_id),
            "delta": delta,
            "reason": reason,
            "on_hand": after.on_hand,
            "reserved": after.reserved,
        },
    )
    return Movement(**movement, actor_id=uow.actor_id, created_at=now)


async def receive(
    uow: WriteUnitOfWork,
    product_id: uuid.UUID,
    *,
    location_id: uuid.UUID,
    quantity: int,
    reason: str = "",
    reference_id: uuid.UUID | None = None,
) -> Movement:
    """Goods arrived at a location (a delivery, a return to stock): a receipt movement."""
    if quantity <= 0:
        raise ValueError("a receipt brings at least one unit")
    unit = await catalog.get_sellable_unit(uow, product_id)
    await locations.get_active_location(uow, location_id)
    after = await repository.add_on_hand(uow, location_id, unit.id, quantity)
    operation = _Operation(uow, reason=reason, reference_id=reference_id)
    movement = operation.moved(MovementKind.RECEIPT, location_id, unit.id, after, on_hand=quantity)
    now = await operation.finish(
        "inventory.received",
        STOCK,
        unit.id,
        {"location_id": str(location_id), "quantity": quantity, "reason": reason},
    )
    return Movement(**movement, actor_id=uow.actor_id, created_at=now)


async def transfer(
    uow: WriteUnitOfWork,
    product_id: uuid.UUID,
    *,
    from_location_id: uuid.UUID,
    to_location_id: uuid.UUID,
    quantity: int,
    reason: str = "",
) -> Transfer:
    """Move available units from one location to another, as one operation: both levels
    change or neither (409 `insufficient_stock` when the source has fewer available)."""
    if from_location_id == to_location_id:
        raise SameLocation("A transfer goes from one location to another")
    if quantity <= 0:
        raise ValueError("a transfer moves at least one unit")
    unit = await catalog.get_sellable_unit(uow, product_id)
    await locations.get_active_location(uow, from_location_id)
    await locations.get_active_location(uow, to_location_id)
    transfer_id = new_id()
    operation = _Operation(uow, reason=reason, reference_id=transfer_id)
    afters: dict[uuid.UUID, Row[Any]] = {}
    # The two levels in key order (location, then product): two transfers in opposite
    # directions lock them in the same order and so never deadlock.
    async with uow.session.begin_nested():
        for location_id in sorted((from_location_id, to_location_id)):
            if location_id == from_location_id:
                taken = await repository.take_on_hand(uow, location_id, unit.id, quantity)
                if taken is None:
                    raise await _short(uow, location_id, unit.id, quantity)
                afters[location_id] = taken
            else:
                afters[location_id] = await repository.add_on_hand(
                    uow, location_id, unit.id, quantity
                )
    operation.moved(
        MovementKind.TRANSFER_OUT,
        from_location_id,
        unit.id,
        afters[from_location_id],
        on_hand=-quantity,
    )
    operation.moved(
        MovementKind.TRANSFER_IN, to_location_id, unit.id, afters[to_location_id], on_hand=quantity
    )
    now = await operation.finish(
        "inventory.transferred",
        STOCK,
        unit.id,
        {
            "transfer_id": str(transfer_id),
            "from_location_id": str(from_location_id),
            "to_location_id": str(to_location_id),
            "quantity": quantity,
            "reason": reason,
        },
    )
    return Transfer(
        id=transfer_id,
        product_id=unit.id,
        from_level=_level(from_location_id, afters[from_location_id]),
        to_level=_level(to_location_id, afters[to_location_id]),
        quantity=quantity,
        reason=reason,
        created_at=now,
    )


async def set_threshold(
    uow: WriteUnitOfWork, product_id: uuid.UUID, location_id: uuid.UUID, *, threshold: int | None
) -> Level:
    """The level under which `inventory.low_stock` is published (None: never). A threshold
    that the available quantity is already at or below publishes it at once, unless the
    previous one already had."""
    unit = await catalog.get_sellable_unit(uow, product_id)
    await locations.get_active_location(uow, location_id)
    row = await locks.hold_level(uow, location_id, unit.id)
    previous = row.low_stock_threshold
    available = row.on_hand - row.reserved
    if previous != threshold:
        await repository.set_threshold(uow, location_id, unit.id, threshold)
        was_low = previous is not None and available <= previous
        if threshold is not None and available <= threshold and not was_low:
            _record_low_stock(uow, location_id, unit.id, available, threshold)
        audit.record(
            uow,
            action="inventory.threshold_set",
            target_type=STOCK,
            target_id=unit.id,
            changes={
                "location_id": str(location_id),
                "low_stock_threshold": {"from": previous, "to": threshold},
            },
        )
    return Level(location_id, row.on_hand, row.reserved, threshold)


# --- reservations -----------------------------------------------------------------------------


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
                refusal = await _short(uow, location_id, product_id, quantity)
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
                raise await _short(uow, location_id, product_id, quantity)
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
    `units_checked`: the caller has just read every unit from the catalog (an order that
    priced them), so they are not looked up again. `rolls_back_on_refusal`: the caller's
    transaction rolls back on a refusal (a request's does), so the lines are held without a
    savepoint (a refusal gives back the lines held before it by hand). `owner`: the order
    the stock is held for; then only it may release, commit or sell it."""
    merged = _merged(lines)
    if not merged:
        raise ValueError("a reservation has at least one line")
    await locations.get_active_location(uow, location_id)
    for product_id, _ in [] if units_checked else merged:
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
    operation = _Operation(uow, reason=reason, reference_id=reservation_id)
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
    operation = _Operation(uow, reason=reason, reference_id=reservation_id)
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
    operation = _Operation(uow, reason=reason, reference_id=reservation_id)
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


async def expire_overdue(
    uow: WriteUnitOfWork,
    *,
    limit: int = SWEEP_BATCH,
    location_id: uuid.UUID | None = None,
    product_ids: Sequence[uuid.UUID] = (),
) -> int:
    """Expire the tenant's active reservations past their time (at most `limit`), returning
    their stock (release movements, reason `expired`); how many expired. `location_id` and
    `product_ids` narrow it to those holding some of these units there."""
    expired = await repository.expire_due(
        uow, limit=limit, location_id=location_id, product_ids=product_ids
    )
    if not expired:
        return 0
    location_of = {row.id: row.location_id for row in expired}
    lines = await repository.lines_of(uow, sorted(location_of))
    # One statement per level, in key order, for all the reservations together.
    per_level: dict[tuple[uuid.UUID, uuid.UUID], list[Row[Any]]] = defaultdict(list)
    for line in lines:
        per_level[(location_of[line.reservation_id], line.product_id)].append(line)
    operation = _Operation(uow, reason=EXPIRED_REASON)
    for (level_location, product_id), held in sorted(per_level.items()):
        total = sum(line.quantity for line in held)
        after = await repository.unhold(uow, level_location, product_id, total, sold=False)
        if after is None:
            raise RuntimeError(f"expired reservations hold more than the level {product_id}")
        reserved = after.reserved + total
        for line in held:
            reserved -= line.quantity
            step = _Step(after.on_hand, reserved, after.low_stock_threshold)
            operation.moved(
                MovementKind.RELEASE,
                level_location,
                product_id,
                step,
                reserved=-line.quantity,
                reference_id=line.reservation_id,
            )
    for reservation_id in sorted(location_of):
        audit.record(
            uow,
            action="inventory.reservation_expired",
            target_type=RESERVATION,
            target_id=reservation_id,
            changes={"status": {"from": "active", "to": "expired"}},
        )
    await operation.finish(
        "inventory.reservations_expired",
        RESERVATION,
        min(location_of),
        {"reservations": [str(r) for r in sorted(location_of)]},
    )
    return len(expired)


@dataclass(frozen=True)
class _Step:
    """A level after one of several movements made by one statement."""

    on_hand: int
    reserved: int
    low_stock_threshold: int | None


async def tenants_with_overdue_reservations(
    uow: ReadUnitOfWork, *, limit: int = 100
) -> list[uuid.UUID]:
    """For the sweeper, in a system unit of work: the tenants with reservations to expire."""
    return await repository.tenants_with_due_reservations(uow, uow.clock.now(), limit)


# --- bulk and checks --------------------------------------------------------------------------


async def receive_in_bulk(
    uow: WriteUnitOfWork,
    levels: Sequence[tuple[uuid.UUID, uuid.UUID, int]],
    *,
    reason: str = "initial stock",
) -> int:
    """Receive many units at once ((product id, location id, quantity), each quantity > 0):
    the levels and their receipt movements in a few statements per 500 levels. For demo
    data and imports: the caller names sellable units of the tenant at its locations (the
    foreign keys refuse anything else). Returns how many levels changed."""
    totals: dict[tuple[uuid.UUID, uuid.UUID], int] = defaultdict(int)
    for product_id, location_id, quantity in levels:
        if quantity <= 0:
            raise ValueError("a receipt brings at least one unit")
        totals[(location_id, product_id)] += quantity
    keys = sorted(totals)
    now = uow.clock.now()
    for start in range(0, len(keys), BULK_CHUNK):
        chunk = keys[start : start + BULK_CHUNK]
        rows = [
            {"location_id": loc, "product_id": pid, "quantity": totals[(loc, pid)]}
            for loc, pid in chunk
        ]
        afters = await repository.receive_many(uow, rows)
        movements = [
            {
                "id": new_id(),
                "location_id": after.location_id,
                "product_id": after.product_id,
                "kind": MovementKind.RECEIPT.value,
                "on_hand_delta": totals[(after.location_id, after.product_id)],
                "reserved_delta": 0,
                "on_hand_after": after.on_hand,
                "reserved_after": after.reserved,
                "reason": reason,
                "reference_id": None,
            }
            for after in afters
        ]
        await repository.add_movements(uow, movements, created_at=now, actor_id=uow.actor_id)
    if keys:
        audit.record(
            uow,
            action="inventory.received_in_bulk",
            target_type=STOCK,
            target_id="bulk",
            changes={"levels": len(keys), "units": sum(totals.values()), "reason": reason},
        )
        record_event(
            uow,
            "inventory.updated",
            {"cause": "inventory.received_in_bulk", "reference_id": None, "levels": len(keys)},
        )
    return len(keys)


async def check_ledger(uow: ReadUnitOfWork) -> list[LedgerDifference]:
    """Recompute every level of the tenant from its ledger; the levels that differ."""
    stored = {
        (r.location_id, r.product_id): (r.on_hand, r.reserved)
        for r in await repository.all_levels(uow)
    }
    summed = {
        (r.location_id, r.product_id): (int(r.on_hand), int(r.reserved))
        for r in await repository.ledger_sums(uow)
    }
    return [
        LedgerDifference(key[0], key[1], stored.get(key, (0, 0)), summed.get(key, (0, 0)))
        for key in sorted(stored.keys() | summed.keys())
        if stored.get(key, (0, 0)) != summed.get(key, (0, 0))
    ]


async def stocked_units(
    uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """The (product id, location id) pairs among `product_ids` that have a stock level."""
    return await repository.levels_among(uow, product_ids)


# --- history written in bulk (demo data, imports) ----------------------------------------------

# What a reservation of the past may have ended as: it holds nothing any more.
HISTORY_STATUSES = frozenset({ReservationStatus.COMMITTED, ReservationStatus.RELEASED})


@dataclass(frozen=True, slots=True)
class HistoryReservation:
    """A reservation of the past: its lines ((unit, quantity), one per unit) were held at
    `created_at` and sold (`committed`) or given back (`released`) at `ended_at`."""

    id: uuid.UUID
    location_id: uuid.UUID
    status: ReservationStatus
    lines: Sequence[tuple[uuid.UUID, int]]
    reason: str
    created_at: datetime
    ended_at: datetime
    expires_at: datetime


async def bulk_insert_history(
    uow: WriteUnitOfWork, reservations: Sequence[HistoryReservation]
) -> int:
    """Write reservations of the past, set-based. They ended before today, so they hold no
    stock, and their movements are not written: the levels are today's counts, and the
    ledger still sums to them (`olympus inventory check` agrees). Past business: no events,
    no audit rows. Answers how many were written."""
    rows: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    for held in reservations:
        if held.status not in HISTORY_STATUSES:
            raise ValueError(f"a reservation of the past can't still be {held.status}")
        if not held.lines or held.ended_at < held.created_at:
            raise ValueError(f"reservation {held.id}: no lines, or it ended before it began")
        seen: set[uuid.UUID] = set()
        for product_id, quantity in held.lines:
            if quantity < 1 or product_id in seen:
                raise ValueError(f"reservation {held.id}: one line per unit, each at least 1")
            seen.add(product_id)
            lines.append((held.id, product_id, quantity))
        rows.append(
            (
                held.id, held.location_id, held.status.value, held.reason, None,
                held.expires_at, held.created_at, held.ended_at,
            )
        )  # fmt: skip
    await repository.add_history(uow, reservations=rows, lines=lines)
    return len(rows)
