"""Catalog rules: products, their variants, categories and prices per location.

A *sellable unit* is a product row without variants: a plain product, or one variant of a
product (a row with `parent_id`). Stock, reservations and order lines name sellable units by
their product id. Every change writes its audit row and its event in the caller's
transaction; answers are built as plain documents straight from Core rows (from the
driver's records for the product list on PostgreSQL)."""

import uuid
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError

from olympus.commerce.catalog import locks, repository
from olympus.commerce.catalog.errors import (
    BarcodeTaken,
    CategoryCycle,
    CategoryNameTaken,
    CategoryNotEmpty,
    CategoryNotFound,
    InvalidCategoryPath,
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
from olympus.commerce.catalog.models import Category, LocationPrice, Product, ProductStatus
from olympus.core.db import Database, ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import InvalidCursor, PageParams, cursor_uuid, encode_cursor
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations

PRODUCT = "product"
CATEGORY = "category"
MAX_VARIANTS = 250
MAX_PATH = 1000
MAX_CATEGORY_NAME = 120
PRODUCT_FIELDS = (
    "sku",
    "name",
    "description",
    "price",
    "currency",
    "category_id",
    "status",
    "attributes",
    "tax_class",
    "image_urls",
    "barcode",
    "options",
)
VARIANT_FIELDS = (
    "sku",
    "option_values",
    "name",
    "price",
    "barcode",
    "status",
    "attributes",
    "image_urls",
)
# What a variant takes from its product, kept equal when the product's changes.
INHERITED = ("currency", "category_id", "tax_class")
# A variant is as available as the less available of itself and its product.
_UNAVAILABILITY = {
    ProductStatus.ACTIVE.value: 0,
    ProductStatus.DRAFT.value: 1,
    ProductStatus.ARCHIVED.value: 2,
}
_SORTS = {
    "name": ("name", False),
    "-name": ("name", True),
    "price": ("price", False),
    "-price": ("price", True),
    "created": ("id", False),
    "-created": ("id", True),
}
_BIGINT = 2**63


def _jsonable(value: Any) -> Any:
    """A value as audit rows and events keep it (ids as strings)."""
    return str(value) if isinstance(value, uuid.UUID) else value


# --- answers ----------------------------------------------------------------------------------


def _prices(rows: Sequence[Row[Any]]) -> dict[uuid.UUID, list[dict[str, Any]]]:
    by_product: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for row in rows:
        by_product.setdefault(row.product_id, []).append(
            {"location_id": row.location_id, "price": row.price}
        )
    return by_product


def _variant_document(row: Any, prices: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": row.id,
        "sku": row.sku,
        "name": row.name,
        "price": row.price,
        "currency": row.currency,
        "status": row.status,
        "barcode": row.barcode,
        "option_values": row.option_values,
        "attributes": row.attributes,
        "image_urls": row.image_urls,
        "location_prices": prices,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def _product_document(
    row: Any, variants: list[dict[str, Any]], prices: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": row.id,
        "parent_id": row.parent_id,
        "sku": row.sku,
        "name": row.name,
        "description": row.description,
        "price": row.price,
        "currency": row.currency,
        "status": row.status,
        "category_id": row.category_id,
        "attributes": row.attributes,
        "tax_class": row.tax_class,
        "image_urls": row.image_urls,
        "barcode": row.barcode,
        "options": row.options,
        "option_values": row.option_values,
        "variants": variants,
        "location_prices": prices,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


async def _documents(uow: ReadUnitOfWork, rows: Sequence[Row[Any]]) -> list[dict[str, Any]]:
    """The answers for product rows: with their variants and prices per location, read in at
    most two more statements, and only for the rows that have some."""
    parents = [row.id for row in rows if row.has_variants]
    variants = await repository.variants_of(uow, parents) if parents else []
    priced = [row.id for row in rows if row.has_prices]
    priced += [variant.id for variant in variants if variant.has_prices]
    prices = _prices(await repository.location_prices_of(uow, priced)) if priced else {}
    by_parent: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for variant in variants:
        by_parent.setdefault(variant.parent_id, []).append(
            _variant_document(variant, prices.get(variant.id, []))
        )
    return [
        _product_document(row, by_parent.get(row.id, []), prices.get(row.id, [])) for row in rows
    ]


async def product_document(uow: ReadUnitOfWork, product_id: uuid.UUID) -> dict[str, Any]:
    """The answer for one product (a variant too, read by its own id)."""
    row = await repository.products_by_id(uow, product_id)
    if row is None:
        raise ProductNotFound()
    (document,) = await _documents(uow, [row])
    return document


async def variant_document(
    uow: ReadUnitOfWork, product_id: uuid.UUID, variant_id: uuid.UUID
) -> dict[str, Any]:
    row = await repository.products_by_id(uow, variant_id)
    if row is None or row.parent_id != product_id:
        raise VariantNotFound()
    prices = await repository.location_prices_of(uow, [row.id]) if row.has_prices else []
    return _variant_document(row, _prices(prices).get(row.id, []))


@dataclass(frozen=True)
class ProductFilter:
    q: str | None = None
    status: str | None = None
    include_archived: bool = False
    category_id: uuid.UUID | None = None


def _after(cursor: dict[str, Any] | None, sort: str, column: str) -> tuple[Any, uuid.UUID | None]:
    """The sort key and id a cursor of this sort order carries."""
    if cursor is None:
        return None, None
    if cursor.get("s") != sort:
        raise InvalidCursor("The cursor belongs to another sort order")
    after_id = cursor_uuid(cursor)
    if column == "id":
        return None, after_id
    key = cursor.get("k")
    if column == "name" and isinstance(key, str) and "\x00" not in key and len(key) <= 200:
        return key, after_id
    if column == "price" and type(key) is int and -_BIGINT <= key < _BIGINT:
        return key, after_id
    raise InvalidCursor("The cursor is not one this API issued")


def _product_query(
    filters: ProductFilter,
    sort: str,
    page: PageParams,
    restrict_to_ids: sa.Select[Any] | None,
) -> repository.ProductQuery:
    """The repository's query of a list request (its cursor checked against the sort)."""
    column, descending = _SORTS[sort]
    after_key, after_id = _after(page.cursor, sort, column)
    return repository.ProductQuery(
        q=(filters.q or "").strip() or None,
        status=filters.status,
        include_archived=filters.include_archived,
        category_id=filters.category_id,
        restrict_to_ids=restrict_to_ids,
        sort_column=column,
        descending=descending,
        after_key=after_key,
        after_id=after_id,
        limit=page.limit,
    )


def _next_cursor(sort: str, column: str, last_id: Any, last_key: Any) -> str:
    key = {"s": sort, "id": str(last_id)}
    if column != "id":
        key["k"] = last_key
    return encode_cursor(key)


async def list_products(
    uow: ReadUnitOfWork,
    *,
    filters: ProductFilter,
    sort: str,
    page: PageParams,
    restrict_to_ids: sa.Select[Any] | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of top-level products (variants are inside their product), and the cursor of
    the next page. `q` looks for a case-insensitive part of the name, SKU or barcode of a
    product or of one of its variants. `category_id` takes the categories below it too.
    `restrict_to_ids` (a statement selecting sellable-unit ids) keeps only the products
    among them or with a variant among them."""
    query = _product_query(filters, sort, page, restrict_to_ids)
    rows = await repository.product_page(uow, query)
    cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        last = rows[-1]
        cursor = _next_cursor(sort, query.sort_column, last.id, getattr(last, query.sort_column))
    return await _documents(uow, rows), cursor


# Searches are planned for their own pattern (see `repository.product_page`).
_CUSTOM_PLANS = (("plan_cache_mode", "force_custom_plan"),)


async def list_products_on_driver(
    db: Database,
    tenant_id: uuid.UUID,
    *,
    filters: ProductFilter,
    sort: str,
    page: PageParams,
    replica: bool = False,
) -> tuple[list[dict[str, Any]], str | None]:
    """`list_products` on PostgreSQL's driver connection, the catalog's hot path: the same
    page statement, then the page's variants and prices per location, in one read-only
    transaction scoped to `tenant_id` under row-level security (opened in one round trip),
    and the same answers. Ids come as text and JSON columns as the text the database holds,
    placed in the answer as they are (`orjson.Fragment`), never decoded. `replica=True`
    reads from the read replica when there is one."""
    query = _product_query(filters, sort, page, None)
    settings = _CUSTOM_PLANS if query.q else ()
    async with db.driver_read_transaction(tenant_id, replica=replica, settings=settings) as conn:
        rows = await repository.product_page_on(conn, tenant_id, query)
        more = len(rows) > page.limit
        if more:
            del rows[page.limit :]
        parents = [row["id"] for row in rows if row["has_variants"]]
        variants = await repository.variants_on(conn, tenant_id, parents) if parents else []
        priced = [row["id"] for row in rows if row["has_prices"]]
        priced += [variant["id"] for variant in variants if variant["has_prices"]]
        found = await repository.location_prices_on(conn, tenant_id, priced) if priced else []
    cursor = None
    if more:
        last = rows[-1]
        cursor = _next_cursor(sort, query.sort_column, last["id"], last[query.sort_column])
    return _driver_documents(rows, variants, found), cursor


def _json_text(text: str | None) -> Any:
    """A JSON column as the database holds it, placed in the answer without decoding."""
    return None if text is None else orjson.Fragment(text)


def _driver_documents(
    rows: Sequence[Any], variants: Sequence[Any], found: Sequence[Any]
) -> list[dict[str, Any]]:
    """The answers of `_documents`, from the driver's records (ids and JSON as text)."""
    prices: dict[str, list[dict[str, Any]]] = {}
    for price in found:
        prices.setdefault(price["product_id"], []).append(
            {"location_id": price["location_id"], "price": price["price"]}
        )
    by_parent: dict[str, list[dict[str, Any]]] = {}
    for v in variants:
        by_parent.setdefault(v["parent_id"], []).append(
            {
                "id": v["id"],
                "sku": v["sku"],
                "name": v["name"],
                "price": v["price"],
                "currency": v["currency"],
                "status": v["status"],
                "barcode": v["barcode"],
                "option_values": _json_text(v["option_values"]),
                "attributes": _json_text(v["attributes"]),
                "image_urls": _json_text(v["image_urls"]),
                "location_prices": prices.get(v["id"], []),
                "created_at": v["created_at"],
                "updated_at": v["updated_at"],
            }
        )
    return [
        {
            "id": r["id"],
            "parent_id": r["parent_id"],
            "sku": r["sku"],
            "name": r["name"],
            "description": r["description"],
            "price": r["price"],
            "currency": r["currency"],
            "status": r["status"],
            "category_id": r["category_id"],
            "attributes": _json_text(r["attributes"]),
            "tax_class": r["tax_class"],
            "image_urls": _json_text(r["image_urls"]),
            "barcode": r["barcode"],
            "options": _json_text(r["options"]),
            "option_values": _json_text(r["option_values"]),
            "variants": by_parent.get(r["id"], []),
            "location_prices": prices.get(r["id"], []),
            "created_at": r["created_at"],
            "updated_at": r["updated_at"],
        }
        for r in rows
    ]


# --- products ---------------------------------------------------------------------------------


def snapshot(product: Product) -> dict[str, Any]:
    """A product's fields, as events and audit rows carry them."""
    return {
        "parent_id": _jsonable(product.parent_id),
        "sku": product.sku,
        "name": product.name,
        "description": product.description,
        "price": product.price,
        "currency": product.currency,
        "status": product.status,
        "category_id": _jsonable(product.category_id),
        "attributes": dict(product.attributes),
        "tax_class": product.tax_class,
        "image_urls": list(product.image_urls),
        "barcode": product.barcode,
        "options": list(product.options),
        "option_values": dict(product.option_values),
    }


def _record(uow: WriteUnitOfWork, action: str, product: Product, changes: dict[str, Any]) -> None:
    audit.record(uow, action=action, target_type=PRODUCT, target_id=product.id, changes=changes)
    data = {"product_id": str(product.id), "sku": product.sku, "changes": changes}
    if product.parent_id is not None:
        data["parent_id"] = str(product.parent_id)
    record_event(uow, action, data)


def _sku_taken(sku: str) -> SkuTaken:
    return SkuTaken(f"The SKU {sku!r} is already used by a product of this tenant")


def _barcode_taken(barcode: str) -> BarcodeTaken:
    return BarcodeTaken(f"The barcode {barcode!r} is already used by a product of this tenant")


async def _check_unique(
    uow: ReadUnitOfWork, *, sku: str | None, barcode: str | None, own_id: uuid.UUID | None
) -> None:
    if sku is not None:
        owner = await repository.product_with_sku(uow, sku)
        if owner is not None and owner != own_id:
            raise _sku_taken(sku)
    if barcode is not None:
        owner = await repository.product_with_barcode(uow, barcode)
        if owner is not None and owner != own_id:
            raise _barcode_taken(barcode)


@asynccontextmanager
async def _unique_product_writes(
    uow: WriteUnitOfWork, *, sku: str, barcode: str | None
) -> AsyncIterator[None]:
    """The changes made inside are flushed in a savepoint (made inside it: the session
    flushes what is pending before it begins one). A concurrent writer that took the SKU or
    barcode first (or removed the category) turns the constraint's refusal into the domain's
    answer, and the transaction stays usable."""
    try:
        async with uow.session.begin_nested():
            yield
            await uow.session.flush()
    except IntegrityError as exc:
        text = str(exc.orig).lower()
        if "barcode" in text and barcode is not None:
            raise _barcode_taken(barcode) from exc
        if "sku" in text:
            raise _sku_taken(sku) from exc
        if "categor" in text:
            raise CategoryNotFound() from exc
        raise


async def _locked_product(uow: WriteUnitOfWork, product_id: uuid.UUID) -> Product:
    """The product, its row held until the transaction ends."""
    if not await locks.lock_product(uow, product_id):
        raise ProductNotFound()
    product = await uow.session.get(
        Product, (uow.require_tenant(), product_id), populate_existing=True
    )
    if product is None:
        raise ProductNotFound()
    return product


def _not_a_variant(product: Product) -> Product:
    if product.parent_id is not None:
        raise ProductIsVariant(
            f"{product.sku!r} is a variant: change it under /products/{product.parent_id}/variants"
        )
    return product


async def create_product(
    uow: WriteUnitOfWork,
    *,
    sku: str,
    name: str,
    price: int,
    currency: str,
    description: str = "",
    status: str = ProductStatus.DRAFT.value,
    category_id: uuid.UUID | None = None,
    attributes: Mapping[str, Any] | None = None,
    tax_class: str = "standard",
    image_urls: Sequence[str] = (),
    barcode: str | None = None,
    options: Sequence[Mapping[str, Any]] = (),
) -> Product:
    """Fields arrive validated and canonical (see schemas.py)."""
    await _check_unique(uow, sku=sku, barcode=barcode, own_id=None)
    if category_id is not None:
        await get_category(uow, category_id)
    now = uow.clock.now()
    product = Product(
        id=new_id(),
        parent_id=None,
        sku=sku,
        name=name,
        description=description,
        price=price,
        currency=currency,
        status=status,
        category_id=category_id,
        attributes=dict(attributes or {}),
        tax_class=tax_class,
        image_urls=list(image_urls),
        barcode=barcode,
        options=[dict(option) for option in options],
        option_values={},
        created_at=now,
        updated_at=now,
    )
    async with _unique_product_writes(uow, sku=sku, barcode=barcode):
        uow.session.add(product)
    _record(uow, "product.created", product, snapshot(product))
    return product


def _changes(obj: Any, fields: Sequence[str], sent: Mapping[str, Any]) -> dict[str, Any]:
    """`{field: {"from", "to"}}` of the fields sent whose value really changes."""
    changed: dict[str, Any] = {}
    for field in fields:
        if field in sent and getattr(obj, field) != sent[field]:
            changed[field] = {"from": getattr(obj, field), "to": sent[field]}
    return changed


def _recorded(changed: dict[str, Any]) -> dict[str, Any]:
    return {
        field: {"from": _jsonable(change["from"]), "to": _jsonable(change["to"])}
        for field, change in changed.items()
    }


def _action(changed: dict[str, Any]) -> str:
    archived = changed.get("status", {}).get("to") == ProductStatus.ARCHIVED.value
    return "product.archived" if archived else "product.updated"


async def update_product(
    uow: WriteUnitOfWork, product_id: uuid.UUID, *, changes: Mapping[str, Any]
) -> Product:
    """Apply the fields sent (validated and canonical); the ones whose value really changes
    are audited. What variants take from their product follows it; options may change only
    in ways every variant still matches. Nothing changed, nothing recorded."""
    product = _not_a_variant(await _locked_product(uow, product_id))
    changed = _changes(product, PRODUCT_FIELDS, changes)
    if not changed:
        return product
    await _check_unique(
        uow,
        sku=changes["sku"] if "sku" in changed else None,
        barcode=changes["barcode"] if "barcode" in changed else None,
        own_id=product.id,
    )
    if changed.get("category_id", {}).get("to") is not None:
        await get_category(uow, changes["category_id"])
    follows = {"options", "currency", *INHERITED} & changed.keys()
    combinations = await repository.variant_combinations(uow, product.id) if follows else []
    if "options" in changed:
        _check_options_cover(changes["options"], combinations)
    if "currency" in changed:
        units = [product.id, *(variant_id for variant_id, _ in combinations)]
        if await repository.location_price_locations(uow, units):
            raise LocationCurrencyMismatch(
                "Prices per location are in the product's currency: remove them before changing it"
            )
    async with _unique_product_writes(
        uow, sku=changes.get("sku", product.sku), barcode=changes.get("barcode", product.barcode)
    ):
        for field, change in changed.items():
            setattr(product, field, change["to"])
        product.updated_at = uow.clock.now()
    inherited = {field: changed[field]["to"] for field in INHERITED if field in changed}
    if inherited and combinations:
        await repository.copy_to_variants(uow, product.id, inherited)
    _record(uow, _action(changed), product, _recorded(changed))
    return product


def _check_options_cover(
    options: Sequence[Mapping[str, Any]], combinations: list[tuple[uuid.UUID, dict[str, str]]]
) -> None:
    """Every variant must still name each option once, with one of its values."""
    values = {option["name"]: set(option["values"]) for option in options}
    for _, chosen in combinations:
        if set(chosen) != set(values) or any(v not in values[k] for k, v in chosen.items()):
            raise OptionsInUse(
                f"A variant has the option values {chosen}, which the new options don't "
                "offer: change or archive the variants first"
            )


async def archive_product(uow: WriteUnitOfWork, product_id: uuid.UUID) -> Product:
    """Soft delete: the product leaves the list (unless archived ones are asked for) and
    stays readable, for the stock and orders that name it. Its variants are not sold while it
    is archived (see `get_sellable_unit`). Archiving twice records nothing."""
    product = _not_a_variant(await _locked_product(uow, product_id))
    return await _archive(uow, product)


async def _archive(uow: WriteUnitOfWork, product: Product) -> Product:
    if product.status == ProductStatus.ARCHIVED.value:
        return product
    changes = {"status": {"from": product.status, "to": ProductStatus.ARCHIVED.value}}
    product.status = ProductStatus.ARCHIVED.value
    product.updated_at = uow.clock.now()
    await uow.session.flush()
    _record(uow, "product.archived", product, changes)
    return product


# --- variants ---------------------------------------------------------------------------------


def canonical_option_values(
    options: Sequence[Mapping[str, Any]], given: Mapping[str, str]
) -> dict[str, str]:
    """`given` in the product's spelling and option order: one value for each option, from
    its list (names and values compared without case)."""
    by_name = {option["name"].casefold(): option for option in options}
    chosen: dict[str, str] = {}
    for name, value in given.items():
        option = by_name.get(name.casefold())
        if option is None:
            known = ", ".join(repr(o["name"]) for o in options)
            raise InvalidOptionValues(f"The product has no option {name!r} (it has {known})")
        if option["name"] in chosen:
            raise InvalidOptionValues(f"The option {option['name']!r} is given twice")
        match = next((v for v in option["values"] if v.casefold() == value.casefold()), None)
        if match is None:
            allowed = ", ".join(repr(v) for v in option["values"])
            raise InvalidOptionValues(
                f"{value!r} is not a value of the option {option['name']!r} ({allowed})"
            )
        chosen[option["name"]] = match
    missing = [option["name"] for option in options if option["name"] not in chosen]
    if missing:
        raise InvalidOptionValues(f"A value is needed for each option; missing: {missing}")
    return {option["name"]: chosen[option["name"]] for option in options}


def _variant_name(product: Product, values: Mapping[str, str]) -> str:
    return " / ".join([product.name, *values.values()])[:200]


def _check_combination(
    combinations: list[tuple[uuid.UUID, dict[str, str]]],
    values: dict[str, str],
    own_id: uuid.UUID | None,
) -> None:
    for variant_id, chosen in combinations:
        if chosen == values and variant_id != own_id:
            raise VariantExists(f"The product already has a variant with {values}: {variant_id}")


async def create_variant(
    uow: WriteUnitOfWork,
    product_id: uuid.UUID,
    *,
    sku: str,
    option_values: Mapping[str, str],
    name: str | None = None,
    price: int | None = None,
    barcode: str | None = None,
    status: str | None = None,
    attributes: Mapping[str, Any] | None = None,
    image_urls: Sequence[str] = (),
) -> Product:
    """A variant of the product: a sellable unit of its own, with one value of each of the
    product's options, a combination no other variant has. Writers of one product take
    turns on its row, so two variants with one combination can't both pass the check."""
    product = await _locked_product(uow, product_id)
    if product.parent_id is not None:
        raise ProductIsVariant(f"{product.sku!r} is a variant: a variant has no variants")
    if not product.options:
        raise ProductHasNoOptions(
            f"Give the product {product.sku!r} its options (PATCH `options`) before variants"
        )
    values = canonical_option_values(product.options, option_values)
    combinations = await repository.variant_combinations(uow, product.id)
    if len(combinations) >= MAX_VARIANTS:
        raise TooManyVariants(f"A product has at most {MAX_VARIANTS} variants")
    _check_combination(combinations, values, None)
    await _check_unique(uow, sku=sku, barcode=barcode, own_id=None)
    now = uow.clock.now()
    variant = Product(
        id=new_id(),
        parent_id=product.id,
        sku=sku,
        name=name or _variant_name(product, values),
        description="",
        price=product.price if price is None else price,
        currency=product.currency,
        status=status or product.status,
        category_id=product.category_id,
        attributes=dict(attributes or {}),
        tax_class=product.tax_class,
        image_urls=list(image_urls),
        barcode=barcode,
        options=[],
        option_values=values,
        created_at=now,
        updated_at=now,
    )
    async with _unique_product_writes(uow, sku=sku, barcode=barcode):
        uow.session.add(variant)
    _record(uow, "product.created", variant, snapshot(variant))
    return variant


async def _variant_of(
    uow: WriteUnitOfWork, product_id: uuid.UUID, variant_id: uuid.UUID
) -> tuple[Product, Product]:
    """The product (its row held) and its variant."""
    product = await _locked_product(uow, product_id)
    variant = await uow.session.get(Product, (uow.require_tenant(), variant_id))
    if variant is None or variant.parent_id != product.id:
        raise VariantNotFound()
    return product, variant


async def update_variant(
    uow: WriteUnitOfWork,
    product_id: uuid.UUID,
    variant_id: uuid.UUID,
    *,
    changes: Mapping[str, Any],
) -> Product:
    """Apply the fields sent; new option values must match the product's options and no
    other variant's. Nothing changed, nothing recorded."""
    product, variant = await _variant_of(uow, product_id, variant_id)
    sent = dict(changes)
    if "option_values" in sent:
        sent["option_values"] = canonical_option_values(product.options, sent["option_values"])
    changed = _changes(variant, VARIANT_FIELDS, sent)
    if not changed:
        return variant
    if "option_values" in changed:
        combinations = await repository.variant_combinations(uow, product.id)
        _check_combination(combinations, sent["option_values"], variant.id)
    await _check_unique(
        uow,
        sku=sent["sku"] if "sku" in changed else None,
        barcode=sent["barcode"] if "barcode" in changed else None,
        own_id=variant.id,
    )
    async with _unique_product_writes(
        uow, sku=sent.get("sku", variant.sku), barcode=sent.get("barcode", variant.barcode)
    ):
        for field, change in changed.items():
            setattr(variant, field, change["to"])
        variant.updated_at = uow.clock.now()
    _record(uow, _action(changed), variant, _recorded(changed))
    return variant


async def archive_variant(
    uow: WriteUnitOfWork, product_id: uuid.UUID, variant_id: uuid.UUID
) -> Product:
    """Soft delete, as for products: the variant stays readable and keeps its SKU."""
    _, variant = await _variant_of(uow, product_id, variant_id)
    return await _archive(uow, variant)


# --- prices per location ----------------------------------------------------------------------


async def _sellable_for_pricing(uow: WriteUnitOfWork, product_id: uuid.UUID) -> Product:
    unit = await _locked_product(uow, product_id)
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
    unit = await _locked_product(uow, product_id)
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
    _record(uow, action, unit, changes)


async def price_at(uow: ReadUnitOfWork, product_id: uuid.UUID, location_id: uuid.UUID) -> int:
    """What the sellable unit costs at the location: its price there, else its own price
    (in its currency, minor units)."""
    row = await repository.unit_and_location_price(uow, product_id, location_id)
    if row is None:
        raise ProductNotFound()
    return int(row.price if row.location_price is None else row.location_price)


# --- sellable units ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SellableUnit:
    """What stock and orders know of a sellable unit (a plain product or a variant)."""

    id: uuid.UUID
    sku: str
    name: str
    price: int
    currency: str
    status: str
    tax_class: str


async def get_sellable_unit(uow: ReadUnitOfWork, product_id: uuid.UUID) -> SellableUnit:
    """The plain product or variant `product_id`; a product that has variants is not sold
    itself (409 `product_not_sellable`: its variants are). A variant's status is the less
    available of its own and its product's (an archived product's variants are archived)."""
    row = await repository.sellable_row(uow, product_id)
    if row is None:
        raise ProductNotFound()
    return _sellable(row)


async def sellable_units_at(
    uow: ReadUnitOfWork, product_ids: Iterable[uuid.UUID], location_id: uuid.UUID
) -> dict[uuid.UUID, tuple[SellableUnit, int]]:
    """`get_sellable_unit` and `price_at` of several units at once (one statement): each
    unit with what it costs at the location. The same refusals, for the first unit that
    has one."""
    wanted = list(dict.fromkeys(product_ids))
    rows = {row.id: row for row in await repository.sellable_rows_at(uow, wanted, location_id)}
    found = {}
    for product_id in wanted:
        row = rows.get(product_id)
        if row is None:
            raise ProductNotFound()
        price = row.price if row.location_price is None else row.location_price
        found[product_id] = (_sellable(row), int(price))
    return found


def _sellable(row: Any) -> SellableUnit:
    if row.has_variants:
        raise ProductNotSellable(
            f"The product {row.sku!r} has variants: stock and sell one of them"
        )
    status = max(row.status, row.parent_status or row.status, key=_UNAVAILABILITY.__getitem__)
    return SellableUnit(
        id=row.id,
        sku=row.sku,
        name=row.name,
        price=row.price,
        currency=row.currency,
        status=status,
        tax_class=row.tax_class,
    )


async def unknown_product_ids(
    uow: ReadUnitOfWork, product_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of `product_ids` that name no product (nor variant) of the tenant, archived ones
    included: for other domains that keep product ids (discounts)."""
    wanted = set(product_ids)
    if not wanted:
        return set()
    found = await uow.session.scalars(sa.select(Product.id).where(Product.id.in_(wanted)))
    return wanted - set(found.all())


async def category_lineage(
    uow: ReadUnitOfWork, product_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
    """Each of `product_ids` with its category and every category above it, up to the top
    level (a variant's are its product's; no category, or no such product: empty): what a
    discount limited to a category covers, its descendants included. One statement."""
    wanted = list(dict.fromkeys(product_ids))
    lineage: dict[uuid.UUID, set[uuid.UUID]] = {product_id: set() for product_id in wanted}
    if wanted:
        for row in await repository.category_lineage(uow, wanted):
            lineage[row.product_id].add(row.category_id)
    return {product_id: frozenset(ids) for product_id, ids in lineage.items()}


# --- categories -------------------------------------------------------------------------------


def category_snapshot(category: Category) -> dict[str, Any]:
    return {
        "name": category.name,
        "parent_id": _jsonable(category.parent_id),
        "path": category.path,
        "position": category.position,
    }


def _record_category(
    uow: WriteUnitOfWork, action: str, category: Category, changes: dict[str, Any]
) -> None:
    audit.record(uow, action=action, target_type=CATEGORY, target_id=category.id, changes=changes)
    record_event(
        uow,
        action,
        {"category_id": str(category.id), "path": category.path, "changes": changes},
    )


async def get_category(uow: ReadUnitOfWork, category_id: uuid.UUID) -> Category:
    category = await uow.session.get(Category, (uow.require_tenant(), category_id))
    if category is None:
        raise CategoryNotFound()
    return category


async def unknown_category_ids(
    uow: ReadUnitOfWork, category_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of `category_ids` that name no category of the tenant."""
    wanted = set(category_ids)
    if not wanted:
        return set()
    found = await uow.session.scalars(sa.select(Category.id).where(Category.id.in_(wanted)))
    return wanted - set(found.all())


async def _sibling_named(
    uow: ReadUnitOfWork,
    parent_id: uuid.UUID | None,
    name: str,
    *,
    except_id: uuid.UUID | None = None,
) -> Category | None:
    """The child of `parent_id` (of the top level, for None) with this name, case aside."""
    under = Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id
    siblings = (await uow.session.scalars(sa.select(Category).where(under))).all()
    folded = name.casefold()
    return next((c for c in siblings if c.name.casefold() == folded and c.id != except_id), None)


def _name_taken(path: str) -> CategoryNameTaken:
    return CategoryNameTaken(f"A category {path!r} already exists (names ignore case)")


def _path_of(parent: Category | None, name: str) -> str:
    path = name if parent is None else f"{parent.path}/{name}"
    if len(path) > MAX_PATH:
        raise InvalidCategoryPath(f"A category path has at most {MAX_PATH} characters")
    return path


@asynccontextmanager
async def _unique_category_writes(uow: WriteUnitOfWork, path: str) -> AsyncIterator[None]:
    """The changes made inside are flushed in a savepoint: a concurrent writer that took the
    path first answers 409, and the transaction stays usable (a path made by another import
    meanwhile is then read and used)."""
    try:
        async with uow.session.begin_nested():
            yield
            await uow.session.flush()
    except IntegrityError as exc:
        raise _name_taken(path) from exc


async def _create_category(
    uow: WriteUnitOfWork, parent: Category | None, name: str, position: int
) -> Category:
    path = _path_of(parent, name)
    if await _sibling_named(uow, None if parent is None else parent.id, name) is not None:
        raise _name_taken(path)
    now = uow.clock.now()
    category = Category(
        id=new_id(),
        parent_id=None if parent is None else parent.id,
        name=name,
        path=path,
        position=position,
        created_at=now,
        updated_at=now,
    )
    async with _unique_category_writes(uow, path):
        uow.session.add(category)
    _record_category(uow, "category.created", category, category_snapshot(category))
    return category


async def create_category(
    uow: WriteUnitOfWork, *, name: str, parent_id: uuid.UUID | None = None, position: int = 0
) -> Category:
    """A category under `parent_id` (or at the top level); siblings' names differ, case
    aside (409 `category_name_taken`)."""
    parent = None if parent_id is None else await get_category(uow, parent_id)
    return await _create_category(uow, parent, name, position)


def category_path_names(path: str) -> list[str]:
    """The names of a category path ("Drinks / Tea" -> ["Drinks", "Tea"]), each stripped; a
    path with an empty level, a level over 120 characters or over 1000 characters in all is
    refused (422 `invalid_category_path`)."""
    names = [name.strip() for name in path.split("/")]
    if "\x00" in path or any(not name or len(name) > MAX_CATEGORY_NAME for name in names):
        raise InvalidCategoryPath(
            f"{path!r} is not a category path: names of 1-120 characters joined by '/'"
        )
    if len("/".join(names)) > MAX_PATH:
        raise InvalidCategoryPath(f"A category path has at most {MAX_PATH} characters")
    return names


async def get_or_create_category_path(uow: WriteUnitOfWork, path: str) -> Category:
    """The category at `path` ("Drinks/Tea"), creating the levels that are missing. Levels
    match existing categories case aside, keeping their spelling. A path with an empty level
    or a level over 120 characters is refused (422 `invalid_category_path`)."""
    names = category_path_names(path)
    parent: Category | None = None
    for name in names:
        parent_id = None if parent is None else parent.id
        existing = await _sibling_named(uow, parent_id, name)
        if existing is None:
            try:
                existing = await _create_category(uow, parent, name, 0)
            except CategoryNameTaken:
                # Another transaction made it meanwhile (and committed): use that one.
                existing = await _sibling_named(uow, parent_id, name)
                if existing is None:
                    raise
        parent = existing
    assert parent is not None  # a path has at least one name
    return parent


async def update_category(
    uow: WriteUnitOfWork, category_id: uuid.UUID, *, changes: Mapping[str, Any]
) -> Category:
    """Rename, move (`parent_id`, null for the top level) or reorder. A new name or place
    rewrites the paths of every category below it. A category can't move under itself or
    one of its descendants (409 `category_cycle`)."""
    category = await get_category(uow, category_id)
    changed = _changes(category, ("name", "parent_id", "position"), changes)
    if not changed:
        return category
    old_path = category.path
    new_path = old_path
    if "name" in changed or "parent_id" in changed:
        name = changes.get("name", category.name)
        parent_id = changes.get("parent_id", category.parent_id)
        parent = None if parent_id is None else await _new_parent(uow, category, parent_id)
        new_path = _path_of(parent, name)
        if await _sibling_named(uow, parent_id, name, except_id=category.id) is not None:
            raise _name_taken(new_path)
        longest = await repository.longest_path_below(uow, old_path)
        if longest and longest - len(old_path) + len(new_path) > MAX_PATH:
            raise InvalidCategoryPath(
                f"A category path has at most {MAX_PATH} characters; the move would make "
                "a longer one below it"
            )
        if new_path != old_path:
            changed["path"] = {"from": old_path, "to": new_path}
    async with _unique_category_writes(uow, new_path):
        for field, change in changed.items():
            setattr(category, field, change["to"])
        category.updated_at = uow.clock.now()
    moved = 0
    if new_path != old_path:
        moved = await repository.move_descendants(uow, old_path, new_path)
    recorded = _recorded(changed)
    if moved:
        recorded["descendants_moved"] = moved
    _record_category(uow, "category.updated", category, recorded)
    return category


async def _new_parent(uow: ReadUnitOfWork, category: Category, parent_id: uuid.UUID) -> Category:
    if parent_id == category.id:
        raise CategoryCycle("A category can't be its own parent")
    parent = await get_category(uow, parent_id)
    if parent.path.startswith(f"{category.path}/"):
        raise CategoryCycle(
            f"{parent.path!r} is below {category.path!r}: a category can't move under its "
            "own descendant"
        )
    return parent


async def delete_category(uow: WriteUnitOfWork, category_id: uuid.UUID) -> None:
    """Only an empty category goes: one with categories or products (archived ones too)
    below it answers 409 `category_not_empty`."""
    category = await get_category(uow, category_id)
    if await repository.category_in_use(uow, category.id):
        raise CategoryNotEmpty(
            f"The category {category.path!r} has categories or products: move them first"
        )
    recorded = category_snapshot(category)
    try:
        # A product or category added below it meanwhile makes the foreign key refuse.
        async with uow.session.begin_nested():
            await uow.session.delete(category)
            await uow.session.flush()
    except IntegrityError as exc:
        raise CategoryNotEmpty(
            f"The category {recorded['path']!r} has categories or products: move them first"
        ) from exc
    _record_category(uow, "category.deleted", category, recorded)


async def list_categories(
    uow: ReadUnitOfWork,
    *,
    parent_id: uuid.UUID | None,
    top_level: bool,
    q: str | None,
    page: PageParams,
) -> tuple[list[dict[str, Any]], str | None]:
    """By path: each category right before the categories below it."""
    after_path = None
    if page.cursor:
        after_path = page.cursor.get("path")
        if not isinstance(after_path, str) or "\x00" in after_path or len(after_path) > MAX_PATH:
            raise InvalidCursor("The cursor is not one this API issued")
    rows = await repository.category_page(
        uow,
        parent_id=parent_id,
        top_level=top_level,
        q=(q or "").strip() or None,
        after_path=after_path,
        limit=page.limit,
    )
    cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        cursor = encode_cursor({"path": rows[-1].path})
    return [dict(row._mapping) for row in rows], cursor


# --- look-ups by SKU (bulk tools: the demo data, imports) -------------------------------------


async def has_variants(uow: ReadUnitOfWork, product_id: uuid.UUID) -> bool:
    return await repository.has_variants(uow, product_id)


async def ids_by_sku_prefix(uow: ReadUnitOfWork, prefix: str) -> dict[str, uuid.UUID]:
    """The tenant's top-level products whose SKU starts with `prefix`, by SKU."""
    return await repository.top_level_ids_by_sku_prefix(uow, prefix)


async def sellable_prices_by_sku_prefix(
    uow: ReadUnitOfWork, prefix: str
) -> dict[str, tuple[uuid.UUID, int]]:
    """The tenant's sellable units (plain products and variants, not the products that have
    variants) whose SKU starts with `prefix`: (id, price) by SKU."""
    return await repository.sellable_prices_by_sku_prefix(uow, prefix)
