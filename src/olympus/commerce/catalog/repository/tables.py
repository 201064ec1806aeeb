"""The catalog's tables as its Core statements name them, and the parts several statements
share: LIKE patterns, a category's subtree, whether a product has variants or prices."""

from typing import Any, cast

import sqlalchemy as sa

from olympus.commerce.catalog.models import Category, LocationPrice, Product

PRODUCTS = cast(sa.Table, Product.__table__)
PRICES = cast(sa.Table, LocationPrice.__table__)
CATEGORIES = cast(sa.Table, Category.__table__)
# A product's variants, and a category's children.
_CHILDREN = PRODUCTS.alias("children")
_SUBTREE_CHILDREN = CATEGORIES.alias("subtree_children")

# What an answer shows of a product row; tenant_id is the caller's own.
SHOWN = [c for c in PRODUCTS.c if c.name != "tenant_id"]
# The escape character of LIKE patterns: PostgreSQL's default, named explicitly on SQLite.
ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's wildcards in `text` matching themselves."""
    escaped = text.replace(ESCAPE, ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: sa.ColumnElement[Any], pattern: Any, dialect: str) -> sa.ColumnElement[bool]:
    """`column` ILIKE `pattern` (a `like_pattern`), case aside."""
    # PostgreSQL: a bare ILIKE, which the trigram index answers (an ESCAPE clause would wrap
    # the pattern in a function call); backslash is its default escape already.
    if dialect == "postgresql":
        return column.ilike(pattern)
    return column.ilike(pattern, escape=ESCAPE)


def top_level_id(table: sa.FromClause) -> sa.ColumnElement[Any]:
    """A variant's product, a product itself. (COALESCE would say it shorter, but row-level
    security treats it as leaky and would keep the join out of the primary-key index.)"""
    return sa.case((table.c.parent_id.is_(None), table.c.id), else_=table.c.parent_id)


def category_subtree(tenant_id: Any, category_id: Any) -> sa.CTE:
    """The category and every category below it."""
    subtree = (
        sa.select(CATEGORIES.c.id)
        .where(CATEGORIES.c.tenant_id == tenant_id, CATEGORIES.c.id == category_id)
        .cte("subtree", recursive=True)
    )
    return subtree.union_all(
        sa.select(_SUBTREE_CHILDREN.c.id).where(
            _SUBTREE_CHILDREN.c.tenant_id == tenant_id,
            _SUBTREE_CHILDREN.c.parent_id == subtree.c.id,
        )
    )


def has_variants_column(tenant_id: Any, table: sa.FromClause) -> Any:
    """Whether the product row of `table` has variants, as the column `has_variants`."""
    return (
        sa.exists()
        .where(_CHILDREN.c.tenant_id == tenant_id, _CHILDREN.c.parent_id == table.c.id)
        .label("has_variants")
    )


def has_prices_column(tenant_id: Any, table: sa.FromClause) -> Any:
    """Whether the row of `table` has prices per location, as the column `has_prices`."""
    return (
        sa.exists()
        .where(PRICES.c.tenant_id == tenant_id, PRICES.c.product_id == table.c.id)
        .label("has_prices")
    )
