"""HTTP endpoints of the catalog: products with their variants and prices per location, and
categories. Reading needs `catalog:read` (held anywhere: the catalog is the tenant's, every
location sells from it), changing needs `catalog:write` for the whole tenant, except a price
at a location, which `catalog:write` at that location is enough for."""

import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import StreamingResponse

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.errors import PermissionDenied
from olympus.commerce.catalog import imports, service
from olympus.commerce.catalog.errors import (
    BarcodeTaken,
    CategoryCycle,
    CategoryNameTaken,
    CategoryNotEmpty,
    CategoryNotFound,
    ImportColumnsInvalid,
    ImportConflict,
    ImportNotCsv,
    ImportRejected,
    InvalidCategoryPath,
    InvalidCsv,
    InvalidOptionValues,
    LocationCurrencyMismatch,
    LocationPriceNotFound,
    OptionsInUse,
    ProductHasNoOptions,
    ProductIsVariant,
    ProductNotFound,
    ProductNotSellable,
    SkuTaken,
    TooManyVariants,
    VariantExists,
    VariantNotFound,
)
from olympus.commerce.catalog.models import Category, Product, ProductStatus
from olympus.commerce.catalog.schemas import (
    CategoryCreate,
    CategoryOut,
    CategoryUpdate,
    ImportResultOut,
    LocationPriceOut,
    LocationPriceSet,
    ProductCreate,
    ProductOut,
    ProductSort,
    ProductUpdate,
    VariantCreate,
    VariantOut,
    VariantUpdate,
    sent_fields,
)
from olympus.commerce.inventory import service as inventory
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.dependencies import client_ip, database, reading, writing
from olympus.core.errors import PROBLEM_JSON, ProblemDetail, responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.platform.locations import service as locations
from olympus.platform.locations.errors import LocationArchived, LocationNotFound

products_router = APIRouter(prefix="/api/v1/products", tags=["products"])
categories_router = APIRouter(prefix="/api/v1/categories", tags=["categories"])

READ = "catalog:read"
WRITE = "catalog:write"
_AUTH = PERMISSION_ERRORS

Reader = Annotated[Principal, RequirePermission(READ, scoped=True)]
Writer = Annotated[Principal, RequirePermission(WRITE)]
LocationWriter = Annotated[Principal, RequirePermission(WRITE, scoped=True)]


def _id_text(value: Any) -> str:
    # The PostgreSQL driver's UUIDs are a subclass that orjson does not take as its own.
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _json(document: Any, status_code: int = status.HTTP_200_OK) -> Response:
    """Answers built as plain documents go out as they are (the list's items need no model
    per row); their shape is the route's `response_model`, which the tests hold them to."""
    return Response(
        orjson.dumps(document, default=_id_text, option=orjson.OPT_UTC_Z),
        status_code=status_code,
        media_type="application/json",
    )


# --- products ---------------------------------------------------------------------------------


@products_router.get(
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
    responses=responses(*_AUTH, InvalidCursor, LocationNotFound),
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
        return _json({"items": items, "next_cursor": cursor})
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
    return _json({"items": items, "next_cursor": cursor})


@products_router.post(
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
    responses=responses(*_AUTH, SkuTaken, BarcodeTaken, CategoryNotFound),
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
    return _json(document, status.HTTP_201_CREATED)


@products_router.get(
    "/{product_id}",
    response_model=ProductOut,
    summary="Read a product",
    description=(
        "With its variants and its prices per location. Archived products too. A variant's "
        "id answers the variant (with `parent_id`): any sellable unit can be looked up here."
    ),
    responses=responses(*_AUTH, ProductNotFound),
)
async def get_product(
    product_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> Response:
    return etag.tag(_json(await service.product_document(uow, product_id)))


async def _product_as_is(uow: ReadUnitOfWork, product_id: uuid.UUID) -> Response:
    return _json(await service.product_document(uow, product_id))


@products_router.patch(
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
        *_AUTH,
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
    return etag.tag(_json(await service.product_document(uow, product_id)))


@products_router.delete(
    "/{product_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Archive a product",
    description=(
        "Never a hard delete: stock, reservations and orders keep naming the product, so it "
        "is archived (status `archived`). It leaves the list unless archived products are "
        "asked for, stays readable by id, keeps its SKU and barcode, and is no longer sold, "
        "nor are its variants. `PATCH` with another `status` brings it back."
    ),
    responses=responses(*_AUTH, ProductNotFound, ProductIsVariant),
)
async def archive_product(
    product_id: uuid.UUID, principal: Writer, uow: TenantWriteUoWDep, etag: IfMatchDep
) -> Response:
    await etag.check(
        uow, Product, Product.id == product_id, current=lambda: _product_as_is(uow, product_id)
    )
    await service.archive_product(uow, product_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- variants ---------------------------------------------------------------------------------


@products_router.post(
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
        *_AUTH,
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
    return _json(document, status.HTTP_201_CREATED)


@products_router.get(
    "/{product_id}/variants/{variant_id}",
    response_model=VariantOut,
    summary="Read a variant",
    responses=responses(*_AUTH, VariantNotFound),
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
    return _json(await service.variant_document(uow, product_id, variant_id))


@products_router.patch(
    "/{product_id}/variants/{variant_id}",
    response_model=VariantOut,
    summary="Change a variant",
    description="Only the fields sent change (`barcode` may be null to clear it).",
    responses=responses(
        *_AUTH,
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
    return etag.tag(_json(await service.variant_document(uow, product_id, variant_id)))


@products_router.delete(
    "/{product_id}/variants/{variant_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Archive a variant",
    description="Never a hard delete, as for products: the variant is archived.",
    responses=responses(*_AUTH, ProductNotFound, VariantNotFound),
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


# --- prices per location ----------------------------------------------------------------------


def _may_price(principal: Principal, location_id: uuid.UUID) -> None:
    if not principal.authz.can(WRITE, location_id):
        raise PermissionDenied(f"Pricing at this location needs {WRITE!r} there")


@products_router.put(
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
        *_AUTH,
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


@products_router.delete(
    "/{product_id}/location-prices/{location_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove the price of a sellable unit at a location",
    description="The unit is sold there at its own price again.",
    responses=responses(*_AUTH, ProductNotFound, LocationPriceNotFound),
)
async def remove_location_price(
    product_id: uuid.UUID, location_id: uuid.UUID, principal: LocationWriter, uow: TenantWriteUoWDep
) -> Response:
    _may_price(principal, location_id)
    await service.remove_location_price(uow, product_id, location_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- categories -------------------------------------------------------------------------------


def _category_out(category: Category) -> CategoryOut:
    return CategoryOut.model_validate(category, from_attributes=True)


@categories_router.get(
    "",
    response_model=Page[CategoryOut],
    summary="List categories",
    description=(
        "By path, so each category comes right before the ones below it. `parent_id` lists "
        "the children of one category, `top_level=true` the categories with no parent; `q` "
        "looks for a case-insensitive part of the name."
    ),
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_categories(
    principal: Reader,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    parent_id: Annotated[uuid.UUID | None, Query(description="Its children only")] = None,
    top_level: Annotated[bool, Query(description="Only categories without a parent")] = False,
    q: Annotated[str | None, Query(max_length=120, description="Part of the name")] = None,
) -> Page[CategoryOut]:
    rows, cursor = await service.list_categories(
        uow, parent_id=parent_id, top_level=top_level, q=q, page=page
    )
    return Page[CategoryOut](
        items=[CategoryOut.model_validate(row) for row in rows], next_cursor=cursor
    )


@categories_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CategoryOut,
    summary="Create a category",
    description=(
        "Under `parent_id`, or at the top level. Its `path` is the names from the top "
        "level down joined by '/' (at most 1000 characters); siblings' names differ, case "
        "aside (409 `category_name_taken`)."
    ),
    responses=responses(*_AUTH, CategoryNotFound, CategoryNameTaken, InvalidCategoryPath),
)
async def create_category(
    body: CategoryCreate, principal: Writer, uow: TenantWriteUoWDep
) -> CategoryOut:
    category = await service.create_category(
        uow, name=body.name, parent_id=body.parent_id, position=body.position
    )
    return _category_out(category)


@categories_router.get(
    "/{category_id}",
    response_model=CategoryOut,
    summary="Read a category",
    responses=responses(*_AUTH, CategoryNotFound),
)
async def get_category(
    category_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> CategoryOut:
    return etag.tag(await _category_as_is(uow, category_id))


async def _category_as_is(uow: ReadUnitOfWork, category_id: uuid.UUID) -> CategoryOut:
    return _category_out(await service.get_category(uow, category_id))


@categories_router.patch(
    "/{category_id}",
    response_model=CategoryOut,
    summary="Rename, move or reorder a category",
    description=(
        "Only the fields sent change; `parent_id` null moves it to the top level. A new "
        "name or parent rewrites the path of every category below it. Moving a category "
        "under itself or one of its descendants answers 409 `category_cycle`."
    ),
    responses=responses(
        *_AUTH, CategoryNotFound, CategoryNameTaken, CategoryCycle, InvalidCategoryPath
    ),
)
async def update_category(
    category_id: uuid.UUID,
    body: CategoryUpdate,
    principal: Writer,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
) -> CategoryOut:
    await etag.check(
        uow,
        Category,
        Category.id == category_id,
        current=lambda: _category_as_is(uow, category_id),
    )
    category = await service.update_category(uow, category_id, changes=sent_fields(body))
    return etag.tag(_category_out(category))


@categories_router.delete(
    "/{category_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a category",
    description=(
        "Only an empty one: a category with categories or products below it (archived "
        "products too) answers 409 `category_not_empty`."
    ),
    responses=responses(*_AUTH, CategoryNotFound, CategoryNotEmpty),
)
async def delete_category(
    category_id: uuid.UUID, principal: Writer, uow: TenantWriteUoWDep, etag: IfMatchDep
) -> Response:
    await etag.check(
        uow,
        Category,
        Category.id == category_id,
        current=lambda: _category_as_is(uow, category_id),
    )
    await service.delete_category(uow, category_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- import and export ------------------------------------------------------------------------
# On a router of their own, included before `products_router` (so `/products/import` is not
# read as a product id) and with its own body limit, `MAX_IMPORT_BYTES`.

transfer_router = APIRouter(prefix="/api/v1/products", tags=["products"])
_CSV = "text/csv"


async def _import_unit_of_work(
    request: Request,
    principal: Writer,
    dry_run: Annotated[
        bool, Query(description="Check the file and answer what would change; write nothing")
    ] = False,
) -> AsyncIterator[ReadUnitOfWork]:
    """A dry run reads only (a read-only transaction, so it can't write anything, not even
    an audit row); an import writes in the request's one transaction, and records its own
    audit row."""
    opened = reading if dry_run else writing
    async with opened(request, principal.tenant_id) as uow:
        uow.actor_id = principal.user_id
        uow.ip = client_ip(request)
        yield uow


ImportUoW = Annotated[ReadUnitOfWork, Depends(_import_unit_of_work, scope="function")]


def _csv_body(request: Request) -> None:
    media_type, _, parameters = request.headers.get("content-type", "").partition(";")
    charset = next(
        (
            value.strip().strip('"').lower()
            for name, _, value in (p.partition("=") for p in parameters.split(";"))
            if name.strip().lower() == "charset"
        ),
        "utf-8",
    )
    if media_type.strip().lower() != _CSV or charset not in {"utf-8", "utf8"}:
        raise ImportNotCsv("Send the file as `text/csv` (UTF-8), the header row first")


@transfer_router.post(
    "/import",
    response_model=ImportResultOut,
    summary="Import products from CSV",
    description=(
        "Upserts top-level products by SKU from a `text/csv` body (UTF-8, header row "
        f"first; columns: {', '.join(imports.COLUMNS)}; `sku`, `name`, `price` and "
        "`currency` are required). Each row is checked like a product sent to the API; "
        "rows that fail are listed in `rejected` with their line in the file (the header "
        "is line 1) and the others are written, in this request's one transaction. "
        "`category` is a slash path (`Drinks/Tea`), created as needed. A variant's SKU is "
        "refused. `dry_run=true` answers the same and writes nothing; `atomic=true` "
        "writes nothing if any row is rejected (422 `import_rejected` with the rows). "
        "Unknown, missing or repeated columns refuse the file (422 `invalid_import_columns`). "
        "The body may be up to `MAX_IMPORT_BYTES` (50 MiB by default). See docs/API.md."
    ),
    responses={
        **responses(
            *_AUTH, ImportNotCsv, InvalidCsv, ImportColumnsInvalid, ImportRejected, ImportConflict
        ),
        413: {
            "model": ProblemDetail,
            "description": "Content Too Large: `request_too_large` (past `MAX_IMPORT_BYTES`)",
            "content": {PROBLEM_JSON: {}},
        },
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {_CSV: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def import_products(
    request: Request,
    uow: ImportUoW,
    atomic: Annotated[
        bool, Query(description="Write nothing if any row is rejected (422 import_rejected)")
    ] = False,
) -> Response:
    _csv_body(request)
    content = await request.body()
    if isinstance(uow, WriteUnitOfWork):
        result = await imports.import_products(uow, content, atomic=atomic)
    else:
        result = imports.dry_run_result(await imports.plan_import(uow, content), atomic=atomic)
    return _json(result.document())


@transfer_router.get(
    "/export",
    response_class=StreamingResponse,
    summary="Export products as CSV",
    description=(
        "Every top-level product of the tenant (archived ones too, unless `status` narrows "
        "it), in the columns the import takes, so the file imports back as it is. Streamed "
        "a page at a time in creation order. `category_id` takes the categories below it "
        "too."
    ),
    responses={
        200: {"content": {_CSV: {"schema": {"type": "string"}}}, "description": "The CSV"},
        **responses(*_AUTH),
    },
)
async def export_products(
    request: Request,
    principal: Reader,
    status_: Annotated[ProductStatus | None, Query(alias="status")] = None,
    category_id: Annotated[uuid.UUID | None, Query(description="With its subcategories")] = None,
) -> StreamingResponse:
    async def lines() -> AsyncIterator[bytes]:
        # Its own reading transaction: the request's ends when the handler returns, before
        # the body is sent.
        async with reading(request, principal.tenant_id) as uow:
            async for text in imports.export_csv(
                uow, status=status_.value if status_ else None, category_id=category_id
            ):
                yield text.encode()

    return StreamingResponse(
        lines(),
        media_type=f"{_CSV}; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="products.csv"'},
    )
