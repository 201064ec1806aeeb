"""Webhook rules, one module per concern:

- `endpoints`   a tenant's endpoints (create, read, list, change, delete) and their signing
                secrets, stored sealed (`secret_box`); one that no longer opens fails its
                deliveries with `SECRET_UNREADABLE` until rotated (unit of work)
- `relay`       the relay's after-publish hook (`queue_deliveries`, in the relay's own
                transaction) and its cached look-up of which tenants have webhooks
- `deliveries`  a webhook's delivery log, redelivery and pings (unit of work)
- `outcomes`    the delivery workers' bookkeeping (`claim_due`, `record_outcome`): retries
                with backoff and jitter for up to 24 hours, endpoints disabled after too many
                failures in a row
- `workers`     the delivery workers of this process, woken after commits that queued

Callers import the names below from `olympus.platform.webhooks.service`."""

from olympus.platform.webhooks.service.deliveries import (
    PING,
    get_delivery,
    list_deliveries,
    ping,
    redeliver,
)
from olympus.platform.webhooks.service.endpoints import (
    SECRET_UNREADABLE,
    SECRETS_PURPOSE,
    TARGET,
    create_webhook,
    delete_webhook,
    get_webhook,
    list_webhooks,
    needs_secret_rotation,
    new_secret,
    rotate_secret,
    secret_box,
    update_webhook,
)
from olympus.platform.webhooks.service.outcomes import (
    MAX_RETRY_DELAY_SECONDS,
    RETRY_WINDOW,
    claim_due,
    record_deliveries,
    record_outcome,
    retry_delay,
)
from olympus.platform.webhooks.service.relay import (
    NO_WEBHOOKS,
    NO_WEBHOOKS_TTL_SECONDS,
    VERSION_TTL_SECONDS,
    forget_webhooks,
    matches,
    queue_deliveries,
)
from olympus.platform.webhooks.service.workers import LocalWorker, attach_worker

__all__ = [
    "MAX_RETRY_DELAY_SECONDS",
    "NO_WEBHOOKS",
    "NO_WEBHOOKS_TTL_SECONDS",
    "PING",
    "RETRY_WINDOW",
    "SECRETS_PURPOSE",
    "SECRET_UNREADABLE",
    "TARGET",
    "VERSION_TTL_SECONDS",
    "LocalWorker",
    "attach_worker",
    "claim_due",
    "create_webhook",
    "delete_webhook",
    "forget_webhooks",
    "get_delivery",
    "get_webhook",
    "list_deliveries",
    "list_webhooks",
    "matches",
    "needs_secret_rotation",
    "new_secret",
    "ping",
    "queue_deliveries",
    "record_deliveries",
    "record_outcome",
    "redeliver",
    "retry_delay",
    "rotate_secret",
    "secret_box",
    "update_webhook",
]
