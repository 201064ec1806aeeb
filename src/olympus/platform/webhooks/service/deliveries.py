"""The delivery log of a webhook (read, list) and what the API queues for it: a redelivery,
a ping."""

import uuid

import sqlalchemy as sa

from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import EVENT_VERSION, Envelope
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.audit import service as audit
from olympus.platform.webhooks.errors import DeliveryNotFound, WebhookInactive
from olympus.platform.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from olympus.platform.webhooks.service.endpoints import TARGET, get_webhook
from olympus.platform.webhooks.service.relay import pending_delivery
from olympus.platform.webhooks.service.workers import wake_after_commit

PING = "webhook.ping"


async def get_delivery(
    uow: ReadUnitOfWork, webhook_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery:
    delivery = await uow.session.get(WebhookDelivery, (uow.require_tenant(), delivery_id))
    if delivery is None or delivery.webhook_id != webhook_id:
        raise DeliveryNotFound()
    return delivery


async def list_deliveries(
    uow: ReadUnitOfWork,
    webhook_id: uuid.UUID,
    *,
    page: PageParams,
    status: DeliveryStatus | None = None,
) -> tuple[list[WebhookDelivery], str | None]:
    """Newest first."""
    await get_webhook(uow, webhook_id)
    stmt = sa.select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status.value)
    return await fetch_page(uow.session, stmt, page, WebhookDelivery.id, newest_first=True)


async def _active(uow: WriteUnitOfWork, webhook_id: uuid.UUID) -> Webhook:
    webhook = await get_webhook(uow, webhook_id)
    if not webhook.active:
        raise WebhookInactive("The webhook is inactive: make it active to send to it")
    return webhook


async def redeliver(
    uow: WriteUnitOfWork, webhook_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery:
    """Send the delivery again now (whatever its state), with a fresh retry window."""
    webhook = await _active(uow, webhook_id)
    delivery = await get_delivery(uow, webhook.id, delivery_id)
    now = uow.clock.now()
    delivery.status = DeliveryStatus.PENDING.value
    delivery.attempts = 0
    delivery.next_attempt_at = now
    delivery.window_started_at = now
    delivery.delivered_at = None
    await uow.session.flush()
    audit.record(
        uow,
        action="webhook.redelivered",
        target_type=TARGET,
        target_id=webhook.id,
        changes={"delivery_id": str(delivery.id), "event_id": str(delivery.event_id)},
    )
    wake_after_commit(uow)
    return delivery


async def ping(uow: WriteUnitOfWork, webhook_id: uuid.UUID) -> WebhookDelivery:
    """Queue a `webhook.ping` event for this endpoint only; its delivery shows the answer."""
    webhook = await _active(uow, webhook_id)
    now = uow.clock.now()
    envelope: Envelope = {
        "id": str(new_id()),
        "type": PING,
        "tenant_id": str(webhook.tenant_id),
        "occurred_at": now.isoformat().replace("+00:00", "Z"),
        "version": EVENT_VERSION,
        "data": {"webhook_id": str(webhook.id)},
    }
    delivery = pending_delivery(webhook.tenant_id, webhook.id, envelope, now)
    uow.session.add(delivery)
    await uow.session.flush()
    audit.record(
        uow,
        action="webhook.pinged",
        target_type=TARGET,
        target_id=webhook.id,
        changes={"delivery_id": str(delivery.id)},
    )
    wake_after_commit(uow)
    return delivery
