"""Request and response bodies of products, their variants and prices per location."""

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from olympus.commerce.catalog.models import ProductStatus
from olympus.commerce.catalog.schemas.fields import (
    Attributes,
    Barcode,
    Description,
    ImageUrls,
    Options,
    OptionValues,
    Price,
    ProductName,
    Sku,
    TaxClass,
    unset,
)
from olympus.core.money import CurrencyCode
from olympus.core.schemas import StrictBody


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

    sku: Sku = Field(default_factory=unset)
    name: ProductName = Field(default_factory=unset)
    description: Description = Field(default_factory=unset)
    price: Price = Field(default_factory=unset)
    currency: CurrencyCode = Field(default_factory=unset)
    category_id: uuid.UUID | None = Field(default_factory=unset)
    status: ProductStatus = Field(default_factory=unset)
    attributes: Attributes = Field(default_factory=unset)
    tax_class: TaxClass = Field(default_factory=unset)
    image_urls: ImageUrls = Field(default_factory=unset)
    barcode: Barcode | None = Field(default_factory=unset)
    options: Options = Field(default_factory=unset)


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

    sku: Sku = Field(default_factory=unset)
    option_values: OptionValues = Field(default_factory=unset)
    name: ProductName = Field(default_factory=unset)
    price: Price = Field(default_factory=unset)
    barcode: Barcode | None = Field(default_factory=unset)
    status: ProductStatus = Field(default_factory=unset)
    attributes: Attributes = Field(default_factory=unset)
    image_urls: ImageUrls = Field(default_factory=unset)


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
