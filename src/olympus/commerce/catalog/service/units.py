"""Sellable units, what stock and orders know of them, and what other domains and the bulk
tools (the demo data, imports) read of products: ids, labels, categories, SKU look-ups."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from olympus.commerce.catalog import repository
from olympus.commerce.catalog.errors import ProductNotFound, ProductNotSellable
from olympus.commerce.catalog.models import Product, ProductStatus
from olympus.core.db import ReadUnitOfWork

# A variant is as available as the less available of itself and its product.
_UNAVAILABILITY = {
    ProductStatus.ACTIVE.value: 0,
    ProductStatus.DRAFT.value: 1,
    ProductStatus.ARCHIVED.value: 2,
}


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


async def product_labels(
    uow: ReadUnitOfWork, product_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, tuple[str, str]]:
    """The SKU and name of each of `product_ids` the tenant has (archived ones included), for
    reports that name products."""
    wanted = set(product_ids)
    if not wanted:
        return {}
    rows = await uow.session.execute(
        sa.select(Product.id, Product.sku, Product.name).where(Product.id.in_(wanted))
    )
    return {row.id: (row.sku, row.name) for row in rows}


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
