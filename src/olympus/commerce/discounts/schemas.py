"""Request and response bodies of the discounts API. Each field is checked here on its own;
the rules between fields (a code or `automatic`, the value's range for the type, the window,
the quantities of buy X get Y) are the service's, so a change is checked on the discount as
it would become."""

import re
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    Field,
    PlainSerializer,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
)

from olympus.core.event_types import EventData, declare
from olympus.core.schemas import StrictBody

# Ten million in major units of a two-decimal currency, as the catalog's highest price.
MAX_AMOUNT = 1_000_000_000
MAX_QUANTITY = 1000
MAX_USAGE_LIMIT = 1_000_000_000
MAX_TARGETS = 500
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


def _distinct(ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return list(dict.fromkeys(ids))


def _number(value: Decimal) -> int | float:
    """A whole value as an integer (a fixed amount), a fraction as a JSON number."""
    return int(value) if value == value.to_integral_value() else float(value)


Code = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=CODE_PATTERN.pattern),
    Field(
        description=(
            "1-40 letters, digits, `-` and `_`. Matched in any case; unique in the tenant "
            "in any case."
        ),
        examples=["SUMMER10"],
    ),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Value = Annotated[
    Decimal,
    Field(
        gt=0,
        le=MAX_AMOUNT,
        decimal_places=2,
        allow_inf_nan=False,
        description=(
            "`percentage`: per cent off, 0 < value <= 100, up to two decimals (10 = 10%). "
            "`fixed`: an amount in minor units, a whole number up to 1,000,000,000. "
            "`buy_x_get_y`: per cent off the free units (100 = free)."
        ),
    ),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": MAX_AMOUNT}),
]
Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Quantity = Annotated[int, Field(ge=1, le=MAX_QUANTITY)]
UsageLimit = Annotated[int, Field(ge=1, le=MAX_USAGE_LIMIT)]
Targets = Annotated[list[uuid.UUID], Field(max_length=MAX_TARGETS), AfterValidator(_distinct)]
Moment = AwareDatetime


class DiscountCreate(StrictBody):
    code: Code | None = Field(
        default=None, description="Required unless `automatic`; an automatic discount has none."
    )
    name: Name
    type: Literal["percentage", "fixed", "buy_x_get_y"]
    value: Value
    min_subtotal: Amount = Field(
        default=0, description="The order subtotal (minor units) it needs to apply."
    )
    starts_at: Moment | None = None
    ends_at: Moment | None = Field(default=None, description="After `starts_at`; exclusive.")
    usage_limit: UsageLimit | None = Field(
        default=None, description="Uses by orders in all; none: unlimited."
    )
    usage_limit_per_customer: UsageLimit | None = Field(
        default=None, description="Uses by one customer's orders; none: unlimited."
    )
    product_ids: Targets = Field(
        default_factory=list, description="Limit it to these products (or variants)."
    )
    category_ids: Targets = Field(
        default_factory=list,
        description="Limit it to the products of these categories (and those below them).",
    )
    buy_quantity: Quantity | None = Field(default=None, description="`buy_x_get_y` only.")
    get_quantity: Quantity | None = Field(default=None, description="`buy_x_get_y` only.")
    automatic: StrictBool = Field(
        default=False, description="Applies without a code to every cart it fits."
    )

    def terms(self) -> dict[str, Any]:
        return self.model_dump()


def _unset() -> Any:
    return None


class DiscountUpdate(StrictBody):
    """Only the fields sent change. `code`, `starts_at`, `ends_at`, `usage_limit` and
    `usage_limit_per_customer` may be sent as null to clear them; a null anywhere else is
    refused. `product_ids` and `category_ids` replace the whole list. The type can't change
    (create another discount). The `None` defaults are never read: only the fields sent are
    (`changes`)."""

    code: Code | None = Field(default_factory=_unset)
    name: Name = Field(default_factory=_unset)
    value: Value = Field(default_factory=_unset)
    min_subtotal: Amount = Field(default_factory=_unset)
    starts_at: Moment | None = Field(default_factory=_unset)
    ends_at: Moment | None = Field(default_factory=_unset)
    usage_limit: UsageLimit | None = Field(default_factory=_unset)
    usage_limit_per_customer: UsageLimit | None = Field(default_factory=_unset)
    product_ids: Targets = Field(default_factory=_unset)
    category_ids: Targets = Field(default_factory=_unset)
    buy_quantity: Quantity = Field(default_factory=_unset)
    get_quantity: Quantity = Field(default_factory=_unset)
    automatic: StrictBool = Field(default_factory=_unset)

    def changes(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in self.model_fields_set}


class DiscountOut(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    code: str | None = Field(description="As written when set; matched in any case.")
    name: str
    type: str
    value: Annotated[
        Decimal,
        PlainSerializer(_number, return_type=int | float, when_used="json"),
        WithJsonSchema({"type": "number"}),
    ]
    min_subtotal: int
    starts_at: datetime | None
    ends_at: datetime | None
    usage_limit: int | None
    usage_limit_per_customer: int | None
    used_count: int = Field(description="Uses by orders not cancelled.")
    product_ids: list[uuid.UUID]
    category_ids: list[uuid.UUID]
    buy_quantity: int | None
    get_quantity: int | None
    automatic: bool
    status: str = Field(description="`active` or `archived`.")
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None


# --- events -------------------------------------------------------------------------------------

_DISCOUNT = "01a22426-afb2-76e4-97ff-d3b4c5d6e7f8"


class DiscountChangedData(EventData):
    discount_id: uuid.UUID
    code: str | None = Field(description="its code (null: applied without one)")
    changes: dict[str, Any] = Field(
        description="created: every term of the new discount and its `status` (`value` as a "
        "decimal string, times as ISO 8601); otherwise `{field: {from, to}}`"
    )


declare(
    "discount.created",
    DiscountChangedData,
    description="A discount was created.",
    example={
        "discount_id": _DISCOUNT,
        "code": "WELCOME10",
        "changes": {
            "code": "WELCOME10",
            "name": "Welcome",
            "type": "percentage",
            "value": "10",
            "min_subtotal": None,
            "starts_at": None,
            "ends_at": None,
            "status": "active",
        },
    },
)
declare(
    "discount.updated",
    DiscountChangedData,
    description="A discount's terms changed.",
    example={
        "discount_id": _DISCOUNT,
        "code": "WELCOME10",
        "changes": {"value": {"from": "10", "to": "15"}},
    },
)
declare(
    "discount.archived",
    DiscountChangedData,
    description="A discount was archived: it no longer applies nor is offered.",
    example={
        "discount_id": _DISCOUNT,
        "code": "WELCOME10",
        "changes": {"status": {"from": "active", "to": "archived"}},
    },
)
