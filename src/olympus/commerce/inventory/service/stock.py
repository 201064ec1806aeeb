"""What is in stock: a unit's levels, the levels at or below their low-stock threshold, the
units stocked at a location (the catalog's filter) and the units that have a level."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from olympus.commerce.catalog import service as catalog
from olympus.commerce.inventory import repository
from olympus.commerce.inventory.models import StockLevel
from olympus.commerce.inventory.service.operation import Level, level_of
from olympus.core.db import ReadUnitOfWork
from olympus.core.pagination import InvalidCursor, PageParams, encode_cursor
from olympus.platform.locations import service as locations


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


async def get_stock(
    uow: ReadUnitOfWork, product_id: uuid.UUID, *, visible: frozenset[uuid.UUID] | None = None
) -> Stock:
    """The unit's stock at every location (at `visible` ones only, when given): 404 for an
    unknown product, 409 `product_not_sellable` for a product with variants."""
    unit = await catalog.get_sellable_unit(uow, product_id)
    rows = await repository.levels_of(uow, unit.id, visible)
    return Stock(unit.id, [level_of(row.location_id, row) for row in rows])


@dataclass(frozen=True)
class LowStock:
    """A level at or below its low-stock threshold, with the unit's SKU and name."""

    product_id: uuid.UUID
    sku: str
    name: str
    location_id: uuid.UUID
    on_hand: int
    reserved: int
    available: int
    low_stock_threshold: int


def _low_stock_after(cursor: dict[str, Any]) -> tuple[uuid.UUID, uuid.UUID]:
    try:
        return uuid.UUID(str(cursor["p"])), uuid.UUID(str(cursor["l"]))
    except (KeyError, ValueError) as exc:
        raise InvalidCursor("The cursor is not one this API issued") from exc


async def list_low_stock(
    uow: ReadUnitOfWork,
    *,
    page: PageParams,
    location_id: uuid.UUID | None = None,
    visible: frozenset[uuid.UUID] | None = None,
) -> tuple[list[LowStock], str | None]:
    """The levels whose available stock is at or below their threshold, ordered by unit then
    location; at one location, or at the `visible` ones."""
    if location_id is not None:
        await locations.get_location(uow, location_id, visible=visible)
    available = StockLevel.on_hand - StockLevel.reserved
    stmt = sa.select(StockLevel).where(
        StockLevel.low_stock_threshold.is_not(None), available <= StockLevel.low_stock_threshold
    )
    if location_id is not None:
        stmt = stmt.where(StockLevel.location_id == location_id)
    elif visible is not None:
        stmt = stmt.where(StockLevel.location_id.in_(sorted(visible)))
    if page.cursor:
        product_after, location_after = _low_stock_after(page.cursor)
        stmt = stmt.where(
            sa.or_(
                StockLevel.product_id > product_after,
                sa.and_(
                    StockLevel.product_id == product_after,
                    StockLevel.location_id > location_after,
                ),
            )
        )
    stmt = stmt.order_by(StockLevel.product_id, StockLevel.location_id).limit(page.limit + 1)
    rows = list((await uow.session.scalars(stmt)).all())
    cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        cursor = encode_cursor({"p": str(rows[-1].product_id), "l": str(rows[-1].location_id)})
    labels = await catalog.product_labels(uow, {row.product_id for row in rows})
    found = []
    for row in rows:
        sku, name = labels.get(row.product_id, ("", ""))
        found.append(
            LowStock(
                product_id=row.product_id,
                sku=sku,
                name=name,
                location_id=row.location_id,
                on_hand=row.on_hand,
                reserved=row.reserved,
                available=row.on_hand - row.reserved,
                low_stock_threshold=row.low_stock_threshold or 0,
            )
        )
    return found, cursor


def stocked_at(uow: ReadUnitOfWork, location_id: uuid.UUID) -> sa.Select[Any]:
    """A statement selecting the ids of the units with stock on hand at the location (the
    catalog's `location_id` filter), bound to the unit of work's tenant."""
    return repository.stocked_at(uow.require_tenant(), location_id)


async def stocked_units(
    uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]
) -> set[tuple[uuid.UUID, uuid.UUID]]:
    """The (product id, location id) pairs among `product_ids` that have a stock level."""
    return await repository.levels_among(uow, product_ids)
