"""Request and response bodies of the carts API."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from olympus.commerce.carts.models import CartChannel
from olympus.commerce.carts.service import MAX_QUANTITY
from olympus.commerce.discounts.schemas import Code
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
