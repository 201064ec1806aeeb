"""The discounts' tables: `discounts` (the terms of each discount and how often it was used,
kept after archiving so that orders keep naming it) and `discount_uses` (one row per order
that used a discount, the ledger the usage counts and per-customer limits are read from)."""

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class DiscountType(StrEnum):
    PERCENTAGE = "percentage"
    FIXED = "fixed"
    BUY_X_GET_Y = "buy_x_get_y"


class DiscountStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


def _one_of(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(m.value) for m in enum)})"


class Hundredths(TypeDecorator[Decimal]):
    """A decimal with at most two places, stored as an integer count of hundredths: exact on
    both engines (SQLite has no decimal type)."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = value * 100
        if scaled != scaled.to_integral_value():
            raise ValueError("at most two decimal places are stored")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value) / 100


class Discount(TenantOwned, Base):
    __tablename__ = "discounts"
    __table_args__ = (
        # The code's lower-case form: one code in any case is one discount of the tenant.
        sa.UniqueConstraint("tenant_id", "code_key"),
        sa.CheckConstraint(_one_of("type", DiscountType), name="type"),
        sa.CheckConstraint(_one_of("status", DiscountStatus), name="status"),
        sa.CheckConstraint("value > 0", name="value"),
        sa.CheckConstraint("min_subtotal >= 0", name="min_subtotal"),
        sa.CheckConstraint("used_count >= 0", name="used_count"),
        sa.CheckConstraint(
            "usage_limit IS NULL OR used_count <= usage_limit", name="used_within_limit"
        ),
        # Automatic discounts have no code; the others have one.
        sa.CheckConstraint("(code_key IS NULL) = automatic", name="code_or_automatic"),
        sa.CheckConstraint(
            "starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at", name="window"
        ),
        # What `offers` reads on every cart change: the tenant's automatic discounts.
        sa.Index("ix_discounts_automatic", "tenant_id", "automatic", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # As given (shown on receipts); `code_key` is its lower-case form, matched and unique.
    code: Mapped[str | None] = mapped_column(sa.String(40))
    code_key: Mapped[str | None] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(200))
    type: Mapped[str] = mapped_column(sa.String(20))
    # Per cent off (percentage, buy X get Y) or an amount in minor units (fixed).
    value: Mapped[Decimal] = mapped_column(Hundredths)
    min_subtotal: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    usage_limit: Mapped[int | None] = mapped_column(sa.Integer)
    usage_limit_per_customer: Mapped[int | None] = mapped_column(sa.Integer)
    # Uses by orders not cancelled: moved only by `claim_uses` and `release_uses`.
    used_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    # The products and categories it is limited to; both empty: every product. Ids are
    # checked when set; a category deleted later leaves the discount covering nothing of it.
    product_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    category_ids: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    buy_quantity: Mapped[int | None] = mapped_column(sa.Integer)
    get_quantity: Mapped[int | None] = mapped_column(sa.Integer)
    automatic: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(20), default=DiscountStatus.ACTIVE.value)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    archived_at: Mapped[datetime | None]


class DiscountUse(TenantOwned, Base):
    """One use of a discount by one order. `released_at` is set when the order was cancelled
    and gave the use back; a released row stays as the record of what happened. The order id
    is not a foreign key: orders are a domain above this one."""

    __tablename__ = "discount_uses"
    __table_args__ = (
        tenant_fk(["discount_id"], "discounts", ["id"], ondelete="RESTRICT"),
        tenant_fk(["customer_id"], "customers", ["id"], ondelete="RESTRICT"),
        sa.UniqueConstraint("tenant_id", "discount_id", "order_id"),
        sa.Index("ix_discount_uses_order", "tenant_id", "order_id"),
        sa.Index("ix_discount_uses_customer", "tenant_id", "discount_id", "customer_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    discount_id: Mapped[uuid.UUID]
    order_id: Mapped[uuid.UUID]
    customer_id: Mapped[uuid.UUID | None]
    used_at: Mapped[datetime]
    released_at: Mapped[datetime | None]
