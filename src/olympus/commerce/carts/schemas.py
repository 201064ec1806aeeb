"""Request and response bodies of the carts API."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from olympus.commerce.carts.models import CartChannel
from olympus.commerce.carts.service import MAX_QUANTITY
from olympus.commerce.discounts.schemas import Code
from olympus.core.event_types import EventData, FieldChange, declare
from olympus.core.schemas import StrictBody

Quantity = Annotated[
    int, Field(ge=1, le=MAX_QUANTITY, description=f"Units, 1-{MAX_QUANTITY}.", examples=[2])
]


class CartCreate(StrictBody):
    location_id: uuid.UUID = Field(description="Where the sale happens: prices, tax, stock.")
    customer_id: uuid.UUID | None = Field(default=None, description="A customer of the tenant.")
    channel: CartChannel = Field(description="`pos` (a till) or `online`.")


class CartItemAdd(StrictBody):
    product_id: uuid.UUID = Field(description="A sellable unit: a plain product or a variant.")
    quantity: Quantity


class CartItemChange(StrictBody):
    quantity: Quantity


class CartCodeAdd(StrictBody):
    code: Code


class CartItemOut(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    sku: str | None = Field(description="Null when the unit is gone or now has variants.")
    name: str | None
    quantity: int
    unit_price: int = Field(description="At the cart's location, in minor units.")
    subtotal: int = Field(description="`unit_price` times `quantity`.")
    discount: int = Field(description="What the discounts take off this line.")
    tax: int = Field(description="The line's tax (included in it when prices include tax).")
    line_total: int = Field(description="What the line costs after discounts, with tax.")
    problem: str | None = Field(
        description=(
            "Why the line can't be sold now (`product_not_found`, `product_not_sellable`, "
            "`location_currency_mismatch`): it is priced at 0 and checkout refuses it."
        )
    )


class CartCodeOut(BaseModel):
    code: str
    applied: bool
    reason: str | None = Field(
        description=(
            "Why the code takes nothing off now: `not_active`, `below_min_subtotal`, "
            "`no_eligible_items`, `discount_code_invalid` or `discount_exhausted`."
        )
    )


class CartDiscountOut(BaseModel):
    discount_id: uuid.UUID
    name: str
    code: str | None = Field(description="Null for an automatic discount.")
    amount: int


class CartOut(BaseModel):
    id: uuid.UUID
    location_id: uuid.UUID
    customer_id: uuid.UUID | None
    channel: CartChannel
    status: Literal["open", "checked_out", "expired"]
    order_id: uuid.UUID | None = Field(description="The order the cart became at checkout.")
    items: list[CartItemOut]
    discount_codes: list[CartCodeOut] = Field(description="The codes entered, in that order.")
    discounts: list[CartDiscountOut] = Field(
        description="Every discount that applies, automatic ones included."
    )
    subtotal: int
    discount_total: int
    tax_total: int
    total: int
    currency: str
    prices_include_tax: bool
    created_at: datetime
    last_active_at: datetime
    expires_at: datetime | None = Field(
        description="When the cart expires unless changed before (null once checked out)."
    )
    checked_out_at: datetime | None


# --- events -------------------------------------------------------------------------------------

_CART = "01a22426-8d90-74c2-b5dd-b192a3b4c5d6"
_LOCATION = "01a22426-1c2f-7d5b-8e66-4a2b3c4d5e6f"
_ITEM = "01a22426-9ea1-75d3-86ee-c2a3b4c5d6e7"
_PRODUCT = "01a22426-3e4b-7f7d-a088-6c4d5e6f7081"


class CartEventData(EventData):
    cart_id: uuid.UUID
    location_id: uuid.UUID


class CartCreatedData(CartEventData):
    channel: str
    customer_id: uuid.UUID | None


class CartItemQuantityChangedData(CartEventData):
    item_id: uuid.UUID
    product_id: uuid.UUID
    quantity: FieldChange = Field(description="the line's quantity `{from, to}`")


class CartItemRemovedData(CartEventData):
    item_id: uuid.UUID
    product_id: uuid.UUID
    quantity: int = Field(description="the quantity the line had")


class CartDiscountCodeData(CartEventData):
    code: str


class CartCheckedOutData(CartEventData):
    order_id: uuid.UUID
    number: str = Field(description="the order's number")
    total: int = Field(description="minor units")
    currency: str


_IN_CART = {"cart_id": _CART, "location_id": _LOCATION}
declare(
    "cart.created",
    CartCreatedData,
    description="A cart was opened.",
    example=_IN_CART | {"channel": "web", "customer_id": None},
)
declare(
    "cart.item_added",
    CartItemQuantityChangedData,
    description="A product was put in a cart (a new line, or more of one).",
    example=_IN_CART | {"item_id": _ITEM, "product_id": _PRODUCT, "quantity": {"from": 0, "to": 2}},
)
declare(
    "cart.item_changed",
    CartItemQuantityChangedData,
    description="A cart line's quantity was set.",
    example=_IN_CART | {"item_id": _ITEM, "product_id": _PRODUCT, "quantity": {"from": 2, "to": 3}},
)
declare(
    "cart.item_removed",
    CartItemRemovedData,
    description="A line was taken out of a cart.",
    example=_IN_CART | {"item_id": _ITEM, "product_id": _PRODUCT, "quantity": 3},
)
declare(
    "cart.discount_code_added",
    CartDiscountCodeData,
    description="A discount code was entered on a cart.",
    example=_IN_CART | {"code": "WELCOME10"},
)
declare(
    "cart.discount_code_removed",
    CartDiscountCodeData,
    description="A discount code was taken off a cart.",
    example=_IN_CART | {"code": "WELCOME10"},
)
declare(
    "cart.checked_out",
    CartCheckedOutData,
    description="A cart became an order.",
    example=_IN_CART
    | {
        "order_id": "01a22426-5a6d-719f-82aa-8e6f708192a3",
        "number": "PAR-1-000042",
        "total": 960,
        "currency": "EUR",
    },
)
