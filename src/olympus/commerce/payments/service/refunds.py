"""Refunding a payment: the steps `flow.py` runs in its transactions (start, settle once
under the order's, the payment's and the refund's locks), and the refunds a processor made
without being asked here (recorded once, by the processor's refund id)."""

import uuid

import sqlalchemy as sa

from olympus.commerce.orders import service as orders
from olympus.commerce.orders.errors import InvalidTransition, RefundExceedsCaptured
from olympus.commerce.payments.errors import PaymentNotFound, PaymentNotRefundable
from olympus.commerce.payments.locks import hold_payment, hold_refund
from olympus.commerce.payments.models import Payment, PaymentRefund, PaymentStatus
from olympus.commerce.payments.providers import Outcome
from olympus.commerce.payments.service.payments import CASH, Decision
from olympus.commerce.payments.service.reads import (
    READ,
    REFUND,
    check_may,
    find_payment,
    get_payment,
)
from olympus.core.db import WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.rbac.authorization import Authorization


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


async def record_processor_refund(
    uow: WriteUnitOfWork, payment_id: uuid.UUID, *, reference: str, amount: int
) -> PaymentRefund | None:
    """A refund the processor made without being asked here (in Stripe's dashboard),
    recorded as a succeeded refund once: under the order's lock then the payment's, a
    refund with the processor's id `reference` already recorded for the payment is not
    recorded again. Only of a succeeded payment of an order in a refundable state, never
    above what the payment has left to refund: else nothing is recorded (None) and the
    caller says so. The order moves to `partially_refunded` or `refunded` through the orders'
    state machine, as for a refund asked here."""
    found = await find_payment(uow, payment_id)
    if found is None:
        return None
    order = await orders.payable_order(uow, found.order_id, lock=True)
    payment = await hold_payment(uow, payment_id)
    if payment is None or payment.status != PaymentStatus.SUCCEEDED:
        return None
    known = sa.select(PaymentRefund.id).where(
        PaymentRefund.payment_id == payment.id, PaymentRefund.reference == reference
    )
    if (await uow.session.execute(known)).first() is not None:
        return None
    left = payment.amount - payment.refunded_amount
    if not 0 < amount <= left or not orders.refundable(order.status):
        return None
    payment.refunded_amount += amount
    refund = PaymentRefund(
        id=new_id(),
        payment_id=payment.id,
        order_id=payment.order_id,
        status=PaymentStatus.PENDING.value,
        amount=amount,
        reference=reference,
        created_by=uow.actor_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(refund)
    await uow.session.flush()
    await _decide_refund(uow, refund, payment, Decision(Outcome.SUCCEEDED, reference))
    return refund


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
