"""The state machine and the timeline: every move checked against `models.TRANSITIONS`, the
timeline entries and notes, and what every change writes of an order (its audit row, its
event's data)."""

import uuid
from typing import Any

from olympus.commerce.inventory import service as inventory
from olympus.commerce.orders.errors import InvalidTransition
from olympus.commerce.orders.models import (
    TRANSITIONS,
    Order,
    OrderStatus,
    OrderTimelineEntry,
    TimelineKind,
)
from olympus.core.db import WriteUnitOfWork, new_id
from olympus.platform.audit import service as audit

TARGET = "order"
# The states a refund may start from: those the state machine lets move to `refunded`.
REFUNDABLE = frozenset(
    status for status, moves in TRANSITIONS.items() if OrderStatus.REFUNDED in moves
)


def stock_owner(order_id: uuid.UUID) -> inventory.ReservationOwner:
    """The order as the owner of its reservation: only it moves that stock."""
    return inventory.order_owner(order_id)


# --- the state machine ------------------------------------------------------------------------


def can_move(current: str, to: OrderStatus) -> bool:
    return to in TRANSITIONS[OrderStatus(current)]


def refundable(status: str) -> bool:
    """Whether an order in `status` may be refunded (what was paid and not yet refunded):
    paid, fulfilled in part or whole, completed, partially refunded, or cancelled."""
    return OrderStatus(status) in REFUNDABLE


def check_move(order: Order, to: OrderStatus, action: str) -> None:
    """409 `invalid_transition` unless the order may move to `to`."""
    if not can_move(order.status, to):
        raise InvalidTransition(
            f"An order that is {order.status} can't be {action}",
            status=order.status,
            to=to.value,
        )


def add_entry(
    uow: WriteUnitOfWork,
    order: Order,
    kind: TimelineKind,
    data: dict[str, Any],
    *,
    from_status: str | None = None,
    to_status: str | None = None,
) -> OrderTimelineEntry:
    entry = OrderTimelineEntry(
        id=new_id(),
        order_id=order.id,
        kind=kind.value,
        from_status=from_status,
        to_status=to_status,
        actor_id=uow.actor_id,
        data=data,
        created_at=uow.clock.now(),
    )
    uow.session.add(entry)
    return entry


def move(
    uow: WriteUnitOfWork, order: Order, to: OrderStatus, action: str, data: dict[str, Any]
) -> str:
    """The one place an order's status changes: checked against the state machine, with a
    timeline entry. Answers the status it left."""
    check_move(order, to, action)
    previous = order.status
    order.status = to.value
    order.updated_at = uow.clock.now()
    add_entry(uow, order, TimelineKind.TRANSITION, data, from_status=previous, to_status=to.value)
    return previous


# --- what a change writes ---------------------------------------------------------------------

# Each module writing events keeps its own `_record` on these two: the event catalogue reads an
# event's type from the callers in the same module.


def audit_change(uow: WriteUnitOfWork, order: Order, action: str, changes: dict[str, Any]) -> None:
    audit.record(uow, action=action, target_type=TARGET, target_id=order.id, changes=changes)


def event_data(order: Order, changes: dict[str, Any]) -> dict[str, Any]:
    """An order event's data: the order as it is now, and what changed."""
    return {
        "order_id": str(order.id),
        "number": order.reference,
        "status": order.status,
        "location_id": str(order.location_id),
        "customer_id": None if order.customer_id is None else str(order.customer_id),
        "total": order.total,
        "currency": order.currency,
        **changes,
    }


# --- notes ------------------------------------------------------------------------------------


async def add_note(uow: WriteUnitOfWork, order: Order, *, text: str) -> OrderTimelineEntry:
    """A note on the order's timeline, in any state."""
    entry = add_entry(uow, order, TimelineKind.NOTE, {"text": text})
    order.updated_at = uow.clock.now()
    audit.record(
        uow,
        action="order.note_added",
        target_type=TARGET,
        target_id=order.id,
        changes={"text": text},
    )
    await uow.session.flush()
    return entry
