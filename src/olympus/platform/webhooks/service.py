"""Webhook rules: a tenant's endpoints (create, read, list, change, delete, rotate the
secret), the deliveries queued for each event the relay publishes (`queue_deliveries`, run
in the relay's own transaction), their log, redelivery and pings; and the bookkeeping of
the delivery workers (`claim_due`, `record_outcome`): retries with exponential backoff and
jitter for up to 24 hours, and an endpoint disabled after too many failures in a row.

Every change through the API writes its audit row and its event in the caller's
transaction; the signing secret appears in no event, audit row or listing, and is stored
sealed (`secret_box`): the delivery workers open it to sign. One that no longer opens (the
key changed) fails its deliveries with `SECRET_UNREADABLE` until the secret is rotated."""

import contextlib
import fnmatch
import random
import secrets
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

import orjson
import sqlalchemy as sa

from olympus.config import Settings
from olympus.core.cache import Cache, CacheUnavailable
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import EVENT_VERSION, Envelope, record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.core.sealing import SecretBox
from olympus.core.tenancy import unscoped
from olympus.platform.audit import service as audit
from olympus.platform.webhooks import repository
from olympus.platform.webhooks.delivery import AddressRefused, Outcome, check_url
from olympus.platform.webhooks.errors import (
    DeliveryNotFound,
    WebhookInactive,
    WebhookNotFound,
    WebhookUrlRefused,
)
from olympus.platform.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from olympus.platform.webhooks.repository import Claimed

TARGET = "webhook"
PING = "webhook.ping"
# A failing delivery is retried for this long from its creation (or redelivery), then failed.
RETRY_WINDOW = timedelta(hours=24)
# No wait between two attempts is longer than this.
MAX_RETRY_DELAY_SECONDS = 3600.0

# --- the delivery workers of this process -----------------------------------------------------


class LocalWorker(Protocol):
    lease_seconds: float

    def wake(self) -> None: ...

    def take(self, claimed: list[Claimed]) -> None: ...


_workers: list[LocalWorker] = []


def attach_worker(worker: LocalWorker) -> Callable[[], None]:
    """Wake `worker` after each commit of this process that queued deliveries (pings,
    redeliveries); returns the detach."""
    _workers.append(worker)
    return lambda: _workers.remove(worker) if worker in _workers else None


async def _wake_workers() -> None:
    for worker in list(_workers):
        worker.wake()


def _queued(uow: WriteUnitOfWork) -> None:
    uow.after_commit(_wake_workers)


# --- which tenants have webhooks (the relay's look-up, cached) -------------------------------
#
# Most tenants have no active webhook, and the relay asks for every batch it publishes. The
# answer "none" is cached per tenant (the app's cache: Redis, shared by every replica, or the
# process's own), tagged with the tenant's webhooks *version*, a random token replaced after
# every committed change of its webhooks. A cached "none" counts only while its tag is the
# current version: a relay that read the webhooks before a change committed stores its answer
# under the old version, which no reader matches afterwards. Tenants with webhooks are looked
# up in the database every time (their URLs and secrets never go to the cache). If the cache
# is down, every tenant is looked up; a version lost with the cache lets a "none" live at most
# `NO_WEBHOOKS_TTL_SECONDS`.

NO_WEBHOOKS_TTL_SECONDS = 30.0
VERSION_TTL_SECONDS = 86_400.0
NO_WEBHOOKS = "0"


def _version_key(tenant_id: uuid.UUID) -> str:
    return f"webhooks:version:{tenant_id}"


def _none_key(tenant_id: uuid.UUID) -> str:
    return f"webhooks:none:{tenant_id}"


def _tag(version: str | None) -> str:
    return f"{version or '-'}:{NO_WEBHOOKS}"


def forget_webhooks(uow: WriteUnitOfWork, cache: Cache | None) -> None:
    """After commit, a new version of the tenant's webhooks: no cached answer from before
    the change is read again."""
    if cache is None:
        return
    key = _version_key(uow.require_tenant())

    async def new_version() -> None:
        with contextlib.suppress(CacheUnavailable):
            await cache.set(key, uuid.uuid4().hex, ttl=VERSION_TTL_SECONDS)

    uow.after_commit(new_version)


async def _may_have_webhooks(
    cache: Cache | None, tenant_ids: Sequence[uuid.UUID]
) -> tuple[list[uuid.UUID], dict[uuid.UUID, str | None]]:
    """The tenants to look up (those not known to have none), and the version each was
    read at. One round trip to the cache."""
    if cache is None:
        return list(tenant_ids), {}
    keys = [_version_key(t) for t in tenant_ids] + [_none_key(t) for t in tenant_ids]
    try:
        values = await cache.get_many(*keys)
    except CacheUnavailable:
        return list(tenant_ids), {}
    count = len(tenant_ids)
    versions = dict(zip(tenant_ids, values[:count], strict=True))
    known_none = {
        t
        for t, cached in zip(tenant_ids, values[count:], strict=True)
        if cached == _tag(versions[t])
    }
    return [t for t in tenant_ids if t not in known_none], versions


async def _remember_none(
    cache: Cache | None, tenants: Sequence[uuid.UUID], versions: Mapping[uuid.UUID, str | None]
) -> None:
    if cache is None:
        return
    with contextlib.suppress(CacheUnavailable):
        for tenant_id in tenants:
            if tenant_id in versions:
                await cache.set(
                    _none_key(tenant_id), _tag(versions[tenant_id]), ttl=NO_WEBHOOKS_TTL_SECONDS
                )


# --- endpoints --------------------------------------------------------------------------------

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


# --- deliveries -------------------------------------------------------------------------------


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
    _queued(uow)
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
    delivery = _delivery(webhook.tenant_id, webhook.id, envelope, now)
    uow.session.add(delivery)
    await uow.session.flush()
    audit.record(
        uow,
        action="webhook.pinged",
        target_type=TARGET,
        target_id=webhook.id,
        changes={"delivery_id": str(delivery.id)},
    )
    _queued(uow)
    return delivery


def _delivery(
    tenant_id: uuid.UUID, webhook_id: uuid.UUID, envelope: Envelope, now: datetime
) -> WebhookDelivery:
    return WebhookDelivery(
        id=new_id(),
        tenant_id=tenant_id,
        webhook_id=webhook_id,
        event_id=uuid.UUID(envelope["id"]),
        event_type=envelope["type"],
        body=orjson.dumps(envelope).decode(),
        status=DeliveryStatus.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        window_started_at=now,
        last_attempt_at=None,
        last_status_code=None,
        last_error=None,
        delivered_at=None,
        created_at=now,
    )


def matches(patterns: Sequence[str], event_type: str) -> bool:
    return any(fnmatch.fnmatchcase(event_type, p) for p in patterns)


async def queue_deliveries(
    uow: WriteUnitOfWork,
    envelopes: list[Envelope],
    *,
    worker: LocalWorker | None = None,
    cache: Cache | None = None,
) -> None:
    """The relay's after-publish hook: one pending delivery per published event and active
    webhook of its tenant whose patterns match its type, written in the relay's transaction
    (so an event marked published has its deliveries, and one published again gets none
    twice).

    With the delivery worker running beside the relay (as the service runs them), the rows
    are written already leased to it and handed over after the commit: it sends them at once,
    without a transaction of its own to take them. Should the process die first, the lease
    ends and any worker takes them from the table.

    With the app's `cache`, tenants known to have no active webhook are not looked up (see
    `forget_webhooks`): for most batches, no statement at all."""
    tenant_ids = sorted({uuid.UUID(e["tenant_id"]) for e in envelopes})
    wanted, versions = await _may_have_webhooks(cache, tenant_ids)
    if not wanted:
        return
    with unscoped(uow.session):
        hooks = await repository.active_webhooks(uow, wanted)
    having = {hook.tenant_id for hook in hooks}
    await _remember_none(cache, [t for t in wanted if t not in having], versions)
    if not hooks:
        return
    now = uow.clock.now()
    due = now + timedelta(seconds=worker.lease_seconds) if worker is not None else now
    rows: list[WebhookDelivery] = []
    claimed: list[Claimed] = []
    for envelope in envelopes:
        for hook in hooks:
            if str(hook.tenant_id) == envelope["tenant_id"] and matches(
                hook.events, envelope["type"]
            ):
                row = _delivery(hook.tenant_id, hook.id, envelope, now)
                row.next_attempt_at = due
                rows.append(row)
                claimed.append(
                    Claimed(
                        row.tenant_id, row.id, row.webhook_id, row.event_id, row.event_type,
                        row.body, hook.url, hook.sealed_secret,
                    )
                )  # fmt: skip
    if not rows:
        return
    with unscoped(uow.session):
        await repository.insert_deliveries(uow, rows)
    if worker is not None:
        taker = worker

        async def hand_over() -> None:
            taker.take(claimed)

        uow.after_commit(hand_over)


# --- the delivery workers' bookkeeping ------------------------------------------------------


async def claim_due(uow: WriteUnitOfWork, *, limit: int, lease_seconds: float) -> list[Claimed]:
    """Pending deliveries due now, of active webhooks, oldest due first; each is leased (its
    next attempt pushed `lease_seconds` ahead) so no other worker takes it meanwhile, and
    taken up again if this worker dies before recording the outcome."""
    now = uow.clock.now()
    with unscoped(uow.session):
        return await repository.claim_due(
            uow, now=now, limit=limit, lease_until=now + timedelta(seconds=lease_seconds)
        )


def retry_delay(attempts: int, base_seconds: float) -> float:
    """Seconds before the next attempt after `attempts` failed ones: `base * 2^(attempts-1)`
    (at most an hour), of which a random half is taken off (jitter, so endpoints coming
    back are not hit by every retry at once)."""
    full = min(MAX_RETRY_DELAY_SECONDS, base_seconds * 2.0 ** min(attempts - 1, 30))
    return full / 2 + random.uniform(0, full / 2)  # noqa: S311 - jitter, not a secret


async def record_outcome(
    uow: WriteUnitOfWork,
    claimed: Claimed,
    outcome: Outcome,
    *,
    retry_base_seconds: float,
    disable_after_failures: int,
) -> None:
    """Write an attempt's outcome: delivered; or retried later; or failed, once the retry
    window is over. Failures in a row disable the webhook (event and audit row)."""
    now = uow.clock.now()
    async with uow.in_tenant(claimed.tenant_id):
        delivery = await uow.session.get(WebhookDelivery, (claimed.tenant_id, claimed.id))
        webhook = await uow.session.get(Webhook, (claimed.tenant_id, claimed.webhook_id))
        if delivery is None or webhook is None:  # deleted meanwhile
            return
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.last_status_code = outcome.status_code
        delivery.last_error = outcome.error
        if outcome.succeeded:
            delivery.status = DeliveryStatus.SUCCEEDED.value
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            webhook.consecutive_failures = 0
            return
        delay = timedelta(seconds=retry_delay(delivery.attempts, retry_base_seconds))
        if now + delay > delivery.window_started_at + RETRY_WINDOW:
            delivery.status = DeliveryStatus.FAILED.value
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + delay
        webhook.consecutive_failures += 1
        if webhook.active and webhook.consecutive_failures >= disable_after_failures:
            _disable(uow, webhook, now, outcome)


async def record_deliveries(
    uow: WriteUnitOfWork,
    outcomes: Sequence[tuple[Claimed, Outcome]],
    *,
    retry_base_seconds: float,
    disable_after_failures: int,
) -> None:
    """`record_outcome` for a batch: the accepted ones in two statements, the others one
    by one."""
    delivered = [(c, o.status_code) for c, o in outcomes if o.succeeded and o.status_code]
    if delivered:
        with unscoped(uow.session):
            await repository.mark_delivered(uow, delivered, now=uow.clock.now())
    for claimed, outcome in outcomes:
        if not outcome.succeeded:
            await record_outcome(
                uow,
                claimed,
                outcome,
                retry_base_seconds=retry_base_seconds,
                disable_after_failures=disable_after_failures,
            )


def _disable(uow: WriteUnitOfWork, webhook: Webhook, now: datetime, outcome: Outcome) -> None:
    webhook.active = False
    webhook.disabled_at = now
    webhook.updated_at = now
    changes = {
        "active": False,
        "consecutive_failures": webhook.consecutive_failures,
        "last_status_code": outcome.status_code,
        "last_error": outcome.error,
    }
    _record(uow, "webhook.disabled", webhook, changes)
