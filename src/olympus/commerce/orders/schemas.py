"""Request and response bodies of the orders API, and the order line other domains (carts)
create orders with."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

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
