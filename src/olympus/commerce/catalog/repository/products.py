"""The reads that build product answers (on the session, and on the driver connection:
ids and JSON columns as text), SKU and barcode look-ups, and a product's variants."""

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from olympus.commerce.catalog.repository.tables import (
    PRICES,
    PRODUCTS,
    SHOWN,
    has_prices_column,
    has_variants_column,
)
from olympus.core.db import DriverConnection, ReadUnitOfWork, WriteUnitOfWork


async def products_by_id(uow: ReadUnitOfWork, product_id: uuid.UUID) -> Row[Any] | None:
    """One product row (a variant too) with `has_variants` and `has_prices`."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    stmt = sa.select(
        *SHOWN, has_variants_column(tenant_id, PRODUCTS), has_prices_column(tenant_id, PRODUCTS)
    ).where(PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.id == product_id)
    return (await conn.execute(stmt)).one_or_none()


async def variants_of(uow: ReadUnitOfWork, parent_ids: Sequence[uuid.UUID]) -> Sequence[Row[Any]]:
    """The variants of these products, each product's in creation order, with `has_prices`."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    stmt = (
        sa.select(*SHOWN, has_prices_column(tenant_id, PRODUCTS))
        .where(PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.parent_id.in_(parent_ids))
        .order_by(PRODUCTS.c.parent_id, PRODUCTS.c.id)
    )
    return (await conn.execute(stmt)).all()


async def location_prices_of(
    uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]
) -> Sequence[Row[Any]]:
    """(product_id, location_id, price) of these sellable units, by product then location."""
    conn = await uow.session.connection()
    stmt = (
        sa.select(PRICES.c.product_id, PRICES.c.location_id, PRICES.c.price)
        .where(PRICES.c.tenant_id == uow.require_tenant(), PRICES.c.product_id.in_(product_ids))
        .order_by(PRICES.c.product_id, PRICES.c.location_id)
    )
    return (await conn.execute(stmt)).all()


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


async def product_with_sku(uow: ReadUnitOfWork, sku: str) -> uuid.UUID | None:
    conn = await uow.session.connection()
    found: uuid.UUID | None = await conn.scalar(
        sa.select(PRODUCTS.c.id).where(
            PRODUCTS.c.tenant_id == uow.require_tenant(), PRODUCTS.c.sku == sku
        )
    )
    return found


async def product_with_barcode(uow: ReadUnitOfWork, barcode: str) -> uuid.UUID | None:
    conn = await uow.session.connection()
    found: uuid.UUID | None = await conn.scalar(
        sa.select(PRODUCTS.c.id).where(
            PRODUCTS.c.tenant_id == uow.require_tenant(), PRODUCTS.c.barcode == barcode
        )
    )
    return found


async def variant_combinations(
    uow: ReadUnitOfWork, parent_id: uuid.UUID
) -> list[tuple[uuid.UUID, dict[str, str]]]:
    """(id, option_values) of each variant of the product."""
    conn = await uow.session.connection()
    rows = await conn.execute(
        sa.select(PRODUCTS.c.id, PRODUCTS.c.option_values).where(
            PRODUCTS.c.tenant_id == uow.require_tenant(), PRODUCTS.c.parent_id == parent_id
        )
    )
    return [(row.id, dict(row.option_values)) for row in rows]


async def has_variants(uow: ReadUnitOfWork, product_id: uuid.UUID) -> bool:
    conn = await uow.session.connection()
    found = await conn.scalar(
        sa.select(PRODUCTS.c.id)
        .where(PRODUCTS.c.tenant_id == uow.require_tenant(), PRODUCTS.c.parent_id == product_id)
        .limit(1)
    )
    return found is not None


async def location_price_locations(
    uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """The locations that have a price for any of these products."""
    conn = await uow.session.connection()
    rows = await conn.scalars(
        sa.select(PRICES.c.location_id)
        .where(PRICES.c.tenant_id == uow.require_tenant(), PRICES.c.product_id.in_(product_ids))
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
        sa.update(PRODUCTS)
        .where(PRODUCTS.c.tenant_id == uow.require_tenant(), PRODUCTS.c.parent_id == parent_id)
        .values(**values, updated_at=uow.clock.now())
    )
