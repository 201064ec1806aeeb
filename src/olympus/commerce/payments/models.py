"""The payments' tables: `payments` (one row per attempt to take money for an order, failed
ones too), `payment_refunds` (money given back against a payment), `payment_settings` (the
tenant's card processor and its keys, the secrets encrypted) and `stripe_events` (the ids of
the Stripe webhook events already handled, so a replayed delivery changes nothing)."""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class PaymentStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class PaymentMethod(StrEnum):
    CARD = "card"
    CASH = "cash"


class ProcessorName(StrEnum):
    TEST = "test"
    STRIPE = "stripe"


def _one_of(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(m.value) for m in enum)})"


class Payment(TenantOwned, Base):
    """One attempt to take `amount` for an order. It is written `pending` (and committed)
    before a card processor is called, so a crash after the charge leaves a row naming the
    processor's idempotency key; it then becomes `succeeded` or `failed` once, by a
    conditional update. The order id is not a foreign key: the orders domain owns its table
    and is reached through its service."""

    __tablename__ = "payments"
    __table_args__ = (
        tenant_fk(["location_id"], "locations", ["id"], ondelete="RESTRICT"),
        sa.CheckConstraint(_one_of("status", PaymentStatus), name="status"),
        sa.CheckConstraint(_one_of("method", PaymentMethod), name="method"),
        sa.CheckConstraint("amount > 0", name="amount"),
        sa.CheckConstraint(
            "refunded_amount >= 0 AND refunded_amount <= amount", name="refunded_within_amount"
        ),
        sa.CheckConstraint(
            "status = 'succeeded' OR refunded_amount = 0", name="refunds_of_captured_only"
        ),
        sa.CheckConstraint(
            "tendered IS NULL OR (method = 'cash' AND tendered >= amount)", name="tendered"
        ),
        # A client's Idempotency-Key names at most one payment (the one it created).
        sa.UniqueConstraint("tenant_id", "idempotency_key"),
        # The webhook finds the payment by the processor's id of the charge.
        sa.UniqueConstraint("tenant_id", "processor", "reference"),
        sa.Index("ix_payments_order", "tenant_id", "order_id", "id"),
        # The payments still pending, by age: what the sweep of abandoned ones reads.
        sa.Index(
            "ix_payments_pending",
            "tenant_id",
            "created_at",
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        ),
        # When payments were captured: what analytics sums by hour.
        sa.Index(
            "ix_payments_captured",
            "tenant_id",
            "decided_at",
            postgresql_where=sa.text("status = 'succeeded'"),
            sqlite_where=sa.text("status = 'succeeded'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    order_id: Mapped[uuid.UUID]
    # The order's location when the payment was taken: who may see and refund it.
    location_id: Mapped[uuid.UUID]
    method: Mapped[str] = mapped_column(sa.String(10))
    # "test" or "stripe" for cards, "cash" for cash.
    processor: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(10), default=PaymentStatus.PENDING.value)
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    refunded_amount: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    tendered: Mapped[int | None] = mapped_column(sa.BigInteger)
    failure_code: Mapped[str | None] = mapped_column(sa.String(100))
    # The processor's id of the charge (`pi_...`); null until it answered.
    reference: Mapped[str | None] = mapped_column(sa.String(255))
    # The client's Idempotency-Key of the request that created the payment, if any.
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(255))
    created_by: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    # When the processor was last asked: a retry resumes a pending payment only once this
    # is older than the processor's time limit (no two callers charge at once).
    attempted_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class PaymentRefund(TenantOwned, Base):
    """Money given back against a payment. `pending` while a card processor is asked (its
    amount already counted in the payment's `refunded_amount`, so two refunds can't both
    pass the check); `failed` gives the amount back to what may still be refunded."""

    __tablename__ = "payment_refunds"
    __table_args__ = (
        tenant_fk(["payment_id"], "payments", ["id"], ondelete="RESTRICT"),
        sa.CheckConstraint(_one_of("status", PaymentStatus), name="status"),
        sa.CheckConstraint("amount > 0", name="amount"),
        sa.UniqueConstraint("tenant_id", "idempotency_key"),
        sa.Index("ix_payment_refunds_payment", "tenant_id", "payment_id", "id"),
        sa.Index(
            "ix_payment_refunds_given",
            "tenant_id",
            "decided_at",
            postgresql_where=sa.text("status = 'succeeded'"),
            sqlite_where=sa.text("status = 'succeeded'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    payment_id: Mapped[uuid.UUID]
    order_id: Mapped[uuid.UUID]
    status: Mapped[str] = mapped_column(sa.String(10), default=PaymentStatus.PENDING.value)
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    failure_code: Mapped[str | None] = mapped_column(sa.String(100))
    reference: Mapped[str | None] = mapped_column(sa.String(255))
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(255))
    created_by: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class PaymentSettings(TenantOwned, Base):
    """The tenant's card processor and its keys. The secret key and the webhook signing
    secret are stored encrypted (Fernet, with a key derived from the service's secret) and
    never shown again; the publishable key is public by nature."""

    __tablename__ = "payment_settings"
    __table_args__ = (sa.CheckConstraint(_one_of("processor", ProcessorName), name="processor"),)

    # One row per tenant (its key is `tenant_id` alone); none: the test processor.
    processor: Mapped[str] = mapped_column(sa.String(20), default=ProcessorName.TEST.value)
    stripe_publishable_key: Mapped[str | None] = mapped_column(sa.String(255))
    stripe_secret_key: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    stripe_webhook_secret: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    updated_at: Mapped[datetime]
    updated_by: Mapped[uuid.UUID | None]


class StripeEvent(TenantOwned, Base):
    """A Stripe webhook event handled for the tenant; a second delivery of its id is a
    replay and changes nothing."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    type: Mapped[str] = mapped_column(sa.String(100))
    received_at: Mapped[datetime]
