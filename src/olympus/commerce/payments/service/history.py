"""Payments and refunds of the past written in bulk (demo data, imports), checked against
the rules a payment obeys; no processor, events or audit rows."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from olympus.commerce.payments import repository
from olympus.commerce.payments.models import PaymentMethod, PaymentStatus
from olympus.core.db import WriteUnitOfWork


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
