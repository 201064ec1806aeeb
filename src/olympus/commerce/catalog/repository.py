"""Core statements of the catalog: the product list and search (the catalog's hottest read,
also run on PostgreSQL's driver connection: the `_on` functions), the reads that build
product answers, and the few bulk writes of the tree and of variants. Every statement binds
`tenant_id` itself.

On PostgreSQL the search condition is `ILIKE` on name, SKU and barcode, which the trigram
index `ix_products_search` answers; the statements keep to conditions that row-level
security lets the planner push into an index (no COALESCE: a CASE says the same)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import asyncpg as pg_asyncpg
from sqlalchemy.engine import Row
from sqlalchemy.orm import aliased

from olympus.commerce.catalog.models import Category, LocationPrice, Product, ProductStatus
from olympus.core.db import DriverConnection, ReadUnitOfWork, WriteUnitOfWork

_PRODUCTS = cast(sa.Table, Product.__table__)
_PRICES = cast(sa.Table, LocationPrice.__table__)
_CATEGORIES = cast(sa.Table, Category.__table__)
# The rows a search matches (a variant stands for its product), a product's variants, and the
# rows a location's stock names (the same: a variant stands for its product).
_HITS = _PRODUCTS.alias("hits")
_CHILDREN = _PRODUCTS.alias("children")
_STOCKED = _PRODUCTS.alias("stocked")
_PARENTS = _PRODUCTS.alias("parents")
_SUBTREE_CHILDREN = _CATEGORIES.alias("subtree_children")

# What an answer shows of a product row; tenant_id is the caller's own.
_SHOWN = [c for c in _PRODUCTS.c if c.name != "tenant_id"]
# Shorter patterns hold no trigram: the index can't narrow them down, and as they match
# many rows, walking the sort's index until the page is full is the better plan (so their
# matches are not gathered first).
TRIGRAM = 3
_CUSTOM_PLANS = sa.text("SET LOCAL plan_cache_mode = force_custom_plan")
# The escape character of LIKE patterns: PostgreSQL's default, named explicitly on SQLite.
_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's wildcards in `text` matching themselves."""
    escaped = text.replace(_ESCAPE, _ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: sa.ColumnElement[Any], pattern: Any, dialect: str) -> sa.ColumnElement[bool]:
    # PostgreSQL: a bare ILIKE, which the trigram index answers (an ESCAPE clause would wrap
    # the pattern in a function call); backslash is its default escape already.
    if dialect == "postgresql":
        return column.ilike(pattern)
    return column.ilike(pattern, escape=_ESCAPE)


def _top_level_id(table: sa.FromClause) -> sa.ColumnElement[Any]:
    """A variant's product, a product itself. (COALESCE would say it shorter, but row-level
    security treats it as leaky and would keep the join out of the primary-key index.)"""
    return sa.case((table.c.parent_id.is_(None), table.c.id), else_=table.c.parent_id)


# --- the product list -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductQuery:
    """What the list asks for, validated: the filters, the sort and where the page starts."""

    q: str | None = None
    status: str | None = None
    include_archived: bool = False
    category_id: uuid.UUID | None = None
    # A statement selecting sellable-unit ids (plain products or variants): only products
    # among them, or with a variant among them, are listed.
    restrict_to_ids: sa.Select[Any] | None = None
    sort_column: str = "id"
    descending: bool = False
    after_key: Any = None
    after_id: uuid.UUID | None = None
    limit: int = 50


# The values a page statement binds by name, so that one statement of each shape is built
# once and reused (building one costs more than running it: the select lists of its
# subqueries and CTE are made column by column).
_TENANT = sa.bindparam("tenant_id", type_=_PRODUCTS.c.tenant_id.type)
_PATTERN = sa.bindparam("pattern", type_=_PRODUCTS.c.name.type)
_LIMIT = sa.bindparam("limit", type_=sa.Integer())
_PAGE_STATEMENTS: dict[tuple[Any, ...], sa.Select[Any]] = {}


def _category_subtree(tenant_id: Any, category_id: Any) -> sa.CTE:
    """The category and every category below it."""
    subtree = (
        sa.select(_CATEGORIES.c.id)
        .where(_CATEGORIES.c.tenant_id == tenant_id, _CATEGORIES.c.id == category_id)
        .cte("subtree", recursive=True)
    )
    return subtree.union_all(
        sa.select(_SUBTREE_CHILDREN.c.id).where(
            _SUBTREE_CHILDREN.c.tenant_id == tenant_id,
            _SUBTREE_CHILDREN.c.parent_id == subtree.c.id,
        )
    )


def _has_variants(tenant_id: Any, table: sa.FromClause) -> Any:
    return (
        sa.exists()
        .where(_CHILDREN.c.tenant_id == tenant_id, _CHILDREN.c.parent_id == table.c.id)
        .label("has_variants")
    )


def _has_prices(tenant_id: Any, table: sa.FromClause) -> Any:
    return (
        sa.exists()
        .where(_PRICES.c.tenant_id == tenant_id, _PRICES.c.product_id == table.c.id)
        .label("has_prices")
    )


async def product_page(uow: ReadUnitOfWork, query: ProductQuery) -> Sequence[Row[Any]]:
    """Up to `limit + 1` top-level products in the asked order (one more than the page, so
    the caller knows whether another page follows), each with `has_variants` and
    `has_prices`."""
    conn = await uow.session.connection()
    if query.q and conn.dialect.name == "postgresql":
        # A search is planned for its own text: how many rows a pattern matches decides the
        # plan, and a plan cached for the statement (made once five searches have run, with
        # the patterns' average) walks a whole index for a barcode that matches one row.
        await conn.execute(_CUSTOM_PLANS)
    stmt = _page_statement(conn.dialect.name, query)
    return (await conn.execute(stmt, _page_values(uow.require_tenant(), query))).all()


def product_page_statement(
    tenant_id: uuid.UUID, dialect: str, query: ProductQuery
) -> sa.Select[Any]:
    """The statement of `product_page`, for the dialect it runs on, its values bound."""
    return _page_statement(dialect, query).params(_page_values(tenant_id, query))


def _page_values(tenant_id: uuid.UUID, query: ProductQuery) -> dict[str, Any]:
    values: dict[str, Any] = {"tenant_id": tenant_id, "limit": query.limit + 1}
    if query.q:
        values["pattern"] = like_pattern(query.q)
    if query.status is not None:
        values["status"] = query.status
    if query.category_id is not None:
        values["category_id"] = query.category_id
    if query.after_id is not None:
        values["after_id"] = query.after_id
        if query.sort_column != "id":
            values["after_key"] = query.after_key
    return values


def _shape(dialect: str, query: ProductQuery) -> tuple[Any, ...]:
    """What decides a page statement's text: its filters, sort and whether it continues a
    page (not their values, bound at execution)."""
    return (
        dialect,
        bool(query.q),
        len(query.q or "") >= TRIGRAM,
        query.status is not None,
        query.include_archived,
        query.category_id is not None,
        query.sort_column,
        query.descending,
        query.after_id is not None,
    )


def _page_statement(dialect: str, query: ProductQuery) -> sa.Select[Any]:
    """The page statement of the query's shape, made once per shape; the values are bound at
    execution. A statement narrowing the list to some ids carries values of its own, so it
    is made each time."""
    if query.restrict_to_ids is not None:
        return _build_page_statement(dialect, query)
    shape = _shape(dialect, query)
    stmt = _PAGE_STATEMENTS.get(shape)
    if stmt is None:
        stmt = _PAGE_STATEMENTS[shape] = _build_page_statement(dialect, query)
    return stmt


def _build_page_statement(
    dialect: str, query: ProductQuery, *, as_text: bool = False
) -> sa.Select[Any]:
    """The statement of `product_page`, its values as named parameters (`_page_values`).

    A search of three characters or more on PostgreSQL gathers every match first (a
    materialized CTE): products whose name, SKU or barcode matches, from the trigram index,
    and products of matching variants, by primary key. Only then are the matches sorted, so
    the cost follows the number of matches. (Left to choose, the planner may walk the sort's
    index testing each row: quick when matches are many and spread out, a read of the whole
    catalog when they cluster at its end.) The page is chosen before its rows are looked at
    for variants and prices: EXISTS over the whole list would be planned as one sweep of
    every variant of the tenant.

    `as_text=True` (the driver's statement): ids and JSON columns are read as text, which
    the answer takes as it is (no UUID objects, no JSON decoded only to be encoded again)."""
    tenant_id = _TENANT
    stmt = sa.select(*_SHOWN).where(
        _PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.parent_id.is_(None)
    )
    if query.status is not None:
        stmt = stmt.where(_PRODUCTS.c.status == sa.bindparam("status", type_=sa.String()))
    elif not query.include_archived:
        stmt = stmt.where(_PRODUCTS.c.status != ProductStatus.ARCHIVED.value)
    if query.category_id is not None:
        category = sa.bindparam("category_id", type_=_CATEGORIES.c.id.type)
        subtree = _category_subtree(tenant_id, category)
        stmt = stmt.where(_PRODUCTS.c.category_id.in_(sa.select(subtree.c.id)))
    if query.restrict_to_ids is not None:
        stocked = sa.select(_top_level_id(_STOCKED)).where(
            _STOCKED.c.tenant_id == tenant_id,
            _STOCKED.c.id.in_(query.restrict_to_ids),
        )
        stmt = stmt.where(_PRODUCTS.c.id.in_(stocked))
    after = _after(query, _PRODUCTS)
    if after is not None:
        stmt = stmt.where(after)
    chosen: sa.Select[Any]
    if query.q:
        pattern = _PATTERN
        direct = _matches(_PRODUCTS, pattern, dialect)
        through_variants = sa.select(_HITS.c.parent_id).where(
            _HITS.c.tenant_id == tenant_id,
            _HITS.c.parent_id.is_not(None),
            _matches(_HITS, pattern, dialect),
        )
        if dialect == "postgresql":
            # Two branches, so each keeps a plan of its own: the products matching
            # themselves (trigram index), and the products of matching variants, looked up
            # by primary key (as an array: in one branch with the other, it would be
            # searched row by row).
            found = sa.union_all(
                stmt.where(direct),
                stmt.where(
                    _PRODUCTS.c.id == sa.any_(sa.func.array(through_variants.scalar_subquery())),
                    _does_not_match(_PRODUCTS, pattern, dialect),
                ),
            ).cte("matches")
            if len(query.q) >= TRIGRAM:
                found = found.prefix_with("MATERIALIZED")
            chosen = sa.select(found).order_by(*_order(query, found))
        else:
            stmt = stmt.where(sa.or_(direct, _PRODUCTS.c.id.in_(through_variants)))
            chosen = stmt.order_by(*_order(query, _PRODUCTS))
    else:
        chosen = stmt.order_by(*_order(query, _PRODUCTS))
    page = chosen.limit(_LIMIT).subquery("page")
    shown: list[Any] = [
        sa.cast(column, sa.Text).label(column.name)
        if as_text and column.name in TEXT_COLUMNS
        else column
        for column in page.c
    ]
    return sa.select(*shown, _has_variants(tenant_id, page), _has_prices(tenant_id, page)).order_by(
        *_order(query, page)
    )


def _matches(table: sa.FromClause, pattern: Any, dialect: str) -> sa.ColumnElement[bool]:
    return sa.or_(
        _contains(table.c.name, pattern, dialect),
        _contains(table.c.sku, pattern, dialect),
        _contains(table.c.barcode, pattern, dialect),
    )


def _does_not_match(table: sa.FromClause, pattern: Any, dialect: str) -> sa.ColumnElement[bool]:
    """NOT of `_matches`, true for a product without a barcode too (NOT of NULL is NULL)."""
    return sa.and_(
        sa.not_(_contains(table.c.name, pattern, dialect)),
        sa.not_(_contains(table.c.sku, pattern, dialect)),
        sa.or_(table.c.barcode.is_(None), sa.not_(_contains(table.c.barcode, pattern, dialect))),
    )


def _sort_columns(query: ProductQuery, table: sa.FromClause) -> list[sa.ColumnElement[Any]]:
    """The sort column then the id: unique, so the order is total."""
    if query.sort_column == "id":
        return [table.c.id]
    return [table.c[query.sort_column], table.c.id]


def _order(query: ProductQuery, table: sa.FromClause) -> list[sa.ColumnElement[Any]]:
    columns = _sort_columns(query, table)
    return [c.desc() if query.descending else c.asc() for c in columns]


def _after(query: ProductQuery, table: sa.FromClause) -> sa.ColumnElement[bool] | None:
    """The rows after the cursor's (`after_key`, `after_id`) in the sort order (a row
    comparison, which the sort's index answers)."""
    if query.after_id is None:
        return None
    columns = _sort_columns(query, table)
    names = ["after_id"] if query.sort_column == "id" else ["after_key", "after_id"]
    position = sa.tuple_(*columns)
    bound = sa.tuple_(*(sa.bindparam(n, type_=c.type) for n, c in zip(names, columns, strict=True)))
    return position < bound if query.descending else position > bound


async def products_by_id(uow: ReadUnitOfWork, product_id: uuid.UUID) -> Row[Any] | None:
    """One product row (a variant too) with `has_variants` and `has_prices`."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    stmt = sa.select(
        *_SHOWN, _has_variants(tenant_id, _PRODUCTS), _has_prices(tenant_id, _PRODUCTS)
    ).where(_PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.id == product_id)
    return (await conn.execute(stmt)).one_or_none()


async def variants_of(uow: ReadUnitOfWork, parent_ids: Sequence[uuid.UUID]) -> Sequence[Row[Any]]:
    """The variants of these products, each product's in creation order, with `has_prices`."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    stmt = (
        sa.select(*_SHOWN, _has_prices(tenant_id, _PRODUCTS))
        .where(_PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.parent_id.in_(parent_ids))
        .order_by(_PRODUCTS.c.parent_id, _PRODUCTS.c.id)
    )
    return (await conn.execute(stmt)).all()


async def location_prices_of(
    uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]
) -> Sequence[Row[Any]]:
    """(product_id, location_id, price) of these sellable units, by product then location."""
    conn = await uow.session.connection()
    stmt = (
        sa.select(_PRICES.c.product_id, _PRICES.c.location_id, _PRICES.c.price)
        .where(_PRICES.c.tenant_id == uow.require_tenant(), _PRICES.c.product_id.in_(product_ids))
        .order_by(_PRICES.c.product_id, _PRICES.c.location_id)
    )
    return (await conn.execute(stmt)).all()


# --- the product list on the driver connection ------------------------------------------------
# PostgreSQL's hot path: the same page statement, compiled once per shape for asyncpg and run
# on the driver connection (prepared once per connection by the driver), then the page's
# variants and prices per location, written for the driver. Ids and JSON columns come back
# as text (`TEXT_COLUMNS`).

# The columns read as text on the driver path: ids and JSON documents.
TEXT_COLUMNS = frozenset(
    {"id", "parent_id", "category_id", "attributes", "image_urls", "options", "option_values"}
)
_DRIVER_DIALECT = pg_asyncpg.dialect()  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class DriverStatement:
    """A statement in the driver's SQL (`$1`, `$2`, ...) and what each parameter binds: a
    value of the page (`_page_values`) by name, or a constant of the statement itself."""

    sql: str
    names: tuple[str, ...]
    constants: dict[str, Any]

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        return [values[n] if n in values else self.constants[n] for n in self.names]


_DRIVER_PAGE_STATEMENTS: dict[tuple[Any, ...], DriverStatement] = {}


def _compiled_for_driver(stmt: sa.Select[Any]) -> DriverStatement:
    compiled = stmt.compile(dialect=_DRIVER_DIALECT)
    # The page binds ids, text and integers, which asyncpg takes as they are; a type that
    # SQLAlchemy converts before binding would need the same conversion here.
    if compiled._bind_processors:
        raise TypeError(f"parameters needing conversion: {sorted(compiled._bind_processors)}")
    names = tuple(compiled.positiontup or ())
    return DriverStatement(compiled.string, names, dict(compiled.params))


def driver_page_statement(query: ProductQuery) -> DriverStatement:
    """The statement of `product_page_on`, made once per shape (each time when the query
    narrows the list to some ids, a statement carrying values of its own)."""
    if query.restrict_to_ids is not None:
        return _compiled_for_driver(_build_page_statement("postgresql", query, as_text=True))
    shape = _shape("postgresql", query)
    statement = _DRIVER_PAGE_STATEMENTS.get(shape)
    if statement is None:
        built = _build_page_statement("postgresql", query, as_text=True)
        statement = _DRIVER_PAGE_STATEMENTS[shape] = _compiled_for_driver(built)
    return statement


async def product_page_on(
    conn: DriverConnection, tenant_id: uuid.UUID, query: ProductQuery
) -> list[Any]:
    """`product_page` on the driver connection, in a transaction scoped to `tenant_id` (and
    planned for its own pattern when it searches: `plan_cache_mode = force_custom_plan`,
    set by the caller when the transaction opens). Ids and JSON columns as text."""
    statement = driver_page_statement(query)
    return await conn.fetch(statement.sql, *statement.arguments(_page_values(tenant_id, query)))


_DRIVER_VARIANTS = """
SELECT id::text AS id, parent_id::text AS parent_id, sku, name, price, currency, status,
       barcode, option_values::text AS option_values, attributes::text AS attributes,
       image_urls::text AS image_urls, created_at, updated_at,
       EXISTS (SELECT FROM location_prices
               WHERE location_prices.tenant_id = $1
                 AND location_prices.product_id = products.id) AS has_prices
FROM products
WHERE products.tenant_id = $1 AND products.parent_id = ANY($2::uuid[])
ORDER BY products.parent_id, products.id
"""
_DRIVER_PRICES = """
SELECT product_id::text AS product_id, location_id::text AS location_id, price
FROM location_prices
WHERE tenant_id = $1 AND product_id = ANY($2::uuid[])
ORDER BY product_id, location_id
"""


async def variants_on(
    conn: DriverConnection, tenant_id: uuid.UUID, parent_ids: Sequence[str]
) -> list[Any]:
    """`variants_of` on the driver connection: ids and JSON columns as text."""
    return await conn.fetch(_DRIVER_VARIANTS, tenant_id, parent_ids)


async def location_prices_on(
    conn: DriverConnection, tenant_id: uuid.UUID, product_ids: Sequence[str]
) -> list[Any]:
    """`location_prices_of` on the driver connection: ids as text."""
    return await conn.fetch(_DRIVER_PRICES, tenant_id, product_ids)


# --- sellable units and prices ----------------------------------------------------------------


async def sellable_row(uow: ReadUnitOfWork, product_id: uuid.UUID) -> Row[Any] | None:
    """The product with `has_variants` and its product's status (`parent_status`, null on a
    top-level product)."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    parent_status = (
        sa.select(_PARENTS.c.status)
        .where(_PARENTS.c.tenant_id == tenant_id, _PARENTS.c.id == _PRODUCTS.c.parent_id)
        .scalar_subquery()
        .label("parent_status")
    )
    stmt = sa.select(
        _PRODUCTS.c.id,
        _PRODUCTS.c.sku,
        _PRODUCTS.c.name,
        _PRODUCTS.c.price,
        _PRODUCTS.c.currency,
        _PRODUCTS.c.status,
        _PRODUCTS.c.tax_class,
        _has_variants(tenant_id, _PRODUCTS),
        parent_status,
    ).where(_PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.id == product_id)
    return (await conn.execute(stmt)).one_or_none()


def _sellable_rows_at_statement() -> sa.Select[Any]:
    tenant_id = sa.bindparam("tenant_id", type_=_PRODUCTS.c.tenant_id.type)
    parent_status = (
        sa.select(_PARENTS.c.status)
        .where(_PARENTS.c.tenant_id == tenant_id, _PARENTS.c.id == _PRODUCTS.c.parent_id)
        .scalar_subquery()
        .label("parent_status")
    )
    override = (
        sa.select(_PRICES.c.price)
        .where(
            _PRICES.c.tenant_id == tenant_id,
            _PRICES.c.product_id == _PRODUCTS.c.id,
            _PRICES.c.location_id == sa.bindparam("location_id", type_=_PRICES.c.location_id.type),
        )
        .scalar_subquery()
        .label("location_price")
    )
    return sa.select(
        _PRODUCTS.c.id,
        _PRODUCTS.c.sku,
        _PRODUCTS.c.name,
        _PRODUCTS.c.price,
        _PRODUCTS.c.currency,
        _PRODUCTS.c.status,
        _PRODUCTS.c.tax_class,
        _has_variants(tenant_id, _PRODUCTS),
        parent_status,
        override,
    ).where(
        _PRODUCTS.c.tenant_id == tenant_id,
        _PRODUCTS.c.id.in_(sa.bindparam("product_ids", expanding=True)),
    )


# Built once (every sale prices its lines with it): the values are bound per call.
_SELLABLE_ROWS_AT = _sellable_rows_at_statement()


async def sellable_rows_at(
    uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID], location_id: uuid.UUID
) -> Sequence[Row[Any]]:
    """`sellable_row` of each of `product_ids` that exists, with its `location_price` at
    `location_id` (null without an override), in one statement."""
    conn = await uow.session.connection()
    params = {
        "tenant_id": uow.require_tenant(),
        "location_id": location_id,
        "product_ids": list(product_ids),
    }
    return (await conn.execute(_SELLABLE_ROWS_AT, params)).all()


async def category_lineage(
    uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]
) -> Sequence[Row[Any]]:
    """(`product_id`, `category_id`) for each of `product_ids` with a category: its own
    category and every category above it (a variant's category is its product's), in one
    recursive statement walking `parent_id` upwards."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    own = (
        sa.select(
            _PRODUCTS.c.id.label("product_id"),
            sa.func.coalesce(_PARENTS.c.category_id, _PRODUCTS.c.category_id).label("category_id"),
        )
        .select_from(
            _PRODUCTS.outerjoin(
                _PARENTS,
                sa.and_(
                    _PARENTS.c.tenant_id == _PRODUCTS.c.tenant_id,
                    _PARENTS.c.id == _PRODUCTS.c.parent_id,
                ),
            )
        )
        .where(_PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.id.in_(list(product_ids)))
    )
    lineage = own.cte("lineage", recursive=True)
    lineage = lineage.union_all(
        sa.select(lineage.c.product_id, _CATEGORIES.c.parent_id).where(
            _CATEGORIES.c.tenant_id == tenant_id,
            _CATEGORIES.c.id == lineage.c.category_id,
            _CATEGORIES.c.parent_id.is_not(None),
        )
    )
    stmt = sa.select(lineage.c.product_id, lineage.c.category_id).where(
        lineage.c.category_id.is_not(None)
    )
    return (await conn.execute(stmt)).all()


async def unit_and_location_price(
    uow: ReadUnitOfWork, product_id: uuid.UUID, location_id: uuid.UUID
) -> Row[Any] | None:
    """(price, location_price) of a product; location_price is null without an override."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    override = (
        sa.select(_PRICES.c.price)
        .where(
            _PRICES.c.tenant_id == tenant_id,
            _PRICES.c.product_id == _PRODUCTS.c.id,
            _PRICES.c.location_id == location_id,
        )
        .scalar_subquery()
        .label("location_price")
    )
    stmt = sa.select(_PRODUCTS.c.price, override).where(
        _PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.id == product_id
    )
    return (await conn.execute(stmt)).one_or_none()


# --- uniqueness and variants ------------------------------------------------------------------


async def product_with_sku(uow: ReadUnitOfWork, sku: str) -> uuid.UUID | None:
    conn = await uow.session.connection()
    found: uuid.UUID | None = await conn.scalar(
        sa.select(_PRODUCTS.c.id).where(
            _PRODUCTS.c.tenant_id == uow.require_tenant(), _PRODUCTS.c.sku == sku
        )
    )
    return found


async def product_with_barcode(uow: ReadUnitOfWork, barcode: str) -> uuid.UUID | None:
    conn = await uow.session.connection()
    found: uuid.UUID | None = await conn.scalar(
        sa.select(_PRODUCTS.c.id).where(
            _PRODUCTS.c.tenant_id == uow.require_tenant(), _PRODUCTS.c.barcode == barcode
        )
    )
    return found


async def variant_combinations(
    uow: ReadUnitOfWork, parent_id: uuid.UUID
) -> list[tuple[uuid.UUID, dict[str, str]]]:
    """(id, option_values) of each variant of the product."""
    conn = await uow.session.connection()
    rows = await conn.execute(
        sa.select(_PRODUCTS.c.id, _PRODUCTS.c.option_values).where(
            _PRODUCTS.c.tenant_id == uow.require_tenant(), _PRODUCTS.c.parent_id == parent_id
        )
    )
    return [(row.id, dict(row.option_values)) for row in rows]


async def has_variants(uow: ReadUnitOfWork, product_id: uuid.UUID) -> bool:
    conn = await uow.session.connection()
    found = await conn.scalar(
        sa.select(_PRODUCTS.c.id)
        .where(_PRODUCTS.c.tenant_id == uow.require_tenant(), _PRODUCTS.c.parent_id == product_id)
        .limit(1)
    )
    return found is not None


async def location_price_locations(
    uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """The locations that have a price for any of these products."""
    conn = await uow.session.connection()
    rows = await conn.scalars(
        sa.select(_PRICES.c.location_id)
        .where(_PRICES.c.tenant_id == uow.require_tenant(), _PRICES.c.product_id.in_(product_ids))
        .distinct()
    )
    return set(rows)


async def copy_to_variants(
    uow: WriteUnitOfWork, parent_id: uuid.UUID, values: dict[str, Any]
) -> None:
    """What variants take from their product (currency, category, tax class), once it
    changes there."""
    conn = await uow.session.connection()
    await conn.execute(
        sa.update(_PRODUCTS)
        .where(_PRODUCTS.c.tenant_id == uow.require_tenant(), _PRODUCTS.c.parent_id == parent_id)
        .values(**values, updated_at=uow.clock.now())
    )


# --- the category tree ------------------------------------------------------------------------


async def category_in_use(uow: ReadUnitOfWork, category_id: uuid.UUID) -> bool:
    """Whether a category has children or products (archived ones and variants included)."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    child = sa.select(_CATEGORIES.c.id).where(
        _CATEGORIES.c.tenant_id == tenant_id, _CATEGORIES.c.parent_id == category_id
    )
    product = sa.select(_PRODUCTS.c.id).where(
        _PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.category_id == category_id
    )
    found = await conn.scalar(sa.select(sa.or_(sa.exists(child), sa.exists(product))))
    return bool(found)


def _below(path: str) -> sa.ColumnElement[bool]:
    """The paths under `path` (a comparison, not LIKE: case matters and '%' is a name)."""
    prefix = f"{path}/"
    return sa.func.substr(_CATEGORIES.c.path, 1, len(prefix), type_=sa.String) == prefix


async def longest_path_below(uow: ReadUnitOfWork, path: str) -> int:
    """The length of the longest path under `path` (0 when it has no descendants)."""
    conn = await uow.session.connection()
    longest = await conn.scalar(
        sa.select(sa.func.max(sa.func.length(_CATEGORIES.c.path))).where(
            _CATEGORIES.c.tenant_id == uow.require_tenant(), _below(path)
        )
    )
    return int(longest or 0)


async def move_descendants(uow: WriteUnitOfWork, old_path: str, new_path: str) -> int:
    """Rewrite the paths under `old_path` to lie under `new_path`; how many moved."""
    conn = await uow.session.connection()
    result = await conn.execute(
        sa.update(_CATEGORIES)
        .where(_CATEGORIES.c.tenant_id == uow.require_tenant(), _below(old_path))
        .values(
            path=sa.literal(new_path, sa.String)
            + sa.func.substr(_CATEGORIES.c.path, len(old_path) + 1, type_=sa.String),
            updated_at=uow.clock.now(),
        )
    )
    return int(result.rowcount or 0)


async def category_page(
    uow: ReadUnitOfWork,
    *,
    parent_id: uuid.UUID | None,
    top_level: bool,
    q: str | None,
    after_path: str | None,
    limit: int,
) -> Sequence[Row[Any]]:
    """Up to `limit + 1` categories ordered by path (each parent before its children)."""
    conn = await uow.session.connection()
    stmt = sa.select(
        _CATEGORIES.c.id,
        _CATEGORIES.c.parent_id,
        _CATEGORIES.c.name,
        _CATEGORIES.c.path,
        _CATEGORIES.c.position,
        _CATEGORIES.c.created_at,
        _CATEGORIES.c.updated_at,
    ).where(_CATEGORIES.c.tenant_id == uow.require_tenant())
    if parent_id is not None:
        stmt = stmt.where(_CATEGORIES.c.parent_id == parent_id)
    elif top_level:
        stmt = stmt.where(_CATEGORIES.c.parent_id.is_(None))
    if q:
        stmt = stmt.where(_contains(_CATEGORIES.c.name, like_pattern(q), conn.dialect.name))
    if after_path is not None:
        stmt = stmt.where(_CATEGORIES.c.path > after_path)
    stmt = stmt.order_by(_CATEGORIES.c.path).limit(limit + 1)
    return (await conn.execute(stmt)).all()


# --- bulk import and export -------------------------------------------------------------------
# The CSV import reads what it needs for a whole file in a few statements and writes products
# with one INSERT ... ON CONFLICT (tenant_id, sku) DO UPDATE per chunk; the export reads
# top-level products page by page, by id (keyset), with each one's category path.

# Rows per statement: 1000 rows of 19 columns stay far below both engines' limit on bound
# parameters (32,767 on PostgreSQL, 32,766 on SQLite).
UPSERT_CHUNK = 1000
# SQLite binds an IN list value by value: lookups go in chunks there.
_LOOKUP_CHUNK = 5000
# What the import may change of an existing product, by CSV column.
IMPORTED_FIELDS = (
    "name",
    "description",
    "price",
    "currency",
    "status",
    "category_id",
    "attributes",
    "tax_class",
    "image_urls",
    "barcode",
)


def _text_array(values: Sequence[str]) -> sa.BindParameter[Any]:
    return sa.bindparam("values", list(values), type_=postgresql.ARRAY(sa.String))


async def products_by_skus(
    uow: ReadUnitOfWork, skus: Sequence[str], *, lock: bool = False
) -> list[Row[Any]]:
    """The rows (variants too) with these SKUs. `lock=True` (a writing import) holds them
    until the transaction ends, taken in id order like every lock of `locks.py`, so the
    fields an import reads are the ones it overwrites (on SQLite the writing transaction
    holds the database's write lock already)."""
    if not skus:
        return []
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    columns = [_PRODUCTS.c.id, _PRODUCTS.c.parent_id, _PRODUCTS.c.sku]
    columns += [_PRODUCTS.c[name] for name in IMPORTED_FIELDS]
    if conn.dialect.name == "postgresql":
        stmt = (
            sa.select(*columns)
            .where(
                _PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.sku == sa.any_(_text_array(skus))
            )
            .order_by(_PRODUCTS.c.id)
        )
        if lock:
            stmt = stmt.with_for_update()
        return list((await conn.execute(stmt)).all())
    found: list[Row[Any]] = []
    for start in range(0, len(skus), _LOOKUP_CHUNK):
        chunk = skus[start : start + _LOOKUP_CHUNK]
        stmt = sa.select(*columns).where(
            _PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.sku.in_(chunk)
        )
        found.extend((await conn.execute(stmt)).all())
    return found


async def skus_by_barcodes(uow: ReadUnitOfWork, barcodes: Sequence[str]) -> dict[str, str]:
    """{barcode: SKU of the product holding it} for those of these barcodes in use."""
    if not barcodes:
        return {}
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    if conn.dialect.name == "postgresql":
        stmt = sa.select(_PRODUCTS.c.barcode, _PRODUCTS.c.sku).where(
            _PRODUCTS.c.tenant_id == tenant_id,
            _PRODUCTS.c.barcode == sa.any_(_text_array(barcodes)),
        )
        return {row.barcode: row.sku for row in await conn.execute(stmt)}
    held: dict[str, str] = {}
    for start in range(0, len(barcodes), _LOOKUP_CHUNK):
        chunk = barcodes[start : start + _LOOKUP_CHUNK]
        stmt = sa.select(_PRODUCTS.c.barcode, _PRODUCTS.c.sku).where(
            _PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.barcode.in_(chunk)
        )
        held.update({row.barcode: row.sku for row in await conn.execute(stmt)})
    return held


async def category_paths(uow: ReadUnitOfWork) -> list[Row[Any]]:
    """(id, path) of every category of the tenant."""
    conn = await uow.session.connection()
    stmt = sa.select(_CATEGORIES.c.id, _CATEGORIES.c.path).where(
        _CATEGORIES.c.tenant_id == uow.require_tenant()
    )
    return list((await conn.execute(stmt)).all())


async def with_variants(uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Those of these products that have variants."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    found: set[uuid.UUID] = set()
    for start in range(0, len(product_ids), _LOOKUP_CHUNK):
        chunk = product_ids[start : start + _LOOKUP_CHUNK]
        rows = await conn.scalars(
            sa.select(_PRODUCTS.c.parent_id)
            .where(_PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.parent_id.in_(chunk))
            .distinct()
        )
        found.update(rows)
    return found


def _dialect_insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


# PostgreSQL: each chunk's rows travel as one array per column, unnested into the INSERT: a
# statement of a fixed shape, prepared once, whatever the number of rows (a multi-row VALUES
# list costs SQLAlchemy and the planner about a millisecond a row).
_UPSERT_CHUNK_POSTGRES = 10_000
_UNNESTED = (
    ("id", "uuid"),
    ("sku", "text"),
    ("name", "text"),
    ("description", "text"),
    ("price", "bigint"),
    ("currency", "text"),
    ("status", "text"),
    ("category_id", "uuid"),
    ("attributes", "text"),
    ("tax_class", "text"),
    ("image_urls", "text"),
    ("barcode", "text"),
)
_ARRAY_TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    "uuid": postgresql.ARRAY(sa.Uuid()),
    "text": postgresql.ARRAY(sa.Text()),
    "bigint": postgresql.ARRAY(sa.BigInteger()),
}
_JSON_COLUMNS = ("attributes", "image_urls")


def _upsert_sql(update: Sequence[str]) -> str:
    arrays = ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in _UNNESTED)
    names = ", ".join(name for name, _ in _UNNESTED)
    values = ", ".join(
        f"u.{name}::json" if name in _JSON_COLUMNS else f"u.{name}" for name, _ in _UNNESTED
    )
    assignments = ", ".join(f"{name} = excluded.{name}" for name in (*update, "updated_at"))
    # Built from the column names above and IMPORTED_FIELDS only; every value is bound.
    return (
        "INSERT INTO products (tenant_id, parent_id, options, option_values, created_at, "  # noqa: S608
        f"updated_at, {names}) "
        f"SELECT :tenant_id, NULL, '[]'::json, '{{}}'::json, :now, :now, {values} "
        f"FROM unnest({arrays}) AS u({names}) "
        f"ON CONFLICT (tenant_id, sku) DO UPDATE SET {assignments} "
        "WHERE products.parent_id IS NULL RETURNING sku, id"
    )


async def _upsert_on_postgres(
    uow: WriteUnitOfWork, rows: Sequence[dict[str, Any]], update: Sequence[str]
) -> dict[str, uuid.UUID]:
    conn = await uow.session.connection()
    stmt = sa.text(_upsert_sql(update)).bindparams(
        *(sa.bindparam(name, type_=_ARRAY_TYPES[kind]) for name, kind in _UNNESTED),
        sa.bindparam("tenant_id", type_=sa.Uuid()),
        sa.bindparam("now", type_=sa.DateTime(timezone=True)),
    )
    written: dict[str, uuid.UUID] = {}
    for start in range(0, len(rows), _UPSERT_CHUNK_POSTGRES):
        chunk = rows[start : start + _UPSERT_CHUNK_POSTGRES]
        params: dict[str, Any] = {
            name: [
                orjson.dumps(row[name]).decode() if name in _JSON_COLUMNS else row[name]
                for row in chunk
            ]
            for name, _ in _UNNESTED
        }
        params["tenant_id"] = uow.require_tenant()
        params["now"] = chunk[0]["updated_at"]
        written.update({row.sku: row.id for row in await conn.execute(stmt, params)})
    return written


async def upsert_products(
    uow: WriteUnitOfWork, rows: Sequence[dict[str, Any]], *, update: Sequence[str]
) -> dict[str, uuid.UUID]:
    """Insert each top-level product row (every column but `tenant_id`), or, where its SKU
    exists, set the columns `update` from it. A SKU held by a variant is left alone (and
    missing from the answer). {SKU: id} of the rows written. (All rows carry one
    `updated_at`, the import's time.)"""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    if conn.dialect.name == "postgresql":
        return await _upsert_on_postgres(uow, rows, update)
    insert = _dialect_insert(conn.dialect.name)
    written: dict[str, uuid.UUID] = {}
    for start in range(0, len(rows), UPSERT_CHUNK):
        chunk = rows[start : start + UPSERT_CHUNK]
        stmt = insert(_PRODUCTS).values([dict(row, tenant_id=tenant_id) for row in chunk])
        stmt = stmt.on_conflict_do_update(
            index_elements=["tenant_id", "sku"],
            set_={name: stmt.excluded[name] for name in (*update, "updated_at")},
            where=_PRODUCTS.c.parent_id.is_(None),
        ).returning(_PRODUCTS.c.sku, _PRODUCTS.c.id)
        written.update({row.sku: row.id for row in await conn.execute(stmt)})
    return written


async def export_page(
    uow: ReadUnitOfWork,
    *,
    status: str | None,
    category_id: uuid.UUID | None,
    after_id: uuid.UUID | None,
    limit: int,
) -> list[Row[Any]]:
    """Up to `limit` top-level products after `after_id` in id order, archived ones too,
    each with `category_path`."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    joined = _PRODUCTS.outerjoin(
        _CATEGORIES,
        sa.and_(
            _CATEGORIES.c.tenant_id == _PRODUCTS.c.tenant_id,
            _CATEGORIES.c.id == _PRODUCTS.c.category_id,
        ),
    )
    columns = [_PRODUCTS.c.id, _PRODUCTS.c.sku]
    columns += [_PRODUCTS.c[name] for name in IMPORTED_FIELDS]
    stmt = (
        sa.select(*columns, _CATEGORIES.c.path.label("category_path"))
        .select_from(joined)
        .where(_PRODUCTS.c.tenant_id == tenant_id, _PRODUCTS.c.parent_id.is_(None))
    )
    if status is not None:
        stmt = stmt.where(_PRODUCTS.c.status == status)
    if category_id is not None:
        subtree = _category_subtree(tenant_id, category_id)
        stmt = stmt.where(_PRODUCTS.c.category_id.in_(sa.select(subtree.c.id)))
    if after_id is not None:
        stmt = stmt.where(_PRODUCTS.c.id > after_id)
    stmt = stmt.order_by(_PRODUCTS.c.id).limit(limit)
    return list((await conn.execute(stmt)).all())


# --- look-ups by SKU prefix -------------------------------------------------------------------


def _sku_prefix(prefix: str) -> sa.ColumnElement[bool]:
    return Product.sku.like(like_pattern(prefix)[1:], escape=_ESCAPE)


async def top_level_ids_by_sku_prefix(uow: ReadUnitOfWork, prefix: str) -> dict[str, uuid.UUID]:
    stmt = sa.select(Product.sku, Product.id).where(
        Product.tenant_id == uow.require_tenant(),
        Product.parent_id.is_(None),
        _sku_prefix(prefix),
    )
    return {sku: product_id for sku, product_id in (await uow.session.execute(stmt)).all()}


async def sellable_prices_by_sku_prefix(
    uow: ReadUnitOfWork, prefix: str
) -> dict[str, tuple[uuid.UUID, int]]:
    tenant_id = uow.require_tenant()
    child = aliased(Product)
    has_children = (
        sa.select(child.id)
        .where(child.tenant_id == tenant_id, child.parent_id == Product.id)
        .exists()
    )
    stmt = (
        sa.select(Product.sku, Product.id, Product.price)
        .where(Product.tenant_id == tenant_id, _sku_prefix(prefix), ~has_children)
        .order_by(Product.sku)
    )
    rows = (await uow.session.execute(stmt)).all()
    return {sku: (product_id, price) for sku, product_id, price in rows}
