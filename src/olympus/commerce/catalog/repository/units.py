"""Sellable units as stock, orders and discounts read them: status, price at a location,
category lineage; and the bulk tools' look-ups by SKU prefix."""

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row
from sqlalchemy.orm import aliased

from olympus.commerce.catalog.models import Product
from olympus.commerce.catalog.repository.tables import (
    CATEGORIES,
    ESCAPE,
    PRICES,
    PRODUCTS,
    has_variants_column,
    like_pattern,
)
from olympus.core.db import ReadUnitOfWork

_PARENTS = PRODUCTS.alias("parents")


async def sellable_row(uow: ReadUnitOfWork, product_id: uuid.UUID) -> Row[Any] | None:
    """The product with `has_variants` and its product's status (`parent_status`, null on a
    top-level product)."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    parent_status = (
        sa.select(_PARENTS.c.status)
        .where(_PARENTS.c.tenant_id == tenant_id, _PARENTS.c.id == PRODUCTS.c.parent_id)
        .scalar_subquery()
        .label("parent_status")
    )
    stmt = sa.select(
        PRODUCTS.c.id,
        PRODUCTS.c.sku,
        PRODUCTS.c.name,
        PRODUCTS.c.price,
        PRODUCTS.c.currency,
        PRODUCTS.c.status,
        PRODUCTS.c.tax_class,
        has_variants_column(tenant_id, PRODUCTS),
        parent_status,
    ).where(PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.id == product_id)
    return (await conn.execute(stmt)).one_or_none()


def _sellable_rows_at_statement() -> sa.Select[Any]:
    tenant_id = sa.bindparam("tenant_id", type_=PRODUCTS.c.tenant_id.type)
    parent_status = (
        sa.select(_PARENTS.c.status)
        .where(_PARENTS.c.tenant_id == tenant_id, _PARENTS.c.id == PRODUCTS.c.parent_id)
        .scalar_subquery()
        .label("parent_status")
    )
    override = (
        sa.select(PRICES.c.price)
        .where(
            PRICES.c.tenant_id == tenant_id,
            PRICES.c.product_id == PRODUCTS.c.id,
            PRICES.c.location_id == sa.bindparam("location_id", type_=PRICES.c.location_id.type),
        )
        .scalar_subquery()
        .label("location_price")
    )
    return sa.select(
        PRODUCTS.c.id,
        PRODUCTS.c.sku,
        PRODUCTS.c.name,
        PRODUCTS.c.price,
        PRODUCTS.c.currency,
        PRODUCTS.c.status,
        PRODUCTS.c.tax_class,
        has_variants_column(tenant_id, PRODUCTS),
        parent_status,
        override,
    ).where(
        PRODUCTS.c.tenant_id == tenant_id,
        PRODUCTS.c.id.in_(sa.bindparam("product_ids", expanding=True)),
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
            PRODUCTS.c.id.label("product_id"),
            sa.func.coalesce(_PARENTS.c.category_id, PRODUCTS.c.category_id).label("category_id"),
        )
        .select_from(
            PRODUCTS.outerjoin(
                _PARENTS,
                sa.and_(
                    _PARENTS.c.tenant_id == PRODUCTS.c.tenant_id,
                    _PARENTS.c.id == PRODUCTS.c.parent_id,
                ),
            )
        )
        .where(PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.id.in_(list(product_ids)))
    )
    lineage = own.cte("lineage", recursive=True)
    lineage = lineage.union_all(
        sa.select(lineage.c.product_id, CATEGORIES.c.parent_id).where(
            CATEGORIES.c.tenant_id == tenant_id,
            CATEGORIES.c.id == lineage.c.category_id,
            CATEGORIES.c.parent_id.is_not(None),
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
        sa.select(PRICES.c.price)
        .where(
            PRICES.c.tenant_id == tenant_id,
            PRICES.c.product_id == PRODUCTS.c.id,
            PRICES.c.location_id == location_id,
        )
        .scalar_subquery()
        .label("location_price")
    )
    stmt = sa.select(PRODUCTS.c.price, override).where(
        PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.id == product_id
    )
    return (await conn.execute(stmt)).one_or_none()


def _sku_prefix(prefix: str) -> sa.ColumnElement[bool]:
    return Product.sku.like(like_pattern(prefix)[1:], escape=ESCAPE)


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
