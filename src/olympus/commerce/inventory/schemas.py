"""Request and response bodies of the inventory API."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from olympus.core.event_types import EventData, EventPart, declare
from olympus.core.schemas import StrictBody

# A million units in one movement: far above any real count, far inside every integer type.
MAX_QUANTITY = 1_000_000
MAX_LINES = 100
MAX_EXPIRES_IN = 7 * 24 * 3600
DEFAULT_EXPIRES_IN = 15 * 60

Quantity = Annotated[int, Field(ge=1, le=MAX_QUANTITY, description="Units, at least one.")]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
RequiredReason = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]


class AdjustmentCreate(StrictBody):
    location_id: uuid.UUID
    delta: int = Field(
        ge=-MAX_QUANTITY,
        le=MAX_QUANTITY,
        description="Units more (positive) or fewer (negative) on hand; never 0.",
    )
    reason: RequiredReason = Field(examples=["stock count"])

    @field_validator("delta")
    @classmethod
    def _moves_something(cls, value: int) -> int:
        if value == 0:
            raise ValueError("must not be 0")
        return value


class TransferCreate(StrictBody):
    product_id: uuid.UUID
    from_location_id: uuid.UUID
    to_location_id: uuid.UUID
    quantity: Quantity
    reason: Reason = ""


class ReservationLineIn(StrictBody):
    product_id: uuid.UUID
    quantity: Quantity


class ReservationCreate(StrictBody):
    location_id: uuid.UUID
    lines: list[ReservationLineIn] = Field(min_length=1, max_length=MAX_LINES)
    expires_in: int = Field(
        default=DEFAULT_EXPIRES_IN,
        ge=1,
        le=MAX_EXPIRES_IN,
        description="Seconds the stock is held unless committed or released (up to 7 days).",
    )
    reason: Reason = ""

    @field_validator("lines")
    @classmethod
    def _one_line_per_unit(cls, value: list[ReservationLineIn]) -> list[ReservationLineIn]:
        ids = [line.product_id for line in value]
        if len(set(ids)) != len(ids):
            raise ValueError("name each product once")
        return value


class ReservationEnd(StrictBody):
    reason: Reason = ""


class ThresholdSet(StrictBody):
    threshold: int | None = Field(
        ge=0,
        le=MAX_QUANTITY,
        description="`inventory.low_stock` is published when available falls to this or "
        "below; null removes it.",
    )


class LocationStockOut(BaseModel):
    location_id: uuid.UUID
    on_hand: int
    reserved: int
    available: int = Field(description="on_hand - reserved")
    low_stock_threshold: int | None


class LowStockOut(BaseModel):
    product_id: uuid.UUID = Field(description="The sellable unit: a plain product or a variant.")
    sku: str
    name: str
    location_id: uuid.UUID
    on_hand: int
    reserved: int
    available: int = Field(description="on_hand - reserved, at or below the threshold")
    low_stock_threshold: int


class StockOut(BaseModel):
    product_id: uuid.UUID = Field(description="The sellable unit: a plain product or a variant.")
    on_hand: int
    reserved: int
    available: int
    locations: list[LocationStockOut]


class MovementOut(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    location_id: uuid.UUID
    kind: str = Field(
        description="receipt, sale, adjustment, transfer_out, transfer_in, reservation, release"
    )
    on_hand_delta: int
    reserved_delta: int
    on_hand_after: int
    reserved_after: int
    available_after: int
    reason: str
    actor_id: uuid.UUID | None
    reference_id: uuid.UUID | None = Field(description="The reservation or transfer.")
    created_at: datetime


class TransferOut(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    from_location_id: uuid.UUID
    to_location_id: uuid.UUID
    quantity: int
    reason: str
    source: LocationStockOut = Field(description="The source's level after the transfer.")
    destination: LocationStockOut = Field(description="The destination's level after it.")
    created_at: datetime


class ReservationLineOut(BaseModel):
    product_id: uuid.UUID
    quantity: int


class ReservationOwnerOut(BaseModel):
    kind: str = Field(description="What the stock is held for: `order`.")
    id: uuid.UUID = Field(description="The order's id.")


class ReservationOut(BaseModel):
    id: uuid.UUID
    status: str = Field(description="active, committed, released or expired")
    location_id: uuid.UUID
    expires_at: datetime
    lines: list[ReservationLineOut]
    reason: str
    created_at: datetime
    ended_at: datetime | None
    owner: ReservationOwnerOut | None = Field(
        default=None,
        description=(
            "Set on a reservation held for an order: only the order's fulfilment or "
            "cancellation moves its stock (`release` and `commit` answer 409 "
            "`reservation_owned_by_order`)."
        ),
    )


# --- events -------------------------------------------------------------------------------------

_PRODUCT = "01a22426-3e4b-7f7d-a088-6c4d5e6f7081"
_LOCATION = "01a22426-1c2f-7d5b-8e66-4a2b3c4d5e6f"


class StockLevelAfter(EventPart):
    product_id: uuid.UUID
    location_id: uuid.UUID
    on_hand: int
    reserved: int
    available: int


class InventoryUpdatedData(EventData):
    cause: str = Field(
        description="the audit action: `inventory.adjusted`, `inventory.received`, "
        "`inventory.transferred`, `inventory.reserved`, `inventory.received_in_bulk`..."
    )
    reference_id: uuid.UUID | None = Field(
        description="the unit, transfer or reservation (null for a bulk receipt)"
    )
    levels: list[StockLevelAfter] | int = Field(
        description="the levels after the change; for a bulk receipt, how many levels changed"
    )


class InventoryLowStockData(EventData):
    product_id: uuid.UUID
    location_id: uuid.UUID
    available: int
    threshold: int


declare(
    "inventory.updated",
    InventoryUpdatedData,
    description="Stock changed (adjusted, received, transferred, reserved, released, sold).",
    example={
        "cause": "inventory.received",
        "reference_id": _PRODUCT,
        "levels": [
            {
                "product_id": _PRODUCT,
                "location_id": _LOCATION,
                "on_hand": 40,
                "reserved": 2,
                "available": 38,
            }
        ],
    },
)
declare(
    "inventory.low_stock",
    InventoryLowStockData,
    description="A level's available stock fell to its threshold or below (once, until it "
    "rises above again).",
    example={"product_id": _PRODUCT, "location_id": _LOCATION, "available": 3, "threshold": 5},
)
