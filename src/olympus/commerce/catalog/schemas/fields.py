"""The field types every way into the catalog (the API, the CSV import, the demo data)
checks its values with, the options of a product, and the fields a request body sent."""

import math
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StringConstraints,
    WithJsonSchema,
)

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


def unset() -> Any:
    """The default of a field that may be left out but not sent as null (never read)."""
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
