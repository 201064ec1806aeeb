"""The product list and search, the catalog's hottest read: its page statement, made once
per shape, on the session and on PostgreSQL's driver connection (compiled for asyncpg).

On PostgreSQL the search condition is `ILIKE` on name, SKU and barcode, which the trigram
index `ix_products_search` answers; the statements keep to conditions that row-level
security lets the planner push into an index (no COALESCE: a CASE says the same)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import asyncpg as pg_asyncpg
from sqlalchemy.engine import Row

from olympus.commerce.catalog.models import ProductStatus
from olympus.commerce.catalog.repository.tables import (
    CATEGORIES,
    PRODUCTS,
    SHOWN,
    category_subtree,
    contains,
    has_prices_column,
    has_variants_column,
    like_pattern,
    top_level_id,
)
from olympus.core.db import DriverConnection, ReadUnitOfWork

# The rows a search matches (a variant stands for its product), and the rows a location's
# stock names (the same: a variant stands for its product).
_HITS = PRODUCTS.alias("hits")
_STOCKED = PRODUCTS.alias("stocked")
# Shorter patterns hold no trigram: the index can't narrow them down, and as they match
# many rows, walking the sort's index until the page is full is the better plan (so their
# matches are not gathered first).
TRIGRAM = 3
_CUSTOM_PLANS = sa.text("SET LOCAL plan_cache_mode = force_custom_plan")


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
_TENANT = sa.bindparam("tenant_id", type_=PRODUCTS.c.tenant_id.type)
_PATTERN = sa.bindparam("pattern", type_=PRODUCTS.c.name.type)
_LIMIT = sa.bindparam("limit", type_=sa.Integer())
_PAGE_STATEMENTS: dict[tuple[Any, ...], sa.Select[Any]] = {}


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
    stmt = sa.select(*SHOWN).where(
        PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.parent_id.is_(None)
    )
    if query.status is not None:
        stmt = stmt.where(PRODUCTS.c.status == sa.bindparam("status", type_=sa.String()))
    elif not query.include_archived:
        stmt = stmt.where(PRODUCTS.c.status != ProductStatus.ARCHIVED.value)
    if query.category_id is not None:
        category = sa.bindparam("category_id", type_=CATEGORIES.c.id.type)
        subtree = category_subtree(tenant_id, category)
        stmt = stmt.where(PRODUCTS.c.category_id.in_(sa.select(subtree.c.id)))
    if query.restrict_to_ids is not None:
        stocked = sa.select(top_level_id(_STOCKED)).where(
            _STOCKED.c.tenant_id == tenant_id,
            _STOCKED.c.id.in_(query.restrict_to_ids),
        )
        stmt = stmt.where(PRODUCTS.c.id.in_(stocked))
    after = _after(query, PRODUCTS)
    if after is not None:
        stmt = stmt.where(after)
    chosen: sa.Select[Any]
    if query.q:
        pattern = _PATTERN
        direct = _matches(PRODUCTS, pattern, dialect)
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
                    PRODUCTS.c.id == sa.any_(sa.func.array(through_variants.scalar_subquery())),
                    _does_not_match(PRODUCTS, pattern, dialect),
                ),
            ).cte("matches")
            if len(query.q) >= TRIGRAM:
                found = found.prefix_with("MATERIALIZED")
            chosen = sa.select(found).order_by(*_order(query, found))
        else:
            stmt = stmt.where(sa.or_(direct, PRODUCTS.c.id.in_(through_variants)))
            chosen = stmt.order_by(*_order(query, PRODUCTS))
    else:
        chosen = stmt.order_by(*_order(query, PRODUCTS))
    page = chosen.limit(_LIMIT).subquery("page")
    shown: list[Any] = [
        sa.cast(column, sa.Text).label(column.name)
        if as_text and column.name in TEXT_COLUMNS
        else column
        for column in page.c
    ]
    return sa.select(
        *shown, has_variants_column(tenant_id, page), has_prices_column(tenant_id, page)
    ).order_by(*_order(query, page))


def _matches(table: sa.FromClause, pattern: Any, dialect: str) -> sa.ColumnElement[bool]:
    return sa.or_(
        contains(table.c.name, pattern, dialect),
        contains(table.c.sku, pattern, dialect),
        contains(table.c.barcode, pattern, dialect),
    )


def _does_not_match(table: sa.FromClause, pattern: Any, dialect: str) -> sa.ColumnElement[bool]:
    """NOT of `_matches`, true for a product without a barcode too (NOT of NULL is NULL)."""
    return sa.and_(
        sa.not_(contains(table.c.name, pattern, dialect)),
        sa.not_(contains(table.c.sku, pattern, dialect)),
        sa.or_(table.c.barcode.is_(None), sa.not_(contains(table.c.barcode, pattern, dialect))),
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
