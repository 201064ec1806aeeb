"""Orders of the past written in bulk (demo data, imports): the rules they obey, and the
set-based inserts of the orders, their items and their timeline."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from olympus.commerce.orders import repository
from olympus.commerce.orders.models import Channel, OrderStatus, TimelineKind
from olympus.commerce.orders.service.sale import format_number
from olympus.commerce.pricing import service as pricing
from olympus.core.db import WriteUnitOfWork
from olympus.core.ids import uuid7_at

# What an order of the past may have ended as: nothing of it still holds stock or waits.
HISTORY_STATUSES = frozenset(
    {
        OrderStatus.FULFILLED,
        OrderStatus.COMPLETED,
        OrderStatus.CANCELLED,
        OrderStatus.PARTIALLY_REFUNDED,
        OrderStatus.REFUNDED,
    }
)


@dataclass(frozen=True, slots=True)
class HistoryOrder:
    """An order of the past, as priced then (`quote`, whose lines name `units`: the sku and
    name of each line's product) and as it ended (`status`, what was paid and refunded).
    `summary` is the note its timeline keeps of what happened between `created_at` and
    `updated_at`, with its creation; `paid_at`, when it was paid (payments came to cover its
    total), is kept as the transition to paid, the moment reports count the sale."""

    id: uuid.UUID
    status: OrderStatus
    channel: Channel
    location_id: uuid.UUID
    customer_id: uuid.UUID | None
    reservation_id: uuid.UUID
    quote: pricing.Quote
    units: Sequence[tuple[str, str]]
    paid_total: int
    refunded_total: int
    cancel_reason: str | None
    created_at: datetime
    updated_at: datetime
    summary: str
    paid_at: datetime | None = None


def _check_history(order: HistoryOrder) -> None:
    """The rules every order of the past obeys, the state machine's end states among them."""
    quote = order.quote
    if order.status not in HISTORY_STATUSES:
        raise ValueError(f"an order of the past can't still be {order.status}")
    if len(order.units) != len(quote.lines) or not quote.lines:
        raise ValueError("every line of the quote names its unit")
    if not 0 <= order.refunded_total <= order.paid_total <= quote.total:
        raise ValueError("refunded <= paid <= total")
    if order.status is OrderStatus.CANCELLED:
        consistent = order.paid_total == order.refunded_total and bool(order.cancel_reason)
    elif order.status is OrderStatus.REFUNDED:
        consistent = order.paid_total == quote.total == order.refunded_total
    elif order.status is OrderStatus.PARTIALLY_REFUNDED:
        consistent = order.paid_total == quote.total and 0 < order.refunded_total < quote.total
    else:
        consistent = order.paid_total == quote.total and order.refunded_total == 0
    if not consistent or order.updated_at < order.created_at:
        raise ValueError(f"order {order.id}: totals or times don't fit {order.status}")
    was_paid = order.paid_total == quote.total and order.paid_total > 0
    if was_paid != (order.paid_at is not None) or (
        order.paid_at is not None and not order.created_at <= order.paid_at <= order.updated_at
    ):
        raise ValueError(f"order {order.id}: paid once its payments covered it, in its lifetime")


def _ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


async def bulk_insert_history(
    uow: WriteUnitOfWork, orders: Sequence[HistoryOrder], *, number_prefix: str
) -> list[str]:
    """Write orders of the past in a few set-based statements (`core.bulk`): the orders,
    their items (handed over unless cancelled) and their timeline: the creation (with
    `summary` of what happened afterwards and the status it ended in, marked `history`) and,
    for an order that was paid, the transition to paid at `paid_at`, which reports count.
    They take the tenant's next numbers in the order given (give them oldest first), so
    numbers stay unique and increasing and the orders taken afterwards continue from them.
    History is past business: no events, no audit rows, and no stock moves here (the
    inventory domain writes their reservations). Answers the references given."""
    for order in orders:
        _check_history(order)
    if not orders:
        return []
    first = await repository.claim_numbers(uow, len(orders))
    references: list[str] = []
    # Rows in the order of the repository's HISTORY_*_COLUMNS.
    order_rows: list[tuple[Any, ...]] = []
    item_rows: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    for offset, order in enumerate(orders):
        quote, status = order.quote, order.status.value
        reference = format_number(number_prefix, first + offset)
        references.append(reference)
        applied = [
            {"id": str(d.id), "code": d.code, "name": d.name, "amount": d.amount}
            for d in quote.discounts
            if d.amount > 0
        ]
        order_rows.append(
            (
                order.id, first + offset, reference, status, order.channel.value,
                order.location_id, order.customer_id, None, order.reservation_id,
                quote.currency, quote.prices_include_tax, quote.subtotal, quote.discount_total,
                quote.tax_total, quote.total, order.paid_total, order.refunded_total, applied,
                order.cancel_reason, None, order.created_at, order.updated_at,
            )
        )  # fmt: skip
        created_ms = _ms(order.created_at)
        handed_over = order.status is not OrderStatus.CANCELLED
        for position, (line, (sku, name)) in enumerate(zip(quote.lines, order.units, strict=True)):
            item_rows.append(
                (
                    uuid7_at(created_ms), order.id, position, line.product_id, sku, name,
                    line.quantity, line.unit_price, line.subtotal, line.discount, line.tax,
                    line.total, format(line.tax_rate.normalize(), "f"),
                    line.quantity if handed_over else 0,
                )
            )  # fmt: skip
        # One entry per order (a million orders, a million entries): its creation, with
        # the summary of what happened after it; a second for the payment that counts.
        entries.append(
            (
                uuid7_at(created_ms), order.id, TimelineKind.CREATED.value, None,
                OrderStatus.PENDING.value, None,
                {"channel": order.channel.value, "total": quote.total, "currency": quote.currency,
                 "history": order.summary, "status": status},
                order.created_at,
            )
        )  # fmt: skip
        if order.paid_at is not None:
            entries.append(
                (
                    uuid7_at(_ms(order.paid_at)), order.id, TimelineKind.TRANSITION.value,
                    OrderStatus.PENDING.value, OrderStatus.PAID.value, None,
                    {"history": True}, order.paid_at,
                )
            )  # fmt: skip
    await repository.add_history(uow, orders=order_rows, items=item_rows, timeline=entries)
    return references
