"""The rules of payments that run in the caller's unit of work: the tenant's processor
settings, reading payments, and the receipt of Stripe's webhook events. Taking a payment and
refunding one span several transactions (the processor is called between them): see
`flow.py`."""

import uuid
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import stripe
from sqlalchemy.dialects import postgresql, sqlite

from olympus.commerce.payments.components import ProcessorConfig, SecretBox
from olympus.commerce.payments.errors import (
    InvalidProcessorSettings,
    InvalidStripeSignature,
    PaymentNotFound,
    StripeWebhookNotConfigured,
)
from olympus.commerce.payments.locks import hold_settings
from olympus.commerce.payments.models import (
    Payment,
    PaymentMethod,
    PaymentRefund,
    PaymentSettings,
    ProcessorName,
    StripeEvent,
)
from olympus.commerce.payments.providers import verify_stripe_event
from olympus.commerce.payments.schemas import (
    PaymentOut,
    PaymentSettingsOut,
    PaymentSettingsUpdate,
    RefundOut,
)
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.audit import service as audit

WEBHOOK_PATH = "/api/v1/payments/webhooks/stripe/{tenant_id}"


# --- the tenant's processor -----------------------------------------------------------------


async def _stored_settings(uow: ReadUnitOfWork) -> PaymentSettings | None:
    stmt = sa.select(PaymentSettings).where(PaymentSettings.tenant_id == uow.require_tenant())
    return (await uow.session.scalars(stmt)).one_or_none()


def _settings_out(
    row: PaymentSettings | None, box: SecretBox, tenant_id: uuid.UUID
) -> PaymentSettingsOut:
    return PaymentSettingsOut(
        processor=row.processor if row else ProcessorName.TEST.value,
        stripe_publishable_key=row.stripe_publishable_key if row else None,
        stripe_secret_key_set=bool(row and box.open(row.stripe_secret_key)),
        stripe_webhook_secret_set=bool(row and box.open(row.stripe_webhook_secret)),
        stripe_webhook_path=WEBHOOK_PATH.format(tenant_id=tenant_id),
        updated_at=row.updated_at if row else None,
    )


async def get_settings(uow: ReadUnitOfWork, *, box: SecretBox) -> PaymentSettingsOut:
    """The tenant's processor; secrets only as set or not set."""
    return _settings_out(await _stored_settings(uow), box, uow.require_tenant())


_SECRET_PREFIXES = {
    "stripe_secret_key": ("sk_", "rk_"),
    "stripe_webhook_secret": ("whsec_",),
}


async def update_settings(
    uow: WriteUnitOfWork, *, box: SecretBox, update: PaymentSettingsUpdate
) -> PaymentSettingsOut:
    """Change the fields sent. `stripe` needs a secret key (set now or before); secrets are
    encrypted before they are stored and the audit row says only that they changed."""
    row = await hold_settings(uow)
    changes: dict[str, Any] = {}
    for name in update.model_fields_set:
        value = getattr(update, name)
        if name in _SECRET_PREFIXES:
            secret = value.get_secret_value().strip() if value is not None else None
            if secret is not None and (
                not secret.startswith(_SECRET_PREFIXES[name]) or len(secret) > 500
            ):
                raise InvalidProcessorSettings(
                    f"{name} must start with {' or '.join(_SECRET_PREFIXES[name])}"
                )
            setattr(row, name, box.seal(secret) if secret else None)
            changes[name] = "[set]" if secret else "[removed]"
        elif name == "processor":
            if value is None:
                raise InvalidProcessorSettings("processor can't be null: `test` or `stripe`")
            if value != row.processor:
                changes[name] = {"from": row.processor, "to": value}
            row.processor = value
        elif value != getattr(row, name):
            changes[name] = {"from": getattr(row, name), "to": value}
            setattr(row, name, value)
    if row.processor == ProcessorName.STRIPE and not box.open(row.stripe_secret_key):
        raise InvalidProcessorSettings("Stripe needs `stripe_secret_key`")
    if changes:
        row.updated_at = uow.clock.now()
        row.updated_by = uow.actor_id
        audit.record(
            uow,
            action="payment_settings.updated",
            target_type="payment_settings",
            target_id=uow.require_tenant(),
            changes=changes,
        )
        record_event(uow, "payment_settings.updated", {"changes": changes})
    return _settings_out(row, box, uow.require_tenant())


async def processor_config(uow: ReadUnitOfWork, *, box: SecretBox) -> ProcessorConfig:
    """The tenant's processor with its secret, for the payment flow (never answered)."""
    row = await _stored_settings(uow)
    if row is None:
        return ProcessorConfig(ProcessorName.TEST.value)
    return ProcessorConfig(row.processor, stripe_secret_key=box.open(row.stripe_secret_key))


# --- reading payments -----------------------------------------------------------------------


def payment_out(payment: Payment) -> PaymentOut:
    cash = payment.method == PaymentMethod.CASH
    return PaymentOut(
        id=payment.id,
        order_id=payment.order_id,
        location_id=payment.location_id,
        status=payment.status,
        method=payment.method,
        processor=payment.processor,
        amount=payment.amount,
        currency=payment.currency,
        refunded_amount=payment.refunded_amount,
        failure_code=payment.failure_code,
        tendered=payment.tendered if cash else None,
        change_due=(payment.tendered or payment.amount) - payment.amount if cash else None,
        reference=payment.reference,
        created_at=payment.created_at,
        decided_at=payment.decided_at,
    )


def refund_out(refund: PaymentRefund, payment: Payment) -> RefundOut:
    return RefundOut(
        id=refund.id,
        payment_id=refund.payment_id,
        order_id=refund.order_id,
        status=refund.status,
        amount=refund.amount,
        failure_code=refund.failure_code,
        reference=refund.reference,
        created_at=refund.created_at,
        decided_at=refund.decided_at,
        payment=payment_out(payment),
    )


async def find_payment(uow: ReadUnitOfWork, payment_id: uuid.UUID) -> Payment | None:
    stmt = sa.select(Payment).where(Payment.id == payment_id)
    return (await uow.session.scalars(stmt)).one_or_none()


async def get_payment(
    uow: ReadUnitOfWork,
    payment_id: uuid.UUID,
    *,
    locations: AbstractSet[uuid.UUID] | None = None,
) -> Payment:
    """The payment; one at a location outside `locations` (None: every location) is 404,
    as if it did not exist."""
    payment = await find_payment(uow, payment_id)
    if payment is None or (locations is not None and payment.location_id not in locations):
        raise PaymentNotFound()
    return payment


@dataclass(frozen=True)
class PaymentFilter:
    order_id: uuid.UUID | None = None
    status: str | None = None
    locations: AbstractSet[uuid.UUID] | None = None


async def list_payments(
    uow: ReadUnitOfWork, *, filters: PaymentFilter, page: PageParams
) -> tuple[list[Payment], str | None]:
    """Oldest first (the order the payments of an order were taken in)."""
    stmt = sa.select(Payment)
    if filters.order_id is not None:
        stmt = stmt.where(Payment.order_id == filters.order_id)
    if filters.status is not None:
        stmt = stmt.where(Payment.status == filters.status)
    if filters.locations is not None:
        stmt = stmt.where(Payment.location_id.in_(sorted(filters.locations)))
    return await fetch_page(uow.session, stmt, page, Payment.id)


# --- Stripe's webhook -----------------------------------------------------------------------


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
    row = await _stored_settings(uow)
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
