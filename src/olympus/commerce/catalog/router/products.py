"""The product endpoints: list and search, create, read, change and archive."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from olympus.auth.dependencies import TenantReadUoWDep, TenantWriteUoWDep
from olympus.commerce.catalog import service
from olympus.commerce.catalog.errors import (
    BarcodeTaken,
    CategoryNotFound,
    LocationCurrencyMismatch,
    OptionsInUse,
    ProductIsVariant,
    ProductNotFound,
    SkuTaken,
)
from olympus.commerce.catalog.models import Product, ProductStatus
from olympus.commerce.catalog.router.access import AUTH, Reader, Writer
from olympus.commerce.catalog.router.documents import json_response
from olympus.commerce.catalog.schemas import (
    ProductCreate,
    ProductOut,
    ProductSort,
    ProductUpdate,
    sent_fields,
)
from olympus.commerce.inventory import service as inventory
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.dependencies import database, reading
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.platform.locations import service as locations
from olympus.platform.locations.errors import LocationNotFound

router = APIRouter(prefix="/api/v1/products", tags=["products"])


@router.get(
    "",
    response_model=Page[ProductOut],
    summary="List and search products",
    description=(
        "Top-level products; variants are listed inside their product. Archived products "
        "are left out unless `include_archived=true` or `status=archived`.\n\n"
        "- `q`: a case-insensitive part of the name, SKU or barcode of the product or of one "
        "of its variants (`%` and `_` match themselves).\n"
        "- `category_id`: products in that category or any category below it.\n"
        "- `location_id`: products stocked at that location (404 `location_not_found` for "
        "a location this tenant doesn't have).\n"
        "- `sort`: `name`, `price` or `created` (creation order, the default); `-` first "
        "reverses it. Ties are broken by id, and `next_cursor` carries the sort key, so "
        "pages neither skip nor repeat a product while others are added."
    ),
    responses=responses(*AUTH, InvalidCursor, LocationNotFound),
)
async def list_products(
    request: Request,
    principal: Reader,
    page: PageParamsDep,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of a name, SKU or barcode")
    ] = None,
    status_: Annotated[ProductStatus | None, Query(alias="status")] = None,
    include_archived: Annotated[bool, Query(description="Also list archived products")] = False,
    category_id: Annotated[uuid.UUID | None, Query(description="With its subcategories")] = None,
    location_id: Annotated[uuid.UUID | None, Query(description="Stocked there")] = None,
    sort: ProductSort = ProductSort.CREATED,
) -> Response:
    filters = service.ProductFilter(
        q=q,
        status=status_.value if status_ else None,
        include_archived=include_archived,
        category_id=category_id,
    )
    db = database(request)
    if not db.is_sqlite and location_id is None:
        # The hot path on PostgreSQL: no ORM session, the driver connection in one read-only
        # transaction under row-level security (from the read replica when there is one).
        items, cursor = await service.list_products_on_driver(
            db, principal.tenant_id, filters=filters, sort=sort.value, page=page, replica=True
        )
        return json_response({"items": items, "next_cursor": cursor})
    async with reading(request, principal.tenant_id) as uow:
        stocked = None
        if location_id is not None:
            await locations.get_location(uow, location_id)
            # The products stocked at `location_id`: a statement of the inventory domain,
            # which sits above the catalog and is wired in here, where both are known.
            stocked = inventory.stocked_at(uow, location_id)
        items, cursor = await service.list_products(
            uow, filters=filters, sort=sort.value, page=page, restrict_to_ids=stocked
        )
    return json_response({"items": items, "next_cursor": cursor})


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=ProductOut,
    summary="Create a product",
    description=(
        "SKU and barcode are unique in the tenant, variants included (409 `sku_taken`, "
        "`barcode_taken`). `price` is in minor units of `currency`. `status` starts as "
        "`draft` unless given. `options` lists what its variants will differ by; a product "
        "without variants is sold itself."
    ),
    responses=responses(*AUTH, SkuTaken, BarcodeTaken, CategoryNotFound),
)
async def create_product(
    body: ProductCreate, principal: Writer, uow: TenantWriteUoWDep
) -> Response:
    product = await service.create_product(
        uow,
        sku=body.sku,
        name=body.name,
        price=body.price,
        currency=body.currency,
        description=body.description,
        status=body.status.value,
        category_id=body.category_id,
        attributes=body.attributes,
        tax_class=body.tax_class,
        image_urls=body.image_urls,
        barcode=body.barcode,
        options=[option.model_dump() for option in body.options],
    )
    document = await service.product_document(uow, product.id)
    return json_response(document, status.HTTP_201_CREATED)


@router.get(
    "/{product_id}",
    response_model=ProductOut,
    summary="Read a product",
    description=(
        "With its variants and its prices per location. Archived products too. A variant's "
        "id answers the variant (with `parent_id`): any sellable unit can be looked up here."
    ),
    responses=responses(*AUTH, ProductNotFound),
)
async def get_product(
    product_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> Response:
    return etag.tag(json_response(await service.product_document(uow, product_id)))


async def _product_as_is(uow: ReadUnitOfWork, product_id: uuid.UUID) -> Response:
    return json_response(await service.product_document(uow, product_id))


@router.patch(
    "/{product_id}",
    response_model=ProductOut,
    summary="Change a product",
    description=(
        "Only the fields sent change (`category_id` and `barcode` may be null to clear them). "
        "Its variants follow its currency, category and tax class. `options` may change only "
        "in ways every variant still matches (409 `options_in_use`); the currency can't "
        "change while the product has prices per location. A variant is changed under "
        "`/products/{product_id}/variants/{variant_id}` (409 `product_is_variant`). Setting "
        "`status` to `archived` is recorded as `product.archived`."
    ),
    responses=responses(
        *AUTH,
        ProductNotFound,
        CategoryNotFound,
        SkuTaken,
        BarcodeTaken,
        ProductIsVariant,
        OptionsInUse,
        LocationCurrencyMismatch,
    ),
)
async def update_product(
    product_id: uuid.UUID,
    body: ProductUpdate,
    principal: Writer,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
) -> Response:
    await etag.check(
        uow, Product, Product.id == product_id, current=lambda: _product_as_is(uow, product_id)
    )
    await service.update_product(uow, product_id, changes=sent_fields(body))
    return etag.tag(json_response(await service.product_document(uow, product_id)))


@router.delete(
    "/{product_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Archive a product",
    description=(
        "Never a hard delete: stock, reservations and orders keep naming the product, so it "
        "is archived (status `archived`). It leaves the list unless archived products are "
        "asked for, stays readable by id, keeps its SKU and barcode, and is no longer sold, "
        "nor are its variants. `PATCH` with another `status` brings it back."
    ),
    responses=responses(*AUTH, ProductNotFound, ProductIsVariant),
)
async def archive_product(
    product_id: uuid.UUID, principal: Writer, uow: TenantWriteUoWDep, etag: IfMatchDep
) -> Response:
    await etag.check(
        uow, Product, Product.id == product_id, current=lambda: _product_as_is(uow, product_id)
    )
    await service.archive_product(uow, product_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
