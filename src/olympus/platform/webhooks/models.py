"""The webhooks' tables: `webhooks` (a tenant's endpoints, the event types each wants and its
signing secret, sealed) and `webhook_deliveries` (one row per event to send to an endpoint: the
signed body, its state, attempts and the receiver's last answer)."""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Webhook(TenantOwned, Base):
    __tablename__ = "webhooks"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    url: Mapped[str] = mapped_column(sa.String(2000))
    # Type patterns (`order.*`, `payment.processed`, `*`).
    events: Mapped[list[str]] = mapped_column(sa.JSON)
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    # Kept to sign each delivery (shown once, at creation and rotation), sealed with the
    # webhooks' key (`olympus.core.sealing`): never in the clear at rest.
    sealed_secret: Mapped[bytes] = mapped_column(sa.LargeBinary)
    active: Mapped[bool] = mapped_column(default=True)
    # Failed attempts in a row (any delivery); reaching the limit disables the endpoint.
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    disabled_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class WebhookDelivery(TenantOwned, Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        tenant_fk(["webhook_id"], "webhooks", ["id"], ondelete="CASCADE"),
        # An event is delivered once to an endpoint (a relay publishing it again adds none).
        sa.UniqueConstraint("tenant_id", "webhook_id", "event_id"),
        sa.CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status"),
        sa.CheckConstraint("attempts >= 0", name="attempts"),
        # What the delivery workers look for: the pending deliveries due first.
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    webhook_id: Mapped[uuid.UUID]
    event_id: Mapped[uuid.UUID]
    event_type: Mapped[str] = mapped_column(sa.String(100))
    # The envelope as sent (JSON text): the exact bytes the signature covers.
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    # When the next attempt is due (pending only); a worker sending it pushes it forward
    # by a lease, so a crashed worker's delivery is taken up again after the lease.
    next_attempt_at: Mapped[datetime | None]
    # Start of the retry window (creation, or the last redelivery).
    window_started_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(500))
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
