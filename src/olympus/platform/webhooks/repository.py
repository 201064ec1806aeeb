"""Core statements of the webhooks domain, for the relay's hook and the delivery workers
(across tenants, in their system units of work)."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from olympus.core.db import WriteUnitOfWork
from olympus.platform.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery


@dataclass(frozen=True)
class ActiveWebhook:
    tenant_id: uuid.UUID
    id: uuid.UUID
    events: list[str]
    url: str
    sealed_secret: bytes


async def active_webhooks(
    uow: WriteUnitOfWork, tenant_ids: Iterable[uuid.UUID]
) -> list[ActiveWebhook]:
    """The active webhooks of these tenants."""
    w = Webhook
    rows = await uow.session.execute(
        sa.select(w.tenant_id, w.id, w.events, w.url, w.sealed_secret).where(
            w.tenant_id.in_(list(tenant_ids)), w.active.is_(True)
        )
    )
    return [ActiveWebhook(t, i, list(e), u, s) for t, i, e, u, s in rows.all()]


async def insert_deliveries(uow: WriteUnitOfWork, rows: Sequence[WebhookDelivery]) -> None:
    table = WebhookDelivery.__table__
    columns = [c.key for c in table.columns]
    await uow.session.execute(
        # tenant-scope: each row of the batch binds its own tenant_id
        sa.insert(table),  # type: ignore[arg-type]
        [{c: getattr(row, c) for c in columns} for row in rows],
    )


@dataclass(frozen=True)
class Claimed:
    """A delivery taken by a worker, with what it needs to send it (the secret sealed: the
    worker opens it to sign)."""

    tenant_id: uuid.UUID
    id: uuid.UUID
    webhook_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    body: str
    url: str
    sealed_secret: bytes


async def claim_due(
    uow: WriteUnitOfWork, *, now: datetime, limit: int, lease_until: datetime
) -> list[Claimed]:
    """Lock the due pending deliveries of active webhooks (`FOR UPDATE SKIP LOCKED` on
    PostgreSQL: workers of other processes take other rows) and lease them."""
    d, w = WebhookDelivery, Webhook
    stmt = (
        sa.select(
            d.tenant_id,
            d.id,
            d.webhook_id,
            d.event_id,
            d.event_type,
            d.body,
            w.url,
            w.sealed_secret,
        )
        .join(w, sa.and_(w.tenant_id == d.tenant_id, w.id == d.webhook_id))
        .where(
            d.status == DeliveryStatus.PENDING.value,
            d.next_attempt_at <= now,
            w.active.is_(True),
        )
        .order_by(d.next_attempt_at, d.id)
        .limit(limit)
        .with_for_update(of=d, skip_locked=True)
    )
    claimed = [Claimed(*row) for row in (await uow.session.execute(stmt)).all()]
    if claimed:
        await uow.session.execute(
            sa.update(d)
            .where(sa.tuple_(d.tenant_id, d.id).in_([(c.tenant_id, c.id) for c in claimed]))
            .values(next_attempt_at=lease_until)
            .execution_options(synchronize_session=False)
        )
    return claimed


async def mark_delivered(
    uow: WriteUnitOfWork, delivered: Sequence[tuple[Claimed, int]], *, now: datetime
) -> None:
    """Deliveries the receivers accepted (with each one's status): succeeded, and their
    webhooks' failures in a row back to 0. Two statements whatever the count."""
    d, w = WebhookDelivery, Webhook
    by_status: dict[int, list[tuple[uuid.UUID, uuid.UUID]]] = {}
    for claimed, status_code in delivered:
        by_status.setdefault(status_code, []).append((claimed.tenant_id, claimed.id))
    for status_code, keys in by_status.items():
        await uow.session.execute(
            sa.update(d)
            .where(sa.tuple_(d.tenant_id, d.id).in_(keys), d.status == DeliveryStatus.PENDING.value)
            .values(
                status=DeliveryStatus.SUCCEEDED.value,
                attempts=d.attempts + 1,
                last_attempt_at=now,
                last_status_code=status_code,
                last_error=None,
                delivered_at=now,
                next_attempt_at=None,
            )
            .execution_options(synchronize_session=False)
        )
    hooks = sorted({(c.tenant_id, c.webhook_id) for c, _ in delivered})
    await uow.session.execute(
        sa.update(w)
        .where(sa.tuple_(w.tenant_id, w.id).in_(hooks), w.consecutive_failures != 0)
        .values(consecutive_failures=0)
        .execution_options(synchronize_session=False)
    )
