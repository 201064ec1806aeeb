"""One operation of the inventory: the movements it appends, its audit row and events, the
`inventory.low_stock` alert; a level as answered, and the refusal of too little stock."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Row

from olympus.commerce.inventory import repository
from olympus.commerce.inventory.errors import InsufficientStock
from olympus.commerce.inventory.models import MovementKind
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit

STOCK = "stock"
RESERVATION = "reservation"


@dataclass(frozen=True)
class Level:
    location_id: uuid.UUID
    on_hand: int
    reserved: int
    low_stock_threshold: int | None = None

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass
class Operation:
    """One change of stock: the movements it appends and the levels after them, then (by
    `finish`) the movements written, its audit row and its `inventory.updated` event."""

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
        record_low_stock(uow, location_id, product_id, now_available, threshold)


def record_low_stock(
    uow: WriteUnitOfWork,
    location_id: uuid.UUID,
    product_id: uuid.UUID,
    available: int,
    threshold: int,
) -> None:
    """Publish `inventory.low_stock` for the level."""
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


def level_of(location_id: uuid.UUID, row: Row[Any]) -> Level:
    """The level a statement answered (its quantities after and threshold)."""
    return Level(location_id, row.on_hand, row.reserved, row.low_stock_threshold)


async def _available(uow: ReadUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID) -> int:
    rows = await repository.levels_of(uow, product_id, frozenset({location_id}))
    return rows[0].on_hand - rows[0].reserved if rows else 0


async def insufficient_stock(
    uow: ReadUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID, requested: int
) -> InsufficientStock:
    """The 409 refusal of `requested` units, naming what is available there now."""
    available = await _available(uow, location_id, product_id)
    return InsufficientStock(
        f"Only {available} available at this location, {requested} asked for",
        product_id=product_id,
        location_id=location_id,
        requested=requested,
        available=available,
    )
