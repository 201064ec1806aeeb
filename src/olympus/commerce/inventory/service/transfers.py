"""Transfers of available units from one location to another, both levels in one operation."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Row

from olympus.commerce.catalog import service as catalog
from olympus.commerce.inventory import repository
from olympus.commerce.inventory.errors import SameLocation
from olympus.commerce.inventory.models import MovementKind
from olympus.commerce.inventory.service.operation import (
    STOCK,
    Level,
    Operation,
    insufficient_stock,
    level_of,
)
from olympus.core.db import WriteUnitOfWork, new_id
from olympus.platform.locations import service as locations


@dataclass(frozen=True)
class Transfer:
    id: uuid.UUID
    product_id: uuid.UUID
    from_level: Level
    to_level: Level
    quantity: int
    reason: str
    created_at: datetime


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
    operation = Operation(uow, reason=reason, reference_id=transfer_id)
    afters: dict[uuid.UUID, Row[Any]] = {}
    # The two levels in key order (location, then product): two transfers in opposite
    # directions lock them in the same order and so never deadlock.
    async with uow.session.begin_nested():
        for location_id in sorted((from_location_id, to_location_id)):
            if location_id == from_location_id:
                taken = await repository.take_on_hand(uow, location_id, unit.id, quantity)
                if taken is None:
                    raise await insufficient_stock(uow, location_id, unit.id, quantity)
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
        from_level=level_of(from_location_id, afters[from_location_id]),
        to_level=level_of(to_location_id, afters[to_location_id]),
        quantity=quantity,
        reason=reason,
        created_at=now,
    )
