"""Changing levels by hand: adjustments, receipts (one, or many levels at once for demo data
and imports) and the low-stock threshold."""

import uuid
from collections import defaultdict
from collections.abc import Sequence

from olympus.commerce.catalog import service as catalog
from olympus.commerce.inventory import locks, repository
from olympus.commerce.inventory.models import MovementKind
from olympus.commerce.inventory.service.ledger import Movement
from olympus.commerce.inventory.service.operation import (
    STOCK,
    Level,
    Operation,
    insufficient_stock,
    record_low_stock,
)
from olympus.core.db import WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations

BULK_CHUNK = 500


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
            raise await insufficient_stock(uow, location_id, unit.id, -delta)
        after = taken
    operation = Operation(uow, reason=reason)
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
    operation = Operation(uow, reason=reason, reference_id=reference_id)
    movement = operation.moved(MovementKind.RECEIPT, location_id, unit.id, after, on_hand=quantity)
    now = await operation.finish(
        "inventory.received",
        STOCK,
        unit.id,
        {"location_id": str(location_id), "quantity": quantity, "reason": reason},
    )
    return Movement(**movement, actor_id=uow.actor_id, created_at=now)


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
            record_low_stock(uow, location_id, unit.id, available, threshold)
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
