"""Prices per location: a sellable unit's price at a location, in place of its own, and
what a unit costs at a location."""

import uuid

from olympus.commerce.catalog import repository
from olympus.commerce.catalog.errors import (
    LocationCurrencyMismatch,
    LocationPriceNotFound,
    ProductNotFound,
    ProductNotSellable,
)
from olympus.commerce.catalog.models import LocationPrice, Product
from olympus.commerce.catalog.service.changes import change_data
from olympus.commerce.catalog.service.products import PRODUCT, locked_product
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations


async def _sellable_for_pricing(uow: WriteUnitOfWork, product_id: uuid.UUID) -> Product:
    unit = await locked_product(uow, product_id)
    if await repository.has_variants(uow, unit.id):
        raise ProductNotSellable(
            f"The product {unit.sku!r} has variants: price each variant at the location"
        )
    return unit


async def set_location_price(
    uow: WriteUnitOfWork, product_id: uuid.UUID, location_id: uuid.UUID, *, price: int
) -> LocationPrice:
    """The sellable unit's price at an active location, in place of its own price. The
    price is in the unit's currency, which must be the location's."""
    unit = await _sellable_for_pricing(uow, product_id)
    location = await locations.get_active_location(uow, location_id)
    if location.currency != unit.currency:
        raise LocationCurrencyMismatch(
            f"The product is priced in {unit.currency} and the location {location.code!r} "
            f"sells in {location.currency}"
        )
    key = (uow.require_tenant(), unit.id, location.id)
    row = await uow.session.get(LocationPrice, key)
    now = uow.clock.now()
    previous = None if row is None else row.price
    if row is None:
        row = LocationPrice(
            product_id=unit.id, location_id=location.id, price=price, updated_at=now
        )
        uow.session.add(row)
    elif row.price == price:
        return row
    else:
        row.price = price
        row.updated_at = now
    await uow.session.flush()
    _record_location_price(uow, "product.location_price_set", unit, location.id, previous, price)
    return row


async def remove_location_price(
    uow: WriteUnitOfWork, product_id: uuid.UUID, location_id: uuid.UUID
) -> None:
    """The unit is sold at its own price there again."""
    unit = await locked_product(uow, product_id)
    row = await uow.session.get(LocationPrice, (uow.require_tenant(), unit.id, location_id))
    if row is None:
        raise LocationPriceNotFound()
    previous = row.price
    await uow.session.delete(row)
    await uow.session.flush()
    _record_location_price(uow, "product.location_price_removed", unit, location_id, previous, None)


def _record_location_price(
    uow: WriteUnitOfWork,
    action: str,
    unit: Product,
    location_id: uuid.UUID,
    previous: int | None,
    price: int | None,
) -> None:
    changes = {"location_id": str(location_id), "price": {"from": previous, "to": price}}
    audit.record(uow, action=action, target_type=PRODUCT, target_id=unit.id, changes=changes)
    record_event(uow, action, change_data(unit, changes))


async def price_at(uow: ReadUnitOfWork, product_id: uuid.UUID, location_id: uuid.UUID) -> int:
    """What the sellable unit costs at the location: its price there, else its own price
    (in its currency, minor units)."""
    row = await repository.unit_and_location_price(uow, product_id, location_id)
    if row is None:
        raise ProductNotFound()
    return int(row.price if row.location_price is None else row.location_price)
