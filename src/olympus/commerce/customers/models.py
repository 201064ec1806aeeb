"""The customers' tables: `customers` (one row per customer, kept after erasure so that
financial records can keep pointing at it), `customer_tags` (each tag of a customer as a row,
the index the tag filter reads) and `customer_consents` (every change of marketing consent)."""

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class Customer(TenantOwned, Base):
    __tablename__ = "customers"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ["id"], ondelete="RESTRICT"),
        # NULLs are distinct on both engines: any number of customers may have no email.
        sa.UniqueConstraint("tenant_id", "email"),
        sa.UniqueConstraint("tenant_id", "user_id"),
        sa.Index("ix_customers_erased", "tenant_id", "erased_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(sa.String(200))
    # Stored lower-case: one address in any case is one customer.
    email: Mapped[str | None] = mapped_column(sa.String(320))
    # E.164: "+" and up to 15 digits.
    phone: Mapped[str | None] = mapped_column(sa.String(16))
    # [{"label", "line1", ..., "country", "default_shipping", "default_billing"}, ...]
    addresses: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # As shown, in the order given; `customer_tags` holds the same tags for the filter.
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    marketing_consent: Mapped[bool] = mapped_column(default=False)
    marketing_consent_at: Mapped[datetime | None]
    user_id: Mapped[uuid.UUID | None]
    erased_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CustomerTag(TenantOwned, Base):
    """One tag of one customer; the primary key is the index of `?tag=`."""

    __tablename__ = "customer_tags"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers", ["id"], ondelete="CASCADE"),
        sa.Index("ix_customer_tags_customer", "tenant_id", "customer_id"),
    )

    tag: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class CustomerConsent(TenantOwned, Base):
    """A change of a customer's marketing consent: what it became, when and by whom. It holds
    no personal data, so it outlives an erasure as the record of what was consented to."""

    __tablename__ = "customer_consents"
    __table_args__ = (
        tenant_fk(["customer_id"], "customers", ["id"], ondelete="CASCADE"),
        sa.Index("ix_customer_consents_customer", "tenant_id", "customer_id", "id"),
        sa.CheckConstraint("source IN ('created', 'updated', 'erased')", name="source"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    customer_id: Mapped[uuid.UUID]
    marketing_consent: Mapped[bool]
    # The operation that changed it: "created", "updated" or "erased".
    source: Mapped[str] = mapped_column(sa.String(20))
    actor_id: Mapped[uuid.UUID | None]
    recorded_at: Mapped[datetime]
