"""What the payments domain calls: an order as payments see it (`PayableOrder`), held for
a payment, and the payments and refunds recorded on it (`order.paid`, `order.refunded`)."""

import uuid
from dataclasses import dataclass
from typing import Any

from olympus.commerce.orders.errors import (
    InvalidAmount,
    InvalidTransition,
    PaymentExceedsBalance,
    RefundExceedsCaptured,
)
from olympus.commerce.orders.models import Order, OrderStatus, TimelineKind
from olympus.commerce.orders.service.reads import get_order, hold_order
from olympus.commerce.orders.service.state import (
    add_entry,
    audit_change,
    check_move,
    event_data,
    move,
    refundable,
)
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.events import record_event


# The audit row and, when given, the event of a change: each module writing events keeps its
# own, since the event catalogue reads an event's type from the callers in the same module.
def _record(
    uow: WriteUnitOfWork,
    order: Order,
    action: str,
    changes: dict[str, Any],
    *,
    event: str | None = None,
) -> None:
    audit_change(uow, order, action, changes)
    if event is not None:
        record_event(uow, event, event_data(order, changes))


@dataclass(frozen=True)
class PayableOrder:
    id: uuid.UUID
    number: str
    location_id: uuid.UUID
    customer_id: uuid.UUID | None
    status: str
    currency: str
    total: int
    paid_total: int
    refunded_total: int


def _payable(order: Order) -> PayableOrder:
    return PayableOrder(
        id=order.id,
        number=order.reference,
        location_id=order.location_id,
        customer_id=order.customer_id,
        status=order.status,
        currency=order.currency,
        total=order.total,
        paid_total=order.paid_total,
        refunded_total=order.refunded_total,
    )


async def payable_order(
    uow: ReadUnitOfWork, order_id: uuid.UUID, *, lock: bool = False
) -> PayableOrder:
    """What payments need of an order (404 `order_not_found`). `lock=True` (on a write unit
    of work) holds the order's row until the transaction ends, so payments of one order are
    serialised."""
    if lock:
        if not isinstance(uow, WriteUnitOfWork):
            raise TypeError("locking an order needs a write unit of work")
        return _payable(await hold_order(uow, order_id))
    return _payable(await get_order(uow, order_id))


async def record_payment(
    uow: WriteUnitOfWork,
    order_id: uuid.UUID,
    *,
    payment_id: uuid.UUID,
    amount: int,
    method: str,
) -> PayableOrder:
    """A succeeded payment of a pending order (else 409 `invalid_transition`): `paid_total`
    grows by `amount` (at most what is left to pay: 409 `payment_exceeds_balance`); once it
    covers the total, the order is paid (`order.paid`)."""
    order = await hold_order(uow, order_id)
    if amount < 0:
        raise InvalidAmount("A payment's amount can't be negative")
    check_move(order, OrderStatus.PAID, "paid")
    balance = order.total - order.paid_total
    if amount > balance:
        raise PaymentExceedsBalance(
            f"The order has {balance} left to pay; {amount} is more than that"
        )
    order.paid_total += amount
    order.updated_at = uow.clock.now()
    payment = {"payment_id": str(payment_id), "amount": amount, "method": method}
    add_entry(uow, order, TimelineKind.PAYMENT, {**payment, "paid_total": order.paid_total})
    _record(uow, order, "order.payment_recorded", {**payment, "paid_total": order.paid_total})
    if order.paid_total == order.total:
        previous = move(uow, order, OrderStatus.PAID, "paid", {"payment_id": str(payment_id)})
        _record(
            uow,
            order,
            "order.paid",
            {"status": {"from": previous, "to": order.status}, "paid_total": order.paid_total},
            event="order.paid",
        )
    await uow.session.flush()
    return _payable(order)


async def record_refund(
    uow: WriteUnitOfWork,
    order_id: uuid.UUID,
    *,
    refund_id: uuid.UUID,
    payment_id: uuid.UUID,
    amount: int,
) -> PayableOrder:
    """A refund of a paid order (paid, partially or wholly fulfilled, completed, already
    partially refunded, or cancelled after a payment; else 409 `invalid_transition`):
    `refunded_total` grows by `amount`,
    never above `paid_total` (409 `refund_exceeds_captured`), and the order becomes
    `partially_refunded`, or `refunded` once everything paid is refunded (`order.refunded`)."""
    order = await hold_order(uow, order_id)
    if amount <= 0:
        raise InvalidAmount("A refund's amount is at least 1")
    if not refundable(order.status):
        raise InvalidTransition(
            f"An order that is {order.status} can't be refunded",
            status=order.status,
            to=OrderStatus.REFUNDED.value,
        )
    left = order.paid_total - order.refunded_total
    if amount > left:
        raise RefundExceedsCaptured(f"{left} is left to refund; {amount} is more than that")
    order.refunded_total += amount
    to = (
        OrderStatus.REFUNDED
        if order.refunded_total == order.paid_total
        else OrderStatus.PARTIALLY_REFUNDED
    )
    refund = {"refund_id": str(refund_id), "payment_id": str(payment_id), "amount": amount}
    add_entry(uow, order, TimelineKind.REFUND, {**refund, "refunded_total": order.refunded_total})
    previous = move(uow, order, to, "refunded", {"refund_id": str(refund_id)})
    _record(
        uow,
        order,
        "order.refunded",
        {
            **refund,
            "refunded_total": order.refunded_total,
            "status": {"from": previous, "to": order.status},
        },
        event="order.refunded",
    )
    await uow.session.flush()
    return _payable(order)
