"""The catalog's tables.

A *sellable unit* is a row of `products` that has no variants: a plain product, or one variant
of a product. A product with variants is a parent row (`options` lists its option names and
values) and each variant is a row of the same table pointing at it (`parent_id`, with its
`option_values`), with its own SKU, price and barcode. So stock, reservations and order lines
all reference `products.id`, whatever the shape of the product. Categories form a tree; each
keeps its full slash path (`Drinks/Tea`), unique in the tenant."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class ProductStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


def _one_of(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(m.value) for m in enum)})"


class Category(TenantOwned, Base):
    __tablename__ = "categories"
    __table_args__ = (
        tenant_fk(["parent_id"], "categories", ["id"], ondelete="RESTRICT"),
        sa.UniqueConstraint("tenant_id", "path"),
        sa.Index("ix_categories_parent", "tenant_id", "parent_id", "position"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    parent_id: Mapped[uuid.UUID | None]
    name: Mapped[str] = mapped_column(sa.String(120))
    # The names from the root down, joined by "/": what imports and exports name it by.
    path: Mapped[str] = mapped_column(sa.String(1000))
    position: Mapped[int] = mapped_column(sa.Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Product(TenantOwned, Base):
    __tablename__ = "products"
    __table_args__ = (
        tenant_fk(["parent_id"], "products", ["id"], ondelete="RESTRICT"),
        tenant_fk(["category_id"], "categories", ["id"], ondelete="RESTRICT"),
        sa.UniqueConstraint("tenant_id", "sku"),
        sa.UniqueConstraint("tenant_id", "barcode"),
        sa.CheckConstraint("price >= 0", name="price"),
        sa.CheckConstraint(_one_of("status", ProductStatus), name="status"),
        sa.Index("ix_products_parent", "tenant_id", "parent_id"),
        sa.Index("ix_products_category", "tenant_id", "category_id"),
        sa.Index("ix_products_name", "tenant_id", "name", "id"),
        sa.Index("ix_products_price", "tenant_id", "price", "id"),
        # Substring search of name, SKU and barcode (`q`): trigrams on PostgreSQL, led by the
        # tenant (btree_gin), so `ILIKE '%tea%'` reads one tenant's matches from the index.
        # On SQLite the same declaration is a plain index.
        sa.Index(
            "ix_products_search",
            "tenant_id",
            "name",
            "sku",
            "barcode",
            postgresql_using="gin",
            postgresql_ops={name: "gin_trgm_ops" for name in ("name", "sku", "barcode")},
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # Set on a variant: the product it is a variant of.
    parent_id: Mapped[uuid.UUID | None]
    sku: Mapped[str] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    price: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    status: Mapped[str] = mapped_column(sa.String(20), default=ProductStatus.DRAFT.value)
    category_id: Mapped[uuid.UUID | None]
    attributes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    tax_class: Mapped[str] = mapped_column(sa.String(64), default="standard")
    image_urls: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    barcode: Mapped[str | None] = mapped_column(sa.String(64))
    # On a parent: [{"name": "size", "values": ["S", "M"]}, ...]; empty on a plain product.
    options: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # On a variant: {"size": "M", "colour": "red"}; empty otherwise.
    option_values: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class LocationPrice(TenantOwned, Base):
    """A location's own price for a sellable unit, in place of the unit's price."""

    __tablename__ = "location_prices"
    __table_args__ = (
        tenant_fk(["product_id"], "products", ["id"], ondelete="CASCADE"),
        tenant_fk(["location_id"], "locations", ["id"], ondelete="CASCADE"),
        sa.CheckConstraint("price >= 0", name="price"),
        sa.Index("ix_location_prices_location", "tenant_id", "location_id"),
    )

    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    location_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    price: Mapped[int] = mapped_column(sa.BigInteger)
    updated_at: Mapped[datetime]
