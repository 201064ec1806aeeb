"""The answers: a product's and a variant's documents, built from Core rows, and the
product list (on the session, and on PostgreSQL's driver connection, the catalog's hot
path, from the driver's records)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Row

from olympus.commerce.catalog import repository
from olympus.commerce.catalog.errors import ProductNotFound, VariantNotFound
from olympus.core.db import Database, ReadUnitOfWork
from olympus.core.pagination import InvalidCursor, PageParams, cursor_uuid, encode_cursor

_SORTS = {
    "name": ("name", False),
    "-name": ("name", True),
    "price": ("price", False),
    "-price": ("price", True),
    "created": ("id", False),
    "-created": ("id", True),
}
_BIGINT = 2**63


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
