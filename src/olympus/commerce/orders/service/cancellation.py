"""Cancellation: a pending or paid order cancelled, its held stock and discount uses given
back, what was paid left to refund."""

from typing import Any

from olympus.commerce.discounts import service as discounts
from olympus.commerce.inventory import service as inventory
from olympus.commerce.orders.models import Order, OrderStatus
from olympus.commerce.orders.schemas import OrderRead
from olympus.commerce.orders.service.reads import read_order
from olympus.commerce.orders.service.state import (
    audit_change,
    check_move,
    event_data,
    move,
    stock_owner,
)
from olympus.core.db import WriteUnitOfWork
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


async def cancel_order(uow: WriteUnitOfWork, order: Order, *, reason: str) -> OrderRead:
    """Cancel a pending or paid order (nothing handed over yet): its held stock is available
    again and its discount uses are given back. Money already paid stays refundable: the
    cancelled order is refunded through payments (`partially_refunded`, then `refunded`);
    the timeline entry and the event say how much (`refundable`)."""
    check_move(order, OrderStatus.CANCELLED, "cancelled")
    await inventory.release_reservation(
        uow,
        order.reservation_id,
        reason=f"order {order.reference} cancelled",
        owner=stock_owner(order.id),
    )
    released = await discounts.release_uses(uow, order_id=order.id)
    order.cancel_reason = reason
    refundable_amount = order.paid_total - order.refunded_total
    previous = move(
        uow,
        order,
        OrderStatus.CANCELLED,
        "cancelled",
        {"reason": reason, "refundable": refundable_amount},
    )
    _record(
        uow,
        order,
        "order.cancelled",
        {
            "reason": reason,
            "status": {"from": previous, "to": order.status},
            "paid_total": order.paid_total,
            "refundable": refundable_amount,
            "discounts_released": [str(d) for d in released],
        },
        event="order.cancelled",
    )
    await uow.session.flush()
    return await read_order(uow, order)
