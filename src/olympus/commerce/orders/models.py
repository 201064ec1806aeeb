"""The orders' tables and their one state machine.

`orders` holds an order's totals as priced when it was taken, its status, and what payments
recorded so far (`paid_total`, `refunded_total`); `order_items` its lines with what each cost
and how much of it was fulfilled; `order_timeline` every transition, payment, refund,
fulfilment and note with its actor and time (append-only); `order_counters` the last number
given to an order of the tenant."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    FULFILLED = "fulfilled"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


# The state machine: the states each state may move to. Nothing else sets a status.
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.PENDING: frozenset({OrderStatus.PAID, OrderStatus.CANCELLED}),
    OrderStatus.PAID: frozenset(
        {
            OrderStatus.PARTIALLY_FULFILLED,
            OrderStatus.FULFILLED,
            OrderStatus.CANCELLED,
            OrderStatus.PARTIALLY_REFUNDED,
            OrderStatus.REFUNDED,
        }
    ),
    OrderStatus.PARTIALLY_FULFILLED: frozenset(
        {
            OrderStatus.PARTIALLY_FULFILLED,
            OrderStatus.FULFILLED,
            OrderStatus.PARTIALLY_REFUNDED,
            OrderStatus.REFUNDED,
        }
    ),
    OrderStatus.FULFILLED: frozenset(
        {OrderStatus.COMPLETED, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED}
    ),
    OrderStatus.COMPLETED: frozenset({OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED}),
    OrderStatus.PARTIALLY_REFUNDED: frozenset(
        {OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED}
    ),
    # A cancelled order that had been paid (wholly or in part) is refunded afterwards.
    OrderStatus.CANCELLED: frozenset({OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED}),
    OrderStatus.REFUNDED: frozenset(),
}


class Channel(StrEnum):
    POS = "pos"
    ONLINE = "online"


class TimelineKind(StrEnum):
    CREATED = "created"
    TRANSITION = "transition"
    PAYMENT = "payment"
    REFUND = "refund"
    FULFILMENT = "fulfilment"
    NOTE = "note"


def _one_of(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(m.value) for m in enum)})"


class OrderCounter(TenantOwned, Base):
    """One row per tenant: the number of its last order. Taken with one atomic upsert."""

    __tablename__ = "order_counters"

    last_number: Mapped[int] = mapped_column(sa.BigInteger)


class Order(TenantOwned, Base):
    __tablename__ = "orders"
    __table_args__ = (
        sa.UniqueConstraint("tenant_id", "number"),
        # One cart backs at most one order (NULLs, orders taken at a till, never collide).
        sa.UniqueConstraint("tenant_id", "cart_id"),
        tenant_fk(["location_id"], "locations", ["id"], ondelete="RESTRICT"),
        tenant_fk(["customer_id"], "customers", ["id"], ondelete="RESTRICT"),
        tenant_fk(["reservation_id"], "reservations", ["id"], ondelete="RESTRICT"),
        sa.CheckConstraint(_one_of("status", OrderStatus), name="status"),
        sa.CheckConstraint(_one_of("channel", Channel), name="channel"),
        sa.CheckConstraint(
            "subtotal >= 0 AND discount_total >= 0 AND tax_total >= 0 AND total >= 0",
            name="amounts",
        ),
        sa.CheckConstraint("paid_total >= 0 AND paid_total <= total", name="paid_total"),
        sa.CheckConstraint(
            "refunded_total >= 0 AND refunded_total <= paid_total", name="refunded_total"
        ),
        sa.Index("ix_orders_location", "tenant_id", "location_id", "id"),
        sa.Index("ix_orders_customer", "tenant_id", "customer_id", "id"),
        sa.Index("ix_orders_status", "tenant_id", "status", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # 1, 2, 3, ... per tenant; `reference` is how it is shown: the tenant's
    # `order_number_prefix` when the order was taken, then the number (ORD-00042).
    number: Mapped[int] = mapped_column(sa.BigInteger)
    reference: Mapped[str] = mapped_column(sa.String(30))
    status: Mapped[str] = mapped_column(sa.String(24))
    channel: Mapped[str] = mapped_column(sa.String(10))
    location_id: Mapped[uuid.UUID]
    customer_id: Mapped[uuid.UUID | None]
    cart_id: Mapped[uuid.UUID | None]
    reservation_id: Mapped[uuid.UUID]
    currency: Mapped[str] = mapped_column(sa.String(3))
    prices_include_tax: Mapped[bool]
    subtotal: Mapped[int] = mapped_column(sa.BigInteger)
    discount_total: Mapped[int] = mapped_column(sa.BigInteger)
    tax_total: Mapped[int] = mapped_column(sa.BigInteger)
    total: Mapped[int] = mapped_column(sa.BigInteger)
    paid_total: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    refunded_total: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # The discounts that applied: [{id, code, name, amount}], as priced.
    discounts: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))
    created_by: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class OrderItem(TenantOwned, Base):
    __tablename__ = "order_items"
    __table_args__ = (
        tenant_fk(["order_id"], "orders", ["id"], ondelete="RESTRICT"),
        tenant_fk(["product_id"], "products", ["id"], ondelete="RESTRICT"),
        sa.CheckConstraint("quantity > 0", name="quantity"),
        sa.CheckConstraint(
            "fulfilled_quantity >= 0 AND fulfilled_quantity <= quantity", name="fulfilled"
        ),
        sa.CheckConstraint(
            "unit_price >= 0 AND subtotal >= 0 AND discount >= 0 AND tax >= 0 AND line_total >= 0",
            name="amounts",
        ),
        sa.Index("ix_order_items_order", "tenant_id", "order_id", "position"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    order_id: Mapped[uuid.UUID]
    position: Mapped[int]
    product_id: Mapped[uuid.UUID]
    sku: Mapped[str] = mapped_column(sa.String(100))
    name: Mapped[str] = mapped_column(sa.String(300))
    quantity: Mapped[int] = mapped_column(sa.BigInteger)
    unit_price: Mapped[int] = mapped_column(sa.BigInteger)
    subtotal: Mapped[int] = mapped_column(sa.BigInteger)
    discount: Mapped[int] = mapped_column(sa.BigInteger)
    tax: Mapped[int] = mapped_column(sa.BigInteger)
    line_total: Mapped[int] = mapped_column(sa.BigInteger)
    # The rate as text ("20", "8.5"): exact on both engines.
    tax_rate: Mapped[str] = mapped_column(sa.String(20))
    fulfilled_quantity: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class OrderTimelineEntry(TenantOwned, Base):
    """One thing that happened to an order. Never changed or removed."""

    __tablename__ = "order_timeline"
    __table_args__ = (
        tenant_fk(["order_id"], "orders", ["id"], ondelete="RESTRICT"),
        sa.CheckConstraint(_one_of("kind", TimelineKind), name="kind"),
        sa.Index("ix_order_timeline_order", "tenant_id", "order_id", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    order_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(sa.String(20))
    from_status: Mapped[str | None] = mapped_column(sa.String(24))
    to_status: Mapped[str | None] = mapped_column(sa.String(24))
    actor_id: Mapped[uuid.UUID | None]
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime]
