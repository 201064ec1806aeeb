"""The rules of payments that run in the caller's unit of work: the tenant's processor
settings, reading payments, and the receipt of Stripe's webhook events. Taking a payment and
refunding one span several transactions (the processor is called between them): see
`flow.py`."""

import uuid
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
import stripe
from sqlalchemy.dialects import postgresql, sqlite

from olympus.auth.errors import PermissionDenied
from olympus.commerce.orders import service as orders
from olympus.commerce.orders.errors import (
    InvalidTransition,
    PaymentExceedsBalance,
    RefundExceedsCaptured,
)
from olympus.commerce.payments import repository
from olympus.commerce.payments.components import ProcessorConfig, SecretBox
from olympus.commerce.payments.errors import (
    InsufficientTender,
    InvalidProcessorSettings,
    InvalidStripeSignature,
    PaymentNotFound,
    PaymentNotRefundable,
    StripeWebhookNotConfigured,
)
from olympus.commerce.payments.locks import hold_payment, hold_refund, hold_settings
from olympus.commerce.payments.models import (
    Payment,
    PaymentMethod,
    PaymentRefund,
    PaymentSettings,
    PaymentStatus,
    ProcessorName,
    StripeEvent,
)
from olympus.commerce.payments.providers import Outcome, verify_stripe_event
from olympus.commerce.payments.schemas import (
    CardMethod,
    CashMethod,
    PaymentOut,
    PaymentSettingsOut,
    PaymentSettingsUpdate,
    RefundOut,
)
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.audit import service as audit
from olympus.platform.rbac.authorization import Authorization

WEBHOOK_PATH = "/api/v1/payments/webhooks/stripe/{tenant_id}"
# Reading a payment needs what reading its order needs; taking and refunding their own.
READ = "orders:read"
PROCESS = "payments:process"
REFUND = "payments:refund"


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


# --- taking a payment (the steps `flow.py` runs in its transactions) --------------------------

CASH = "cash"
# A released attempt: any retry may resume the payment.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Decision:
    """A processor's verdict on a charge or a refund, as settling takes it."""

    outcome: Outcome
    reference: str | None = None
    failure_code: str | None = None


async def _pending_total(uow: ReadUnitOfWork, order_id: uuid.UUID) -> int:
    stmt = sa.select(sa.func.coalesce(sa.func.sum(Payment.amount), 0)).where(
        Payment.order_id == order_id, Payment.status == PaymentStatus.PENDING
    )
    return int(await uow.session.scalar(stmt) or 0)


def check_may(authz: Authorization, permission: str, location_id: uuid.UUID) -> None:
    if not authz.can(permission, location_id):
        raise PermissionDenied(
            f"This needs the permission {permission!r} at the order's location",
            permission=permission,
        )


async def start_payment(
    uow: WriteUnitOfWork,
    *,
    order_id: uuid.UUID,
    amount: int,
    method: CardMethod | CashMethod,
    authz: Authorization,
    processor: str,
    idempotency_key: str | None,
) -> Payment:
    """The first step of a payment, under the order's lock: the order must be pending and
    owe at least `amount` beyond what is paid and what pending payments may still take (409
    `payment_exceeds_balance`: so two card payments in flight can't both capture past the
    total). Cash is decided here and then; a card payment is written `pending`, to be
    committed before its processor is called."""
    order = await orders.payable_order(uow, order_id, lock=True)
    check_may(authz, PROCESS, order.location_id)
    if order.status != "pending":
        raise InvalidTransition(
            f"An order that is {order.status} takes no payment", status=order.status, to="paid"
        )
    owed = order.total - order.paid_total - await _pending_total(uow, order_id)
    if amount > owed:
        raise PaymentExceedsBalance(
            f"The order has {max(owed, 0)} left to pay (with payments in flight); "
            f"{amount} is more than that"
        )
    now = uow.clock.now()
    payment = Payment(
        id=new_id(),
        order_id=order_id,
        location_id=order.location_id,
        method=method.type,
        processor=CASH if isinstance(method, CashMethod) else processor,
        status=PaymentStatus.PENDING.value,
        amount=amount,
        currency=order.currency,
        refunded_amount=0,
        idempotency_key=idempotency_key,
        created_by=uow.actor_id,
        created_at=now,
        attempted_at=now,
    )
    if isinstance(method, CashMethod):
        tendered = amount if method.tendered is None else method.tendered
        if tendered < amount:
            raise InsufficientTender(f"{tendered} tendered for a payment of {amount}")
        payment.tendered = tendered
    uow.session.add(payment)
    await uow.session.flush()
    if isinstance(method, CashMethod):
        await _decide(uow, payment, Decision(Outcome.SUCCEEDED), order_status=order.status)
    return payment


async def take_over_payment(
    uow: WriteUnitOfWork, *, idempotency_key: str, stale_after: timedelta
) -> Payment | None:
    """The pending payment a retried request (same Idempotency-Key) may resume: one whose
    processor was last asked longer than `stale_after` ago (its caller crashed or gave up).
    One conditional update, so of concurrent retries only one resumes it."""
    now = uow.clock.now()
    stmt = (
        sa.update(Payment)
        .where(
            Payment.idempotency_key == idempotency_key,
            Payment.status == PaymentStatus.PENDING,
            Payment.attempted_at <= now - stale_after,
        )
        .values(attempted_at=now)
        .returning(Payment.id)
        .execution_options(synchronize_session=False)
    )
    payment_id = (await uow.session.execute(stmt)).scalar_one_or_none()
    return None if payment_id is None else await find_payment(uow, payment_id)


async def find_payment_by_key(uow: ReadUnitOfWork, idempotency_key: str) -> Payment | None:
    stmt = sa.select(Payment).where(Payment.idempotency_key == idempotency_key)
    return (await uow.session.scalars(stmt)).one_or_none()


async def release_attempt(uow: WriteUnitOfWork, payment_id: uuid.UUID) -> None:
    """The processor could not be reached: a retry may resume the payment at once."""
    stmt = (
        sa.update(Payment)
        .where(Payment.id == payment_id, Payment.status == PaymentStatus.PENDING)
        .values(attempted_at=EPOCH)
        .execution_options(synchronize_session=False)
    )
    await uow.session.execute(stmt)


async def settle_payment(
    uow: WriteUnitOfWork, payment_id: uuid.UUID, decision: Decision
) -> tuple[Payment, bool]:
    """Apply the processor's verdict to a pending payment, whoever brings it first (the
    client's request, its confirmation, or Stripe's webhook): under the order's lock, then
    the payment's, a payment no longer pending is left as it is. So a charge is recorded on
    its order once, and the order marked paid once. Returns the payment and whether this
    call decided it."""
    found = await find_payment(uow, payment_id)
    if found is None:
        raise PaymentNotFound()
    order = await orders.payable_order(uow, found.order_id, lock=True)
    payment = await hold_payment(uow, payment_id)
    if payment is None:
        raise PaymentNotFound()
    if payment.status != PaymentStatus.PENDING:
        return payment, False
    if decision.reference and not payment.reference:
        payment.reference = decision.reference
    if decision.outcome is Outcome.PENDING:
        return payment, False
    await _decide(uow, payment, decision, order_status=order.status)
    return payment, True


async def _decide(
    uow: WriteUnitOfWork, payment: Payment, decision: Decision, *, order_status: str
) -> None:
    payment.decided_at = uow.clock.now()
    if decision.outcome is Outcome.SUCCEEDED and order_status != "pending":
        # Captured for an order that no longer takes payments (cancelled while the card was
        # charged): not recorded on it, and given back at the processor after commit.
        payment.status = PaymentStatus.FAILED.value
        payment.failure_code = "order_not_payable"
    elif decision.outcome is Outcome.SUCCEEDED:
        payment.status = PaymentStatus.SUCCEEDED.value
        await orders.record_payment(
            uow,
            payment.order_id,
            payment_id=payment.id,
            amount=payment.amount,
            method=payment.method,
        )
    else:
        payment.status = PaymentStatus.FAILED.value
        payment.failure_code = decision.failure_code or "payment_failed"
    data = {
        "payment_id": str(payment.id),
        "order_id": str(payment.order_id),
        "status": payment.status,
        "method": payment.method,
        "processor": payment.processor,
        "amount": payment.amount,
        "currency": payment.currency,
        "failure_code": payment.failure_code,
        "reference": payment.reference,
    }
    audit.record(
        uow, action="payment.processed", target_type="payment", target_id=payment.id, changes=data
    )
    record_event(uow, "payment.processed", data)


def needs_giving_back(payment: Payment) -> bool:
    """A charge captured for an order that could no longer take it."""
    return payment.failure_code == "order_not_payable" and payment.reference is not None


# --- refunds ----------------------------------------------------------------------------------


async def start_refund(
    uow: WriteUnitOfWork,
    payment_id: uuid.UUID,
    *,
    amount: int | None,
    authz: Authorization,
    idempotency_key: str | None,
) -> tuple[PaymentRefund, Payment]:
    """The first step of a refund, under the order's lock then the payment's: only a
    succeeded payment (409 `payment_not_refundable`) of an order in a refundable state (409
    `invalid_transition`), never more than it captured and not yet refunded (409
    `refund_exceeds_captured`; no amount: all of that). The amount is counted in the
    payment's `refunded_amount` at once, so two refunds in flight can't both pass. Cash is
    refunded here and then; a card refund is written `pending`."""
    found = await get_payment(uow, payment_id, locations=authz.locations_for(READ))
    check_may(authz, REFUND, found.location_id)
    order = await orders.payable_order(uow, found.order_id, lock=True)
    payment = await hold_payment(uow, payment_id)
    if payment is None:
        raise PaymentNotFound()
    if payment.status != PaymentStatus.SUCCEEDED:
        raise PaymentNotRefundable(f"A {payment.status} payment captured nothing to refund")
    left = payment.amount - payment.refunded_amount
    amount = left if amount is None else amount
    if amount > left or amount <= 0:
        raise RefundExceedsCaptured(
            f"{left} of this payment is left to refund; {amount} is more than that"
        )
    # The orders' rule (its state machine), checked before the processor is asked so a
    # refused refund moves no money.
    if not orders.refundable(order.status):
        raise InvalidTransition(
            f"An order that is {order.status} can't be refunded",
            status=order.status,
            to="refunded",
        )
    now = uow.clock.now()
    payment.refunded_amount += amount
    refund = PaymentRefund(
        id=new_id(),
        payment_id=payment.id,
        order_id=payment.order_id,
        status=PaymentStatus.PENDING.value,
        amount=amount,
        idempotency_key=idempotency_key,
        created_by=uow.actor_id,
        created_at=now,
    )
    uow.session.add(refund)
    await uow.session.flush()
    if payment.processor == CASH:
        await _decide_refund(uow, refund, payment, Decision(Outcome.SUCCEEDED))
    return refund, payment


async def settle_refund(
    uow: WriteUnitOfWork, refund_id: uuid.UUID, decision: Decision
) -> tuple[PaymentRefund, Payment]:
    """Apply the processor's verdict to a pending refund, once (order, payment, refund
    locked in that order). A failed refund gives its amount back to what may be refunded."""
    refund = await uow.session.get(PaymentRefund, (uow.require_tenant(), refund_id))
    if refund is None:
        raise PaymentNotFound()
    await orders.payable_order(uow, refund.order_id, lock=True)
    payment = await hold_payment(uow, refund.payment_id)
    held = await hold_refund(uow, refund_id)
    if payment is None or held is None:
        raise PaymentNotFound()
    if held.status == PaymentStatus.PENDING:
        if decision.reference and not held.reference:
            held.reference = decision.reference
        if decision.outcome is not Outcome.PENDING:
            await _decide_refund(uow, held, payment, decision)
    return held, payment


async def _decide_refund(
    uow: WriteUnitOfWork, refund: PaymentRefund, payment: Payment, decision: Decision
) -> None:
    refund.decided_at = uow.clock.now()
    if decision.outcome is Outcome.SUCCEEDED:
        refund.status = PaymentStatus.SUCCEEDED.value
        await orders.record_refund(
            uow,
            refund.order_id,
            refund_id=refund.id,
            payment_id=payment.id,
            amount=refund.amount,
        )
    else:
        refund.status = PaymentStatus.FAILED.value
        refund.failure_code = decision.failure_code or "refund_failed"
        payment.refunded_amount -= refund.amount
    data = {
        "refund_id": str(refund.id),
        "payment_id": str(payment.id),
        "order_id": str(refund.order_id),
        "status": refund.status,
        "amount": refund.amount,
        "currency": payment.currency,
        "refunded_amount": payment.refunded_amount,
        "failure_code": refund.failure_code,
    }
    audit.record(
        uow, action="payment.refunded", target_type="payment", target_id=payment.id, changes=data
    )
    if refund.status == PaymentStatus.SUCCEEDED:
        record_event(uow, "payment.refunded", data)


async def find_refund_by_key(uow: ReadUnitOfWork, idempotency_key: str) -> PaymentRefund | None:
    stmt = sa.select(PaymentRefund).where(PaymentRefund.idempotency_key == idempotency_key)
    return (await uow.session.scalars(stmt)).one_or_none()


# --- Stripe's verdicts by webhook ------------------------------------------------------------

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


# --- history written in bulk (demo data, imports) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryPayment:
    """A payment of the past, decided (succeeded or failed) at `decided_at`. `refunded`
    is the sum of its refunds; `tendered` what a cash customer handed over."""

    id: uuid.UUID
    order_id: uuid.UUID
    location_id: uuid.UUID
    method: PaymentMethod
    processor: str
    status: PaymentStatus
    amount: int
    currency: str
    refunded: int
    tendered: int | None
    failure_code: str | None
    created_at: datetime
    decided_at: datetime


@dataclass(frozen=True, slots=True)
class HistoryRefund:
    """A refund of the past (succeeded) against one of the payments written with it."""

    id: uuid.UUID
    payment_id: uuid.UUID
    order_id: uuid.UUID
    amount: int
    created_at: datetime


def _check_history_payment(payment: HistoryPayment, refunded: int) -> None:
    if payment.amount <= 0 or not 0 <= payment.refunded <= payment.amount:
        raise ValueError(f"payment {payment.id}: 0 < amount, 0 <= refunded <= amount")
    if payment.refunded != refunded:
        raise ValueError(f"payment {payment.id}: its refunds add up to {refunded}")
    if payment.status is PaymentStatus.PENDING:
        raise ValueError("a payment of the past is decided")
    if payment.status is PaymentStatus.FAILED and (payment.refunded or not payment.failure_code):
        raise ValueError(f"payment {payment.id}: a failed payment has a code and no refund")
    cash = payment.method is PaymentMethod.CASH
    if payment.tendered is not None and (not cash or payment.tendered < payment.amount):
        raise ValueError(f"payment {payment.id}: tendered is cash, at least the amount")
    if (payment.processor == PaymentMethod.CASH.value) != cash:
        raise ValueError(f"payment {payment.id}: cash is its own processor")


async def bulk_insert_history(
    uow: WriteUnitOfWork, payments: Sequence[HistoryPayment], refunds: Sequence[HistoryRefund]
) -> int:
    """Write payments and refunds of the past, set-based, checked against the rules a
    payment obeys (a refund only of a succeeded payment, never above it; change only for
    cash). The orders they paid are written by the orders domain with the totals these add
    up to. Past business: no processor is called, no events, no audit rows. Answers how
    many payments were written."""
    refunded: dict[uuid.UUID, int] = {}
    for refund in refunds:
        if refund.amount <= 0:
            raise ValueError(f"refund {refund.id}: at least 1")
        refunded[refund.payment_id] = refunded.get(refund.payment_id, 0) + refund.amount
    payment_rows: list[tuple[Any, ...]] = []
    for payment in payments:
        _check_history_payment(payment, refunded.pop(payment.id, 0))
        payment_rows.append(
            (
                payment.id, payment.order_id, payment.location_id, payment.method.value,
                payment.processor, payment.status.value, payment.amount, payment.currency,
                payment.refunded, payment.tendered, payment.failure_code, None, None, None,
                payment.created_at, payment.created_at, payment.decided_at,
            )
        )  # fmt: skip
    if refunded:
        raise ValueError("a refund names a payment not written with it")
    refund_rows = [
        (
            r.id, r.payment_id, r.order_id, PaymentStatus.SUCCEEDED.value, r.amount, None, None,
            None, None, r.created_at, r.created_at,
        )
        for r in refunds
    ]  # fmt: skip
    await repository.add_history(uow, payments=payment_rows, refunds=refund_rows)
    return len(payment_rows)
