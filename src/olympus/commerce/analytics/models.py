"""The rollups of sales analytics, one row per tenant, location and UTC hour (or UTC day for
products): what paid orders, captured payments and refunds add up to there. They are
derived data, recomputed bucket by bucket from the orders and payments after their events
are published (see `service.apply_published`), and from scratch by `rebuild_tenant`."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base
from olympus.core.tenancy import TenantOwned


class SalesHour(TenantOwned, Base):
    """Paid orders by the hour they were paid in (their totals, lines and units), and the
    refunds that succeeded in that hour."""

    __tablename__ = "analytics_sales_hours"
    __table_args__ = (sa.Index("ix_analytics_sales_hours_hour", "tenant_id", "hour"),)

    location_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True)
    orders: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    revenue: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    discount_total: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    tax_total: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    items_sold: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    refunds: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class PaymentHour(TenantOwned, Base):
    """Payments captured by method and processor in the hour they succeeded, and the refunds
    of such payments that succeeded in that hour."""

    __tablename__ = "analytics_payment_hours"
    __table_args__ = (sa.Index("ix_analytics_payment_hours_hour", "tenant_id", "hour"),)

    location_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True)
    method: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    processor: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    payments: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    amount: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    refund_count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    refunded: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class ProductHour(TenantOwned, Base):
    """Units and line totals of each product in orders paid in the hour."""

    __tablename__ = "analytics_product_hours"
    __table_args__ = (sa.Index("ix_analytics_product_hours_hour", "tenant_id", "hour"),)

    location_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    hour: Mapped[datetime] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    quantity: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    revenue: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class ProductDay(TenantOwned, Base):
    """`ProductHour` summed by UTC day: a long window reads whole days from here and only
    its ragged ends from the hours."""

    __tablename__ = "analytics_product_days"
    __table_args__ = (sa.Index("ix_analytics_product_days_day", "tenant_id", "day"),)

    location_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    day: Mapped[datetime] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    quantity: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    revenue: Mapped[int] = mapped_column(sa.BigInteger, default=0)
