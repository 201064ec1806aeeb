"""Catalog rules: products, their variants, categories and prices per location."""

import uuid
from dataclasses import dataclass

import sqlalchemy as sa

from olympus.commerce.catalog.errors import ProductNotFound, ProductNotSellable
from olympus.commerce.catalog.models import Product
from olympus.core.db import ReadUnitOfWork


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
    itself (409 `product_not_sellable`: its variants are)."""
    product = await uow.session.get(Product, (uow.require_tenant(), product_id))
    if product is None:
        raise ProductNotFound()
    has_variants = await uow.session.scalar(
        sa.select(Product.id).where(Product.parent_id == product.id).limit(1)
    )
    if has_variants is not None:
        raise ProductNotSellable(
            f"The product {product.sku!r} has variants: stock and sell one of them"
        )
    return SellableUnit(
        id=product.id,
        sku=product.sku,
        name=product.name,
        price=product.price,
        currency=product.currency,
        status=product.status,
        tax_class=product.tax_class,
    )
