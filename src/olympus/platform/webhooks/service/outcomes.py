"""The delivery workers' bookkeeping: claiming the deliveries due, and recording each
attempt's outcome: retries with exponential backoff and jitter for up to 24 hours, and an
endpoint disabled after too many failures in a row (event and audit row)."""

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from olympus.core.db import WriteUnitOfWork
from olympus.core.events import record_event
from olympus.core.tenancy import unscoped
from olympus.platform.audit import service as audit
from olympus.platform.webhooks import repository
from olympus.platform.webhooks.delivery import Outcome
from olympus.platform.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from olympus.platform.webhooks.repository import Claimed
from olympus.platform.webhooks.service.endpoints import TARGET

# A failing delivery is retried for this long from its creation (or redelivery), then failed.
RETRY_WINDOW = timedelta(hours=24)
# No wait between two attempts is longer than this.
MAX_RETRY_DELAY_SECONDS = 3600.0


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
    audit.record(
        uow, action="webhook.disabled", target_type=TARGET, target_id=webhook.id, changes=changes
    )
    record_event(uow, "webhook.disabled", {"webhook_id": str(webhook.id), "changes": changes})
