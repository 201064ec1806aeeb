"""The ledger: a unit's movements, newest first, and the check that every level is what its
movements sum to."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from olympus.commerce.catalog import service as catalog
from olympus.commerce.inventory import repository
from olympus.commerce.inventory.models import StockMovement
from olympus.core.db import ReadUnitOfWork
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.locations import service as locations


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


@dataclass(frozen=True)
class LedgerDifference:
    location_id: uuid.UUID
    product_id: uuid.UUID
    level: tuple[int, int]  # (on_hand, reserved) as stored
    ledger: tuple[int, int]  # the same, summed from the movements


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
