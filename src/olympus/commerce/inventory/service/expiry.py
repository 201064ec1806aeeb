"""Expiry of the reservations past their time: their stock returned, one statement per level,
and the tenants that have some (the sweeper's look across tenants)."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Row

from olympus.commerce.inventory import repository
from olympus.commerce.inventory.models import MovementKind
from olympus.commerce.inventory.service.operation import RESERVATION, Operation
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.platform.audit import service as audit

EXPIRED_REASON = "expired"
SWEEP_BATCH = 500


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
    operation = Operation(uow, reason=EXPIRED_REASON)
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
