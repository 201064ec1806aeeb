"""A tenant's endpoints: create, read, list, change, delete, and their signing secrets (made,
sealed, rotated). Every change writes its audit row and its event in the caller's
transaction; the secret appears in neither."""

import secrets
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from olympus.config import Settings
from olympus.core.cache import Cache
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.core.sealing import SecretBox
from olympus.platform.audit import service as audit
from olympus.platform.webhooks.delivery import AddressRefused, check_url
from olympus.platform.webhooks.errors import WebhookNotFound, WebhookUrlRefused
from olympus.platform.webhooks.models import Webhook, WebhookDelivery
from olympus.platform.webhooks.service.relay import forget_webhooks

TARGET = "webhook"

SECRETS_PURPOSE = "webhooks/signing-secrets"
# A delivery's error when its webhook's secret no longer opens (no request is made).
SECRET_UNREADABLE = (
    "not sent: the signing secret no longer opens with the service's key (SECRETS_KEY or "
    "JWT_SECRET changed); rotate the webhook's secret"
)


def secret_box(settings: Settings) -> SecretBox:
    """The box of the signing secrets (the app builds it once, for the API and the workers)."""
    return SecretBox.from_settings(settings, SECRETS_PURPOSE)


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def needs_secret_rotation(webhook: Webhook, box: SecretBox) -> bool:
    """Its stored secret no longer opens (the key changed): nothing can be signed until
    the secret is rotated."""
    return box.open(webhook.sealed_secret) is None


async def _checked(url: str, allow_private: bool) -> str:
    try:
        await check_url(url, allow_private=allow_private)
    except AddressRefused as exc:
        raise WebhookUrlRefused(str(exc)) from exc
    return url


async def get_webhook(uow: ReadUnitOfWork, webhook_id: uuid.UUID) -> Webhook:
    """The tenant's webhook (404 `webhook_not_found`)."""
    webhook = await uow.session.get(Webhook, (uow.require_tenant(), webhook_id))
    if webhook is None:
        raise WebhookNotFound()
    return webhook


async def list_webhooks(
    uow: ReadUnitOfWork, *, page: PageParams
) -> tuple[list[Webhook], str | None]:
    """In creation order."""
    return await fetch_page(uow.session, sa.select(Webhook), page, Webhook.id)


def _described(webhook: Webhook) -> dict[str, Any]:
    return {
        "url": webhook.url,
        "events": list(webhook.events),
        "description": webhook.description,
        "active": webhook.active,
    }


def _record(uow: WriteUnitOfWork, action: str, webhook: Webhook, changes: dict[str, Any]) -> None:
    audit.record(uow, action=action, target_type=TARGET, target_id=webhook.id, changes=changes)
    record_event(uow, action, {"webhook_id": str(webhook.id), "changes": changes})


async def create_webhook(
    uow: WriteUnitOfWork,
    *,
    box: SecretBox,
    url: str,
    events: Sequence[str],
    description: str = "",
    active: bool = True,
    allow_private: bool = False,
    cache: Cache | None = None,
) -> tuple[Webhook, str]:
    """The webhook and its secret (which only this answer shows; stored sealed with `box`).
    A URL that is not https
    or resolves to a non-public address is 422 `webhook_url_refused`. With the app's
    `cache`, the relay's cached answer for the tenant is dropped after commit."""
    await _checked(url, allow_private)
    now = uow.clock.now()
    secret = new_secret()
    webhook = Webhook(
        id=new_id(),
        url=url,
        events=list(events),
        description=description,
        sealed_secret=box.seal(secret),
        active=active,
        consecutive_failures=0,
        disabled_at=None,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(webhook)
    await uow.session.flush()
    _record(uow, "webhook.created", webhook, _described(webhook))
    forget_webhooks(uow, cache)
    return webhook, secret


async def update_webhook(
    uow: WriteUnitOfWork,
    webhook_id: uuid.UUID,
    *,
    changes: Mapping[str, Any],
    allow_private: bool = False,
    cache: Cache | None = None,
) -> Webhook:
    """Only the fields given change. Turning a webhook active again clears its failures.
    `cache` as for `create_webhook`."""
    webhook = await get_webhook(uow, webhook_id)
    if "url" in changes and changes["url"] != webhook.url:
        await _checked(changes["url"], allow_private)
    before = _described(webhook)
    for field in ("url", "events", "description", "active"):
        if field in changes:
            setattr(webhook, field, list(changes[field]) if field == "events" else changes[field])
    if changes.get("active") is True:
        webhook.consecutive_failures = 0
        webhook.disabled_at = None
    after = _described(webhook)
    changed = {k: v for k, v in after.items() if before[k] != v}
    if changed:
        webhook.updated_at = uow.clock.now()
        await uow.session.flush()
        _record(uow, "webhook.updated", webhook, changed)
        forget_webhooks(uow, cache)
    return webhook


async def delete_webhook(
    uow: WriteUnitOfWork, webhook_id: uuid.UUID, *, cache: Cache | None = None
) -> None:
    """The webhook and its delivery log."""
    webhook = await get_webhook(uow, webhook_id)
    await uow.session.execute(
        sa.delete(WebhookDelivery)
        .where(
            WebhookDelivery.tenant_id == webhook.tenant_id,
            WebhookDelivery.webhook_id == webhook.id,
        )
        .execution_options(synchronize_session=False)
    )
    _record(uow, "webhook.deleted", webhook, _described(webhook))
    await uow.session.delete(webhook)
    await uow.session.flush()
    forget_webhooks(uow, cache)


async def rotate_secret(
    uow: WriteUnitOfWork, webhook_id: uuid.UUID, *, box: SecretBox
) -> tuple[Webhook, str]:
    """A new secret signs every attempt from now on (queued deliveries included); it is
    also the way back for a webhook whose secret no longer opens."""
    webhook = await get_webhook(uow, webhook_id)
    secret = new_secret()
    webhook.sealed_secret = box.seal(secret)
    webhook.updated_at = uow.clock.now()
    await uow.session.flush()
    _record(uow, "webhook.secret_rotated", webhook, {})
    return webhook, secret
