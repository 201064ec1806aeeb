"""The rules of payments that run in the caller's unit of work (they never commit), one
module per concern. Taking a payment and refunding one span several transactions (the
processor is called between them): `flow.py` runs those, calling the steps here.

- `settings`  the tenant's processor: its settings (secrets sealed) and the flow's config
- `reads`     reading payments and refunds, their answers, and the permissions they need
- `payments`  taking a payment: start, take over a crashed attempt, settle once
- `abandoned` card payments left pending: found for the sweep and claimed by it
- `refunds`   refunding a payment: start, settle once; refunds made at the processor
- `webhook`   Stripe's webhook deliveries: checked, stored once, matched to their payment;
              the refunds made at Stripe
- `history`   payments and refunds of the past written in bulk (demo data, imports)
- `analytics` the set-based statements analytics sums

Callers import the names below from `olympus.commerce.payments.service`."""

from olympus.commerce.payments.service.abandoned import (
    ABANDONED,
    abandoned_payments,
    claim_abandoned,
    tenants_with_abandoned_payments,
)
from olympus.commerce.payments.service.analytics import (
    captured_by_hour,
    decided_hours,
    refunds_by_hour,
)
from olympus.commerce.payments.service.history import (
    HistoryPayment,
    HistoryRefund,
    bulk_insert_history,
)
from olympus.commerce.payments.service.payments import (
    CASH,
    EPOCH,
    Decision,
    needs_giving_back,
    release_attempt,
    settle_payment,
    start_payment,
    take_over_payment,
)
from olympus.commerce.payments.service.reads import (
    PROCESS,
    READ,
    REFUND,
    PaymentFilter,
    check_may,
    find_payment,
    find_payment_by_key,
    find_refund_by_key,
    get_payment,
    list_payments,
    payment_out,
    refund_out,
)
from olympus.commerce.payments.service.refunds import (
    record_processor_refund,
    settle_refund,
    start_refund,
)
from olympus.commerce.payments.service.settings import (
    WEBHOOK_PATH,
    get_settings,
    processor_config,
    update_settings,
)
from olympus.commerce.payments.service.webhook import (
    INTENT_OUTCOMES,
    REFUND_EVENTS,
    apply_stripe_refunds,
    payment_of_intent,
    receive_stripe_event,
)

__all__ = [
    "ABANDONED",
    "CASH",
    "EPOCH",
    "INTENT_OUTCOMES",
    "PROCESS",
    "READ",
    "REFUND",
    "REFUND_EVENTS",
    "WEBHOOK_PATH",
    "Decision",
    "HistoryPayment",
    "HistoryRefund",
    "PaymentFilter",
    "abandoned_payments",
    "apply_stripe_refunds",
    "bulk_insert_history",
    "captured_by_hour",
    "check_may",
    "claim_abandoned",
    "decided_hours",
    "find_payment",
    "find_payment_by_key",
    "find_refund_by_key",
    "get_payment",
    "get_settings",
    "list_payments",
    "needs_giving_back",
    "payment_of_intent",
    "payment_out",
    "processor_config",
    "receive_stripe_event",
    "record_processor_refund",
    "refund_out",
    "refunds_by_hour",
    "release_attempt",
    "settle_payment",
    "settle_refund",
    "start_payment",
    "start_refund",
    "take_over_payment",
    "tenants_with_abandoned_payments",
    "update_settings",
]
