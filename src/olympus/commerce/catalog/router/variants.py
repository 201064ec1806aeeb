"""The variant endpoints of a product: add, read, change and archive."""

import uuid

from fastapi import APIRouter, Response, status

from olympus.auth.dependencies import TenantReadUoWDep, TenantWriteUoWDep
from olympus.commerce.catalog import service
from olympus.commerce.catalog.errors import (
    BarcodeTaken,
    InvalidOptionValues,
    ProductHasNoOptions,
    ProductIsVariant,
    ProductNotFound,
    SkuTaken,
    TooManyVariants,
    VariantExists,
    VariantNotFound,
)
from olympus.commerce.catalog.models import Product
from olympus.commerce.catalog.router.access import AUTH, Reader, Writer
from olympus.commerce.catalog.router.documents import json_response
from olympus.commerce.catalog.schemas import VariantCreate, VariantOut, VariantUpdate, sent_fields
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import responses

router = APIRouter(prefix="/api/v1/products", tags=["products"])


@router.post(
    "/{product_id}/variants",
    status_code=status.HTTP_201_CREATED,
    response_model=VariantOut,
    summary="Add a variant to a product",
    description=(
        "A variant is a sellable unit of its own (its id is what stock and orders name), "
        "with its own SKU, price, barcode and status, and the product's currency, category "
        "and tax class. `option_values` gives one value of each of the product's `options` "
        "(422 `invalid_option_values`); no two variants share a combination (409 "
        "`variant_exists`). Once a product has variants, it is no longer sold itself."
    ),
    responses=responses(
        *AUTH,
        ProductNotFound,
        ProductIsVariant,
        ProductHasNoOptions,
        InvalidOptionValues,
        VariantExists,
        TooManyVariants,
        SkuTaken,
        BarcodeTaken,
    ),
)
async def create_variant(
    product_id: uuid.UUID, body: VariantCreate, principal: Writer, uow: TenantWriteUoWDep
) -> Response:
    variant = await service.create_variant(
        uow,
        product_id,
        sku=body.sku,
        option_values=body.option_values,
        name=body.name,
        price=body.price,
        barcode=body.barcode,
        status=body.status.value if body.status else None,
        attributes=body.attributes,
        image_urls=body.image_urls,
    )
    document = await service.variant_document(uow, product_id, variant.id)
    return json_response(document, status.HTTP_201_CREATED)


@router.get(
    "/{product_id}/variants/{variant_id}",
    response_model=VariantOut,
    summary="Read a variant",
    responses=responses(*AUTH, VariantNotFound),
)
async def get_variant(
    product_id: uuid.UUID,
    variant_id: uuid.UUID,
    principal: Reader,
    uow: TenantReadUoWDep,
    etag: IfNoneMatchDep,
) -> Response:
    return etag.tag(await _variant_as_is(uow, product_id, variant_id))


async def _variant_as_is(
    uow: ReadUnitOfWork, product_id: uuid.UUID, variant_id: uuid.UUID
) -> Response:
    return json_response(await service.variant_document(uow, product_id, variant_id))


@router.patch(
    "/{product_id}/variants/{variant_id}",
    response_model=VariantOut,
    summary="Change a variant",
    description="Only the fields sent change (`barcode` may be null to clear it).",
    responses=responses(
        *AUTH,
        ProductNotFound,
        VariantNotFound,
        InvalidOptionValues,
        VariantExists,
        SkuTaken,
        BarcodeTaken,
    ),
)
async def update_variant(
    product_id: uuid.UUID,
    variant_id: uuid.UUID,
    body: VariantUpdate,
    principal: Writer,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
) -> Response:
    # A variant's changes take turns on its product's row (as the service's do).
    await etag.check(
        uow,
        Product,
        Product.id == product_id,
        current=lambda: _variant_as_is(uow, product_id, variant_id),
    )
    await service.update_variant(uow, product_id, variant_id, changes=sent_fields(body))
    return etag.tag(json_response(await service.variant_document(uow, product_id, variant_id)))


@router.delete(
    "/{product_id}/variants/{variant_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Archive a variant",
    description="Never a hard delete, as for products: the variant is archived.",
    responses=responses(*AUTH, ProductNotFound, VariantNotFound),
)
async def archive_variant(
    product_id: uuid.UUID,
    variant_id: uuid.UUID,
    principal: Writer,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
) -> Response:
    await etag.check(
        uow,
        Product,
        Product.id == product_id,
        current=lambda: _variant_as_is(uow, product_id, variant_id),
    )
    await service.archive_variant(uow, product_id, variant_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
