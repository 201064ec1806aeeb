"""The endpoints of a sellable unit's prices per location."""

import uuid

from fastapi import APIRouter, Response, status

from olympus.auth.dependencies import Principal, TenantWriteUoWDep
from olympus.auth.errors import PermissionDenied
from olympus.commerce.catalog import service
from olympus.commerce.catalog.errors import (
    LocationCurrencyMismatch,
    LocationPriceNotFound,
    ProductNotFound,
    ProductNotSellable,
)
from olympus.commerce.catalog.router.access import AUTH, WRITE, LocationWriter
from olympus.commerce.catalog.schemas import LocationPriceOut, LocationPriceSet
from olympus.core.errors import responses
from olympus.platform.locations.errors import LocationArchived, LocationNotFound

router = APIRouter(prefix="/api/v1/products", tags=["products"])


def _may_price(principal: Principal, location_id: uuid.UUID) -> None:
    if not principal.authz.can(WRITE, location_id):
        raise PermissionDenied(f"Pricing at this location needs {WRITE!r} there")


@router.put(
    "/{product_id}/location-prices/{location_id}",
    response_model=LocationPriceOut,
    summary="Set the price of a sellable unit at a location",
    description=(
        "In place of the unit's own `price` when sold there. Only a sellable unit (a plain "
        "product or a variant: 409 `product_not_sellable` for a product with variants) at an "
        "active location (409 `location_archived`), in the unit's currency, which must be "
        "the location's (409 `location_currency_mismatch`). Needs `catalog:write` "
        "tenant-wide or at that location."
    ),
    responses=responses(
        *AUTH,
        ProductNotFound,
        LocationNotFound,
        LocationArchived,
        ProductNotSellable,
        LocationCurrencyMismatch,
    ),
)
async def set_location_price(
    product_id: uuid.UUID,
    location_id: uuid.UUID,
    body: LocationPriceSet,
    principal: LocationWriter,
    uow: TenantWriteUoWDep,
) -> LocationPriceOut:
    _may_price(principal, location_id)
    row = await service.set_location_price(uow, product_id, location_id, price=body.price)
    return LocationPriceOut.model_validate(row, from_attributes=True)


@router.delete(
    "/{product_id}/location-prices/{location_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove the price of a sellable unit at a location",
    description="The unit is sold there at its own price again.",
    responses=responses(*AUTH, ProductNotFound, LocationPriceNotFound),
)
async def remove_location_price(
    product_id: uuid.UUID, location_id: uuid.UUID, principal: LocationWriter, uow: TenantWriteUoWDep
) -> Response:
    _may_price(principal, location_id)
    await service.remove_location_price(uow, product_id, location_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
