"""Stripe's webhook deliveries: each event checked with the tenant's signing secret and
stored once, and the payment an intent event is about."""

import uuid
from datetime import datetime

import sqlalchemy as sa
import stripe
from sqlalchemy.dialects import postgresql, sqlite

from olympus.commerce.payments.components import SecretBox
from olympus.commerce.payments.errors import InvalidStripeSignature, StripeWebhookNotConfigured
from olympus.commerce.payments.models import Payment, ProcessorName, StripeEvent
from olympus.commerce.payments.providers import Outcome, verify_stripe_event
from olympus.commerce.payments.service.reads import find_payment
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
