"""Fulfilment: the items of a paid order handed over, in part or whole (their stock moves
from reserved to sold), and a fulfilled order completed."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from olympus.commerce.inventory import service as inventory
from olympus.commerce.orders.errors import FulfilmentExceedsOrdered, InvalidFulfilment
from olympus.commerce.orders.models import Order, OrderItem, OrderStatus, TimelineKind
from olympus.commerce.orders.schemas import OrderRead
from olympus.commerce.orders.service.reads import as_read, items_of, read_order
from olympus.commerce.orders.service.state import (
    add_entry,
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


def _fulfilment(
    items: Sequence[OrderItem], lines: Sequence[tuple[uuid.UUID, int]] | None
) -> dict[uuid.UUID, int]:
    """Item id -> units to fulfil now: the lines asked for, or everything left."""
    left = {item.id: item.quantity - item.fulfilled_quantity for item in items}
    if lines is None:
        return {item_id: units for item_id, units in left.items() if units > 0}
    wanted: dict[uuid.UUID, int] = {}
    for item_id, quantity in lines:
        if item_id not in left:
            raise InvalidFulfilment(f"The order has no item {item_id}")
        if item_id in wanted:
            raise InvalidFulfilment(f"The item {item_id} is named twice")
        if quantity < 1:
            raise InvalidFulfilment("A fulfilment line moves at least one unit")
        if quantity > left[item_id]:
            raise FulfilmentExceedsOrdered(
                f"The item {item_id} has {left[item_id]} left to fulfil, {quantity} asked for"
            )
        wanted[item_id] = quantity
    return wanted


async def fulfil_order(
    uow: WriteUnitOfWork, order: Order, *, lines: Sequence[tuple[uuid.UUID, int]] | None = None
) -> OrderRead:
    """Hand over items of a paid order (the order held by `hold_order`): `lines` (item id,
    units), or everything left. Their stock moves from reserved to sold at the order's
    location. Everything handed over: `fulfilled`; else `partially_fulfilled`."""
    check_move(order, OrderStatus.PARTIALLY_FULFILLED, "fulfilled")
    items = await items_of(uow, order.id)
    now_fulfilled = _fulfilment(items, lines)
    for item in items:
        item.fulfilled_quantity += now_fulfilled.get(item.id, 0)
    complete = all(item.fulfilled_quantity == item.quantity for item in items)
    reason = f"order {order.reference}"
    if complete:
        await inventory.commit_reservation(
            uow, order.reservation_id, reason=reason, owner=stock_owner(order.id)
        )
    else:
        per_product: dict[uuid.UUID, int] = defaultdict(int)
        for item in items:
            per_product[item.product_id] += now_fulfilled.get(item.id, 0)
        await inventory.sell_reserved(
            uow,
            order.reservation_id,
            lines=[(p, q) for p, q in sorted(per_product.items()) if q > 0],
            reason=reason,
            owner=stock_owner(order.id),
        )
    fulfilled = [
        {"item_id": str(item_id), "quantity": quantity}
        for item_id, quantity in now_fulfilled.items()
    ]
    to = OrderStatus.FULFILLED if complete else OrderStatus.PARTIALLY_FULFILLED
    add_entry(uow, order, TimelineKind.FULFILMENT, {"lines": fulfilled})
    previous = move(uow, order, to, "fulfilled", {"lines": fulfilled})
    _record(
        uow,
        order,
        "order.fulfilled",
        {"lines": fulfilled, "complete": complete, "status": {"from": previous, "to": to.value}},
        event="order.fulfilled",
    )
    await uow.session.flush()
    return as_read(order, items)


async def complete_order(uow: WriteUnitOfWork, order: Order) -> OrderRead:
    """A fulfilled order is done (`completed`)."""
    previous = move(uow, order, OrderStatus.COMPLETED, "completed", {})
    _record(
        uow,
        order,
        "order.completed",
        {"status": {"from": previous, "to": order.status}},
        event="order.completed",
    )
    await uow.session.flush()
    return await read_order(uow, order)
