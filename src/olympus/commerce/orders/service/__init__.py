"""Order rules: take an order at a location (priced by `pricing.quote`, its discount uses
counted, its stock held through the inventory, numbered per tenant), and move it through the
one state machine of `models.TRANSITIONS`.

Every change holds the order's row (`locks.hold_order`), goes through `state.move` when the
status changes (the only place a status is set: an illegal move is 409
`invalid_transition`), and writes a timeline entry, an audit row and, for the moves others
care about, an event (`order.created|paid|fulfilled|completed|cancelled|refunded`), all in
the caller's transaction.

`create_order`, `payable_order`, `record_payment` and `record_refund` are what carts and
payments call.

Every function takes the unit of work first and never commits. One module per concern:

- `state`         the state machine (`can_move`, `check_move`, `refundable`) and the one
                  place a status changes; timeline entries and notes; what every change
                  writes of an order (its audit row, its event's data)
- `reads`         the tenant's order, found or held for a change; its items and what it
                  answers (`OrderRead`); the lists of orders and an order's timeline
- `sale`          taking an order: its lines priced, its discount uses counted, its stock
                  held, its number given, and its rows written (the sale's hot path)
- `payments`      what payments call: the order as payments see it, its payments and
                  refunds recorded
- `fulfilment`    items handed over, in part or whole, and a fulfilled order completed
- `cancellation`  an order cancelled, its stock and discount uses given back
- `reports`       the statements analytics sums: paid orders and their lines by hour
- `history`       orders of the past written in bulk (demo data, imports)

Callers import the names below from `olympus.commerce.orders.service`."""

from olympus.commerce.orders.service.cancellation import cancel_order
from olympus.commerce.orders.service.fulfilment import complete_order, fulfil_order
from olympus.commerce.orders.service.history import (
    HISTORY_STATUSES,
    HistoryOrder,
    bulk_insert_history,
)
from olympus.commerce.orders.service.payments import (
    PayableOrder,
    payable_order,
    record_payment,
    record_refund,
)
from olympus.commerce.orders.service.reads import (
    OrderFilter,
    as_read,
    customer_orders,
    get_order,
    hold_order,
    items_of,
    list_orders,
    read_order,
    timeline,
)
from olympus.commerce.orders.service.reports import (
    paid_hours,
    paid_lines_by_hour,
    paid_sales_by_hour,
)
from olympus.commerce.orders.service.sale import (
    ACTIVE_PRODUCT,
    STOCK_HOLD_SECONDS,
    create_order,
    format_number,
)
from olympus.commerce.orders.service.state import (
    REFUNDABLE,
    TARGET,
    add_note,
    can_move,
    check_move,
    refundable,
)

__all__ = [
    "ACTIVE_PRODUCT",
    "HISTORY_STATUSES",
    "REFUNDABLE",
    "STOCK_HOLD_SECONDS",
    "TARGET",
    "HistoryOrder",
    "OrderFilter",
    "PayableOrder",
    "add_note",
    "as_read",
    "bulk_insert_history",
    "can_move",
    "cancel_order",
    "check_move",
    "complete_order",
    "create_order",
    "customer_orders",
    "format_number",
    "fulfil_order",
    "get_order",
    "hold_order",
    "items_of",
    "list_orders",
    "paid_hours",
    "paid_lines_by_hour",
    "paid_sales_by_hour",
    "payable_order",
    "read_order",
    "record_payment",
    "record_refund",
    "refundable",
    "timeline",
]
