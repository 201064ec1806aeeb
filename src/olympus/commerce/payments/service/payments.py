"""Taking a payment: the steps `flow.py` runs in its transactions (start, take over a
crashed attempt, release, settle once under the order's and the payment's locks)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from olympus.commerce.orders import service as orders
from olympus.commerce.orders.errors import InvalidTransition, PaymentExceedsBalance
from olympus.commerce.payments.errors import InsufficientTender, PaymentNotFound
from olympus.commerce.payments.locks import hold_payment
from olympus.commerce.payments.models import Payment, PaymentStatus
from olympus.commerce.payments.providers import Outcome
from olympus.commerce.payments.schemas import CardMethod, CashMethod
from olympus.commerce.payments.service.reads import PROCESS, check_may, find_payment
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.rbac.authorization import Authorization

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
