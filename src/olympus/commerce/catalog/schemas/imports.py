"""The rows and the answer of a CSV import."""

from pydantic import BaseModel, ConfigDict, Field

from olympus.commerce.catalog.models import ProductStatus
from olympus.commerce.catalog.schemas.fields import (
    Attributes,
    Barcode,
    Description,
    ImageUrls,
    Price,
    ProductName,
    Sku,
    TaxClass,
)
from olympus.core.money import CurrencyCode


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
