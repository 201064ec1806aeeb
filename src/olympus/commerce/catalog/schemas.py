"""Request and response bodies of the catalog API, and the field types every way into the
catalog (the API, the CSV import, the demo data) checks its values with."""

import math
import re
import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from olympus.commerce.catalog.models import ProductStatus
from olympus.core.event_types import EventData, EventPart, FieldChange, declare
from olympus.core.money import CurrencyCode
from olympus.core.schemas import StrictBody

# Ten million in major units of a two-decimal currency: far above any real unit price, and
# well inside every engine's integer range once multiplied by quantities.
MAX_PRICE = 1_000_000_000
SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
BARCODE_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,64}$")
TAX_CLASS_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_ATTRIBUTES = 50
MAX_IMAGES = 20
MAX_SAFE_INTEGER = 2**53
MAX_OPTIONS = 3
MAX_OPTION_VALUES = 100
MAX_POSITION = 1_000_000


def validate_sku(value: str) -> str:
    sku = value.strip()
    if not SKU_PATTERN.match(sku):
        raise ValueError(
            "a SKU has 1-64 characters: letters, digits, '.', '_', '/' and '-', "
            "starting with a letter or digit"
        )
    return sku


def validate_barcode(value: str) -> str:
    barcode = value.strip()
    if not BARCODE_PATTERN.match(barcode):
        raise ValueError("a barcode has 1-64 letters, digits or '-'")
    return barcode


def validate_tax_class(value: str) -> str:
    tax_class = value.strip().lower()
    if not TAX_CLASS_PATTERN.match(tax_class):
        raise ValueError("a tax class is 1-64 lower-case letters, digits, '_' or '-'")
    return tax_class


def _refuse_what_json_numbers_should_not_be(value: Any) -> Any:
    """Before coercion: `true` would become 1, NaN and ±Infinity (which Python's JSON parser
    accepts) no engine stores as JSON, and numbers beyond ±2**53 (the schema's bounds) no
    JavaScript client reads exactly."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, bool):
                raise ValueError(f"the attribute {key!r} must be a string or a number")
            if isinstance(item, float) and not math.isfinite(item):
                raise ValueError(f"the attribute {key!r} must be a finite number")
            if isinstance(item, int | float) and abs(item) > MAX_SAFE_INTEGER:
                raise ValueError(f"the attribute {key!r} is beyond ±2**53")
    return value


def validate_attributes(value: dict[str, Any]) -> dict[str, Any]:
    if len(value) > MAX_ATTRIBUTES:
        raise ValueError(f"at most {MAX_ATTRIBUTES} attributes")
    for key, item in value.items():
        if not key.strip() or len(key) > 64:
            raise ValueError("an attribute name has 1-64 characters")
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise ValueError(f"the attribute {key!r} must be a string or a number")
        if isinstance(item, str) and len(item) > 500:
            raise ValueError(f"the attribute {key!r} is longer than 500 characters")
    return value


Sku = Annotated[
    str,
    AfterValidator(validate_sku),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": SKU_PATTERN.pattern,
            "description": "Unique in the tenant (variants included).",
            "examples": ["TEA-GREEN-100G"],
        }
    ),
]
Barcode = Annotated[
    str,
    AfterValidator(validate_barcode),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": BARCODE_PATTERN.pattern,
            "description": "EAN/UPC or any code a scanner reads; unique in the tenant.",
        }
    ),
]
TaxClass = Annotated[
    str,
    AfterValidator(validate_tax_class),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$",
            "description": "The tax rates of this class apply (lower-cased on the way in).",
            "examples": ["standard", "reduced"],
        }
    ),
]
ProductName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, StringConstraints(max_length=10_000)]
CategoryName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=r"^[^/]+$")
]


def _not_a_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("must be an integer, not a boolean")
    return value


Price = Annotated[
    int,
    BeforeValidator(_not_a_boolean),
    Field(ge=0, le=MAX_PRICE, description="In the currency's minor units (cents)."),
]
Attributes = Annotated[
    dict[str, str | int | float],
    BeforeValidator(_refuse_what_json_numbers_should_not_be),
    AfterValidator(validate_attributes),
    WithJsonSchema(
        {
            "type": "object",
            "maxProperties": MAX_ATTRIBUTES,
            "propertyNames": {"minLength": 1, "maxLength": 64, "pattern": "\\S"},
            "additionalProperties": {
                "anyOf": [
                    {"type": "string", "maxLength": 500},
                    {"type": "number", "minimum": -MAX_SAFE_INTEGER, "maximum": MAX_SAFE_INTEGER},
                ]
            },
        }
    ),
    Field(
        description="Free attributes: names (1-64 characters) to strings or numbers (at most 50)."
    ),
]
ImageUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, pattern=r"^https?://"),
]
ImageUrls = Annotated[list[ImageUrl], Field(max_length=MAX_IMAGES)]


# --- options and variants ---------------------------------------------------------------

OptionName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
OptionValue = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


def _distinct(words: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    for word in words:
        folded = word.casefold()
        if folded in seen:
            raise ValueError(f"the {what} {word!r} is listed twice (case is ignored)")
        seen.add(folded)
    return words


class ProductOption(StrictBody):
    """One way the variants of a product differ, with the values it takes."""

    name: OptionName = Field(examples=["size"])
    values: Annotated[
        list[OptionValue],
        Field(min_length=1, max_length=MAX_OPTION_VALUES, examples=[["S", "M", "L"]]),
        AfterValidator(lambda values: _distinct(values, "value")),
    ]


def validate_options(options: list[ProductOption]) -> list[ProductOption]:
    _distinct([option.name for option in options], "option")
    return options


Options = Annotated[
    list[ProductOption],
    Field(
        max_length=MAX_OPTIONS,
        description="The options its variants choose from (at most 3, 100 values each).",
    ),
    AfterValidator(validate_options),
]
OptionValues = Annotated[
    dict[OptionName, OptionValue],
    Field(
        min_length=1,
        max_length=MAX_OPTIONS,
        description="One value for each option of the product (names and values as listed "
        "in its `options`, in any case).",
        examples=[{"size": "M"}],
    ),
]
Position = Annotated[int, Field(ge=0, le=MAX_POSITION, description="Order among siblings.")]


def _unset() -> Any:
    return None


def sent_fields(body: BaseModel) -> dict[str, Any]:
    """The fields a client sent, in the form the service takes them."""
    return {
        name: _plain(getattr(body, name))
        for name in type(body).model_fields
        if name in body.model_fields_set
    }


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- products -----------------------------------------------------------------------------


class ProductCreate(StrictBody):
    sku: Sku
    name: ProductName
    description: Description = ""
    price: Price
    currency: CurrencyCode
    category_id: uuid.UUID | None = None
    status: ProductStatus = ProductStatus.DRAFT
    attributes: Attributes = Field(default_factory=dict)
    tax_class: TaxClass = "standard"
    image_urls: ImageUrls = Field(default_factory=list)
    barcode: Barcode | None = None
    options: Options = Field(default_factory=list)


class ProductUpdate(StrictBody):
    """Only the fields sent change. `category_id` and `barcode` may be sent as null to clear
    them; any other null is refused (leave the field out to keep it).

    Every other field is required in the model (so an explicit null is refused like any
    wrong type) yet may be left out: the `None` defaults are never validated nor read."""

    sku: Sku = Field(default_factory=_unset)
    name: ProductName = Field(default_factory=_unset)
    description: Description = Field(default_factory=_unset)
    price: Price = Field(default_factory=_unset)
    currency: CurrencyCode = Field(default_factory=_unset)
    category_id: uuid.UUID | None = Field(default_factory=_unset)
    status: ProductStatus = Field(default_factory=_unset)
    attributes: Attributes = Field(default_factory=_unset)
    tax_class: TaxClass = Field(default_factory=_unset)
    image_urls: ImageUrls = Field(default_factory=_unset)
    barcode: Barcode | None = Field(default_factory=_unset)
    options: Options = Field(default_factory=_unset)


class VariantCreate(StrictBody):
    """A variant takes its currency, category and tax class from its product; its price
    (when left out), status (when left out) and name (when left out: the product's name and
    the option values) start as the product's."""

    sku: Sku
    option_values: OptionValues
    name: ProductName | None = None
    price: Price | None = None
    barcode: Barcode | None = None
    status: ProductStatus | None = None
    attributes: Attributes = Field(default_factory=dict)
    image_urls: ImageUrls = Field(default_factory=list)


class VariantUpdate(StrictBody):
    """Only the fields sent change; `barcode` may be sent as null to clear it."""

    sku: Sku = Field(default_factory=_unset)
    option_values: OptionValues = Field(default_factory=_unset)
    name: ProductName = Field(default_factory=_unset)
    price: Price = Field(default_factory=_unset)
    barcode: Barcode | None = Field(default_factory=_unset)
    status: ProductStatus = Field(default_factory=_unset)
    attributes: Attributes = Field(default_factory=_unset)
    image_urls: ImageUrls = Field(default_factory=_unset)


class LocationPriceSet(StrictBody):
    price: Price


class ProductSort(StrEnum):
    NAME = "name"
    NAME_DESC = "-name"
    PRICE = "price"
    PRICE_DESC = "-price"
    CREATED = "created"
    CREATED_DESC = "-created"


class ProductOptionOut(BaseModel):
    name: str
    values: list[str]


class ProductLocationPrice(BaseModel):
    location_id: uuid.UUID
    price: int


class VariantOut(BaseModel):
    id: uuid.UUID
    sku: str
    name: str
    price: int
    currency: str
    status: ProductStatus
    barcode: str | None
    option_values: dict[str, str]
    attributes: dict[str, str | int | float]
    image_urls: list[str]
    location_prices: list[ProductLocationPrice]
    created_at: datetime
    updated_at: datetime


class ProductOut(BaseModel):
    id: uuid.UUID
    parent_id: uuid.UUID | None = Field(
        description="Set on a variant (read by its own id): the product it belongs to."
    )
    sku: str
    name: str
    description: str
    price: int = Field(description="In the currency's minor units (cents).")
    currency: str
    status: ProductStatus
    category_id: uuid.UUID | None
    attributes: dict[str, str | int | float]
    tax_class: str
    image_urls: list[str]
    barcode: str | None
    options: list[ProductOptionOut]
    option_values: dict[str, str] = Field(description="Set on a variant: its option values.")
    variants: list[VariantOut]
    location_prices: list[ProductLocationPrice] = Field(
        description="The prices of this sellable unit at given locations, in place of `price`."
    )
    created_at: datetime
    updated_at: datetime


class LocationPriceOut(BaseModel):
    product_id: uuid.UUID
    location_id: uuid.UUID
    price: int
    updated_at: datetime


# --- categories ---------------------------------------------------------------------------


class CategoryCreate(StrictBody):
    name: CategoryName
    parent_id: uuid.UUID | None = None
    position: Position = 0


class CategoryUpdate(StrictBody):
    """Only the fields sent change; `parent_id` null moves the category to the top level."""

    name: CategoryName = Field(default_factory=_unset)
    parent_id: uuid.UUID | None = Field(default_factory=_unset)
    position: Position = Field(default_factory=_unset)


class CategoryOut(BaseModel):
    id: uuid.UUID
    parent_id: uuid.UUID | None
    name: str
    path: str = Field(description="The names from the top level down, joined by '/'.")
    position: int
    created_at: datetime
    updated_at: datetime


# --- import and export ------------------------------------------------------------------------


class ImportedProduct(BaseModel):
    """One row of a CSV import, its cells as the file gives them. An empty optional cell
    arrives as None: the default for a new product, no change for `status` and `tax_class`
    of an existing one, and no category, barcode, attributes or images otherwise. (Not a
    StrictBody: the import refuses a NUL character in the whole file at once, which is
    cheaper than the per-field check for every row.)"""

    model_config = ConfigDict(extra="forbid")

    sku: Sku
    name: ProductName
    price: Price
    currency: CurrencyCode
    status: ProductStatus | None = None
    description: Description | None = None
    category: str | None = None
    barcode: Barcode | None = None
    tax_class: TaxClass | None = None
    attributes: Attributes | None = None
    image_urls: ImageUrls | None = None


class ImportIssue(BaseModel):
    field: str | None = Field(description="The column at fault; null for the row as a whole.")
    message: str


class RejectedRow(BaseModel):
    row: int = Field(description="The line of the file where the row starts; the header is line 1.")
    sku: str | None = Field(description="The row's SKU cell, as written (null without one).")
    errors: list[ImportIssue]


class ImportResultOut(BaseModel):
    created: int = Field(description="Products created (or that would be, on a dry run).")
    updated: int = Field(description="Existing products changed by their row.")
    unchanged: int = Field(description="Existing products their row changes nothing of.")
    rejected: list[RejectedRow] = Field(description="Rows not imported, in file order.")
    categories_created: int = Field(description="Categories created for `category` paths.")
    dry_run: bool
    atomic: bool


# --- events -------------------------------------------------------------------------------------

_PRODUCT = "01a22426-3e4b-7f7d-a088-6c4d5e6f7081"
_CATEGORY = "01a22426-4f5c-708e-b199-7d5e6f708192"


class ProductChangedData(EventData):
    product_id: uuid.UUID
    sku: str
    parent_id: uuid.UUID | None = Field(
        default=None, description="the product a variant belongs to (absent for a product)"
    )
    changes: dict[str, Any] = Field(
        description="created: every field of the new product or variant; otherwise "
        "`{field: {from, to}}` for the fields that changed"
    )


class LocationPriceChange(EventPart):
    location_id: uuid.UUID
    price: FieldChange = Field(description="minor units; null: no price of its own there")


class LocationPriceChangedData(EventData):
    product_id: uuid.UUID
    sku: str
    parent_id: uuid.UUID | None = Field(default=None, description="for a variant")
    changes: LocationPriceChange


class CategoryChangedData(EventData):
    category_id: uuid.UUID
    path: str = Field(description="the category's path after the change (`drinks/hot`)")
    changes: dict[str, Any] = Field(
        description="created and deleted: the category's `name`, `parent_id`, `path`, "
        "`position`; updated: `{field: {from, to}}`, with `descendants_moved` (a count) "
        "when it moved or was renamed"
    )


_PRODUCT_FIELDS: dict[str, Any] = {
    "parent_id": None,
    "sku": "LATTE-L",
    "name": "Latte, large",
    "description": "",
    "price": 450,
    "currency": "EUR",
    "status": "active",
    "category_id": _CATEGORY,
    "attributes": {"ml": 400},
    "tax_class": "standard",
    "image_urls": [],
    "barcode": None,
    "options": [],
    "option_values": {},
}
declare(
    "product.created",
    ProductChangedData,
    description="A product or a variant was created (one event per row of an import too).",
    example={"product_id": _PRODUCT, "sku": "LATTE-L", "changes": _PRODUCT_FIELDS},
)
declare(
    "product.updated",
    ProductChangedData,
    description="A product's or variant's fields changed.",
    example={
        "product_id": _PRODUCT,
        "sku": "LATTE-L",
        "changes": {"price": {"from": 450, "to": 480}},
    },
)
declare(
    "product.archived",
    ProductChangedData,
    description="A product or variant was archived (a change setting `status` to `archived`).",
    example={
        "product_id": _PRODUCT,
        "sku": "LATTE-L",
        "changes": {"status": {"from": "active", "to": "archived"}},
    },
)
declare(
    "product.location_price_set",
    LocationPriceChangedData,
    description="A sellable unit got a price of its own at a location.",
    example={
        "product_id": _PRODUCT,
        "sku": "LATTE-L",
        "changes": {
            "location_id": "01a22426-1c2f-7d5b-8e66-4a2b3c4d5e6f",
            "price": {"from": None, "to": 500},
        },
    },
)
declare(
    "product.location_price_removed",
    LocationPriceChangedData,
    description="A sellable unit's price at a location was removed (its own price applies).",
    example={
        "product_id": _PRODUCT,
        "sku": "LATTE-L",
        "changes": {
            "location_id": "01a22426-1c2f-7d5b-8e66-4a2b3c4d5e6f",
            "price": {"from": 500, "to": None},
        },
    },
)
_CATEGORY_FIELDS = {"name": "Hot drinks", "parent_id": None, "path": "hot-drinks", "position": 0}
declare(
    "category.created",
    CategoryChangedData,
    description="A category was created.",
    example={"category_id": _CATEGORY, "path": "hot-drinks", "changes": _CATEGORY_FIELDS},
)
declare(
    "category.updated",
    CategoryChangedData,
    description="A category was renamed, moved or reordered.",
    example={
        "category_id": _CATEGORY,
        "path": "drinks/hot",
        "changes": {
            "path": {"from": "hot-drinks", "to": "drinks/hot"},
            "descendants_moved": 2,
        },
    },
)
declare(
    "category.deleted",
    CategoryChangedData,
    description="An empty category was deleted.",
    example={"category_id": _CATEGORY, "path": "hot-drinks", "changes": _CATEGORY_FIELDS},
)
