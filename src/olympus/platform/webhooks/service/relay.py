"""The relay's after-publish hook: the deliveries queued for each published event, one per
active webhook of its tenant whose patterns match its type, and the look-up of which tenants
have webhooks, whose answer "none" is cached."""

import contextlib
import fnmatch
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import orjson

from olympus.core.cache import Cache, CacheUnavailable
from olympus.core.db import WriteUnitOfWork, new_id
from olympus.core.events import Envelope
from olympus.core.tenancy import unscoped
from olympus.platform.webhooks import repository
from olympus.platform.webhooks.models import DeliveryStatus, WebhookDelivery
from olympus.platform.webhooks.repository import Claimed
from olympus.platform.webhooks.service.workers import LocalWorker

# --- which tenants have webhooks (the relay's look-up, cached) -------------------------------

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


# --- the deliveries of published events ------------------------------------------------------


def pending_delivery(
    tenant_id: uuid.UUID, webhook_id: uuid.UUID, envelope: Envelope, now: datetime
) -> WebhookDelivery:
    """A delivery of `envelope` to the webhook, due now (not yet added to the session)."""
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
                row = pending_delivery(hook.tenant_id, hook.id, envelope, now)
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
