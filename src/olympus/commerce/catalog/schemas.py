"""Request and response bodies of the catalog API, and the field types every way into the
catalog (the API, the CSV import, the demo data) checks its values with."""

import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

# Ten million in major units of a two-decimal currency: far above any real unit price, and
# well inside every engine's integer range once multiplied by quantities.
MAX_PRICE = 1_000_000_000
SKU_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")
BARCODE_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,64}$")
TAX_CLASS_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MAX_ATTRIBUTES = 50
MAX_IMAGES = 20


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
Price = Annotated[
    int,
    Field(ge=0, le=MAX_PRICE, description="In the currency's minor units (cents)."),
]
Attributes = Annotated[
    dict[str, str | int | float],
    AfterValidator(validate_attributes),
    Field(description="Free attributes: names to strings or numbers (at most 50)."),
]
ImageUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000, pattern=r"^https?://"),
]
ImageUrls = Annotated[list[ImageUrl], Field(max_length=MAX_IMAGES)]
