"""The catalog's event types: their data models, declared with an example each."""

import uuid
from typing import Any

from pydantic import Field

from olympus.core.event_types import EventData, EventPart, FieldChange, declare

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
