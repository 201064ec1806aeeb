"""Request and response bodies of the orders API, and the order line other domains (carts)
create orders with."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from olympus.core.event_types import EventData, EventPart, FieldChange, declare
from olympus.core.schemas import StrictBody

# Far above any real basket, far inside every integer type.
MAX_QUANTITY = 1_000_000
MAX_LINES = 100
MAX_CODES = 10

Quantity = Annotated[int, Field(ge=1, le=MAX_QUANTITY, description="Units, at least one.")]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
NoteText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


@dataclass(frozen=True)
class OrderLineRequest:
    """One line to order: `product_id` is the sellable unit (a product without variants, or
    a variant); `quantity` at least 1."""

    product_id: uuid.UUID
    quantity: int


class OrderItemIn(StrictBody):
    product_id: uuid.UUID = Field(description="A sellable unit: a plain product or a variant.")
    quantity: Quantity


class OrderCreate(StrictBody):
    location_id: uuid.UUID = Field(description="Where the sale happens; stock is held there.")
    customer_id: uuid.UUID | None = None
    items: list[OrderItemIn] = Field(min_length=1, max_length=MAX_LINES)
    discount_codes: list[Code] = Field(default_factory=list, max_length=MAX_CODES)

    def lines(self) -> list[OrderLineRequest]:
        return [OrderLineRequest(item.product_id, item.quantity) for item in self.items]


class FulfilmentLineIn(StrictBody):
    item_id: uuid.UUID = Field(description="An item of the order (`items[].id`).")
    quantity: Quantity


class FulfilmentCreate(StrictBody):
    lines: list[FulfilmentLineIn] = Field(min_length=1, max_length=MAX_LINES)


class CancelIn(StrictBody):
    reason: Reason


class NoteIn(StrictBody):
    text: NoteText


class OrderItemOut(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    sku: str
    name: str
    quantity: int
    unit_price: int
    subtotal: int = Field(description="unit_price * quantity")
    discount: int
    tax: int
    line_total: int = Field(description="subtotal - discount (+ tax when prices exclude it)")
    tax_rate: str = Field(description='Per cent, as text ("20", "8.5").')
    fulfilled_quantity: int


class AppliedDiscountOut(BaseModel):
    id: uuid.UUID
    code: str | None
    name: str
    amount: int


class OrderRead(BaseModel):
    """An order as the API answers it (and `create_order` returns it)."""

    id: uuid.UUID
    number: str = Field(description="Per tenant, increasing, human-readable.")
    status: str = Field(
        description="pending, paid, partially_fulfilled, fulfilled, completed, cancelled, "
        "partially_refunded or refunded"
    )
    channel: Literal["pos", "online"]
    location_id: uuid.UUID
    customer_id: uuid.UUID | None
    cart_id: uuid.UUID | None
    items: list[OrderItemOut]
    discounts: list[AppliedDiscountOut]
    subtotal: int
    discount_total: int
    tax_total: int
    total: int
    currency: str
    prices_include_tax: bool
    paid_total: int
    refunded_total: int
    cancel_reason: str | None
    created_at: datetime
    updated_at: datetime


class OrderSummary(BaseModel):
    """An order in a list (without its items)."""

    id: uuid.UUID
    number: str
    status: str
    channel: str
    location_id: uuid.UUID
    customer_id: uuid.UUID | None
    total: int
    currency: str
    paid_total: int
    refunded_total: int
    created_at: datetime


class TimelineEntryOut(BaseModel):
    id: uuid.UUID
    kind: str = Field(description="created, transition, payment, refund, fulfilment or note")
    from_status: str | None
    to_status: str | None
    actor_id: uuid.UUID | None
    data: dict[str, Any]
    created_at: datetime


# --- events -------------------------------------------------------------------------------------

_ORDER = "01a22426-5a6d-719f-82aa-8e6f708192a3"
_PAYMENT = "01a22426-6b7e-72a0-93bb-9f708192a3b4"


class OrderEventData(EventData):
    """What every order event carries: the order as it is after the change."""

    order_id: uuid.UUID
    number: str
    location_id: uuid.UUID
    customer_id: uuid.UUID | None
    total: int = Field(description="minor units")
    currency: str


class OrderedItem(EventPart):
    product_id: uuid.UUID
    quantity: int


class OrderCreatedData(OrderEventData):
    status: str
    channel: str
    cart_id: uuid.UUID | None = Field(description="the cart checked out, if any")
    reservation_id: uuid.UUID = Field(description="the stock reservation holding its items")
    items: list[OrderedItem]
    subtotal: int
    discount_total: int
    tax_total: int
    discounts: list[dict[str, Any]] = Field(description="the discounts applied, as on the order")


class OrderPaidData(OrderEventData):
    status: FieldChange
    paid_total: int


class OrderRefundedData(OrderEventData):
    status: FieldChange
    refund_id: uuid.UUID
    payment_id: uuid.UUID
    amount: int = Field(description="this refund's amount")
    refunded_total: int = Field(description="everything refunded so far")


class FulfilledLine(EventPart):
    item_id: uuid.UUID
    quantity: int = Field(description="handed over now")


class OrderFulfilledData(OrderEventData):
    status: FieldChange = Field(description="to `fulfilled` or `partially_fulfilled`")
    lines: list[FulfilledLine]
    complete: bool = Field(description="every item is handed over")


class OrderCompletedData(OrderEventData):
    status: FieldChange


class OrderCancelledData(OrderEventData):
    status: FieldChange
    reason: str
    paid_total: int = Field(description="what was paid")
    refundable: int = Field(
        description="what was paid and not yet refunded: it stays refundable through payments"
    )
    discounts_released: list[uuid.UUID] = Field(description="discounts whose use was given back")


_ORDER_FIELDS = {
    "order_id": _ORDER,
    "number": "PAR-1-000042",
    "location_id": "01a22426-1c2f-7d5b-8e66-4a2b3c4d5e6f",
    "customer_id": None,
    "total": 960,
    "currency": "EUR",
}
declare(
    "order.created",
    OrderCreatedData,
    description="An order was placed: its stock is reserved and its discounts used.",
    example=_ORDER_FIELDS
    | {
        "status": "pending",
        "channel": "web",
        "cart_id": "01a22426-8d90-74c2-b5dd-b192a3b4c5d6",
        "reservation_id": "01a22426-d2e5-7917-8a22-06e7f8091a2b",
        "items": [{"product_id": "01a22426-3e4b-7f7d-a088-6c4d5e6f7081", "quantity": 2}],
        "subtotal": 900,
        "discount_total": 0,
        "tax_total": 60,
        "discounts": [],
    },
)
declare(
    "order.paid",
    OrderPaidData,
    description="Payments cover an order's total: it is paid.",
    example=_ORDER_FIELDS | {"status": {"from": "pending", "to": "paid"}, "paid_total": 960},
)
declare(
    "order.refunded",
    OrderRefundedData,
    description="A refund of an order succeeded (partially or wholly refunded).",
    example=_ORDER_FIELDS
    | {
        "status": {"from": "paid", "to": "partially_refunded"},
        "refund_id": "01a22426-7c8f-73b1-a4cc-a08192a3b4c5",
        "payment_id": _PAYMENT,
        "amount": 450,
        "refunded_total": 450,
    },
)
declare(
    "order.fulfilled",
    OrderFulfilledData,
    description="Items of an order were handed over (each fulfilment).",
    example=_ORDER_FIELDS
    | {
        "status": {"from": "paid", "to": "fulfilled"},
        "lines": [{"item_id": "01a22426-9ea1-75d3-86ee-c2a3b4c5d6e7", "quantity": 2}],
        "complete": True,
    },
)
declare(
    "order.completed",
    OrderCompletedData,
    description="A fulfilled order is done.",
    example=_ORDER_FIELDS | {"status": {"from": "fulfilled", "to": "completed"}},
)
declare(
    "order.cancelled",
    OrderCancelledData,
    description="An order was cancelled: its stock and discount uses are given back.",
    example=_ORDER_FIELDS
    | {
        "status": {"from": "pending", "to": "cancelled"},
        "reason": "customer asked",
        "paid_total": 0,
        "refundable": 0,
        "discounts_released": [],
    },
)
