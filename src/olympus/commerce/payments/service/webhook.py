"""Stripe's webhook deliveries: each event checked with the tenant's signing secret and
stored once, the payment an intent event is about, and the refunds a refund event brings."""

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import stripe
from sqlalchemy.dialects import postgresql, sqlite

from olympus.commerce.payments.components import SecretBox
from olympus.commerce.payments.errors import InvalidStripeSignature, StripeWebhookNotConfigured
from olympus.commerce.payments.models import (
    Payment,
    PaymentRefund,
    PaymentStatus,
    ProcessorName,
    StripeEvent,
)
from olympus.commerce.payments.providers import Outcome, verify_stripe_event
from olympus.commerce.payments.service.payments import Decision
from olympus.commerce.payments.service.reads import find_payment
from olympus.commerce.payments.service.refunds import record_processor_refund, settle_refund
from olympus.commerce.payments.service.settings import stored_settings
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork


async def receive_stripe_event(
    uow: WriteUnitOfWork,
    *,
    box: SecretBox,
    tenant_id: uuid.UUID,
    payload: bytes,
    signature: str | None,
) -> stripe.Event | None:
    """The event of a webhook delivery, once its signature holds with the tenant's signing
    secret and its id was never handled before (it is stored now, in the transaction that
    acts on it); None for a replay of a handled event. No such tenant, or none with a
    webhook secret: 404."""
    await uow.set_tenant(tenant_id)
    row = await stored_settings(uow)
    secret = box.open(row.stripe_webhook_secret) if row else None
    if not secret:
        raise StripeWebhookNotConfigured()
    try:
        event = verify_stripe_event(payload, signature, secret)
    except (stripe.SignatureVerificationError, ValueError) as exc:
        raise InvalidStripeSignature(
            "The Stripe-Signature header does not prove this payload (or is older than 5 minutes)"
        ) from exc
    if not await _first_receipt(uow, event.id, str(event.type), uow.clock.now()):
        return None
    return event


async def _first_receipt(
    uow: WriteUnitOfWork, event_id: str, event_type: str, now: datetime
) -> bool:
    values = {
        "tenant_id": uow.require_tenant(),
        "id": event_id[:255],
        "type": event_type[:100],
        "received_at": now,
    }
    bind = uow.session.bind
    dialect = postgresql if bind is not None and bind.dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(StripeEvent)
        .values(values)
        .on_conflict_do_nothing()
        .returning(StripeEvent.__table__.c.id)
    )
    # A concurrent delivery of the same id waits here for the first to end, then finds it.
    return (await uow.session.execute(stmt)).first() is not None


INTENT_OUTCOMES = {
    "payment_intent.succeeded": Outcome.SUCCEEDED,
    "payment_intent.payment_failed": Outcome.FAILED,
}


async def payment_of_intent(
    uow: ReadUnitOfWork, intent_id: str, payment_id: str | None
) -> Payment | None:
    """The payment a Stripe PaymentIntent was created for: by the intent's id, else by the
    payment id its metadata carries (a payment whose request crashed before Stripe's answer
    was stored)."""
    stmt = sa.select(Payment).where(
        Payment.processor == ProcessorName.STRIPE, Payment.reference == intent_id
    )
    payment = (await uow.session.scalars(stmt)).one_or_none()
    if payment is not None or not payment_id:
        return payment
    try:
        found = await find_payment(uow, uuid.UUID(payment_id))
    except ValueError:
        return None
    if found is None or found.processor != ProcessorName.STRIPE:
        return None
    return found


# Refunds made in Stripe's dashboard (or by its API outside this service) come as a refund
# object (`refund.*`), or inside the charge with API versions before 2022-11-15, which
# listed the charge's refunds in `charge.refunded`.
REFUND_EVENTS = frozenset({"refund.created", "refund.updated", "charge.refunded"})
_REFUND_OUTCOMES = {
    "succeeded": Outcome.SUCCEEDED,
    "failed": Outcome.FAILED,
    "canceled": Outcome.FAILED,
}


async def apply_stripe_refunds(uow: WriteUnitOfWork, event: stripe.Event) -> int:
    """The refunds of a `refund.created`, `refund.updated` or `charge.refunded` event, in
    the webhook's transaction. A refund asked here (its metadata names it) is settled as its
    own request settles it; any other succeeded refund of a payment here is recorded once,
    by Stripe's refund id (`record_processor_refund`). Returns how many refunds changed."""
    obj = event.to_dict()["data"]["object"]
    if str(event.type) == "charge.refunded":
        listed = (obj.get("refunds") or {}).get("data") or []
        refunds = [{"payment_intent": obj.get("payment_intent"), **r} for r in listed]
    else:
        refunds = [obj]
    changed = 0
    for refund in refunds:
        changed += await _apply_stripe_refund(uow, refund)
    return changed


async def _apply_stripe_refund(uow: WriteUnitOfWork, refund: dict[str, Any]) -> bool:
    refund_id = str(refund.get("id") or "")
    outcome = _REFUND_OUTCOMES.get(str(refund.get("status")), Outcome.PENDING)
    ours = (refund.get("metadata") or {}).get("refund_id")
    if ours:
        try:
            row = await uow.session.get(PaymentRefund, (uow.require_tenant(), uuid.UUID(ours)))
        except ValueError:
            row = None
        if row is None or row.status != PaymentStatus.PENDING:
            return False
        decision = Decision(outcome, refund_id or None, refund.get("failure_reason"))
        settled, _ = await settle_refund(uow, row.id, decision)
        return settled.status != PaymentStatus.PENDING
    if outcome is not Outcome.SUCCEEDED or not refund_id:
        return False  # recorded once Stripe says it succeeded (`refund.updated`)
    intent = refund.get("payment_intent")
    intent_id = intent.get("id") if isinstance(intent, dict) else intent
    payment = await payment_of_intent(uow, str(intent_id or ""), None)
    if payment is None:
        return False
    amount = int(refund.get("amount") or 0)
    recorded = await record_processor_refund(uow, payment.id, reference=refund_id, amount=amount)
    return recorded is not None
