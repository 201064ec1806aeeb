"""Errors of the catalog."""

from collections.abc import Sequence
from typing import Any

from olympus.core.errors import Conflict, DomainError, InvalidInput, NotFound


class ProductNotFound(NotFound):
    code = "product_not_found"
    title = "Product not found"


class ProductNotSellable(Conflict):
    code = "product_not_sellable"
    title = "Product not sellable"


class ProductIsVariant(Conflict):
    code = "product_is_variant"
    title = "Product is a variant"


class SkuTaken(Conflict):
    code = "sku_taken"
    title = "SKU already in use"


class BarcodeTaken(Conflict):
    code = "barcode_taken"
    title = "Barcode already in use"


class VariantNotFound(NotFound):
    code = "variant_not_found"
    title = "Variant not found"


class VariantExists(Conflict):
    code = "variant_exists"
    title = "Variant already exists"


class ProductHasNoOptions(Conflict):
    code = "product_has_no_options"
    title = "Product has no options"


class OptionsInUse(Conflict):
    code = "options_in_use"
    title = "Options in use by variants"


class TooManyVariants(Conflict):
    code = "too_many_variants"
    title = "Too many variants"


class InvalidOptionValues(InvalidInput):
    code = "invalid_option_values"
    title = "Invalid option values"


class LocationPriceNotFound(NotFound):
    code = "location_price_not_found"
    title = "Location price not found"


class LocationCurrencyMismatch(Conflict):
    code = "location_currency_mismatch"
    title = "Currency differs from the location's"


class CategoryNotFound(NotFound):
    code = "category_not_found"
    title = "Category not found"


class CategoryNameTaken(Conflict):
    code = "category_name_taken"
    title = "Category name already in use"


class CategoryNotEmpty(Conflict):
    code = "category_not_empty"
    title = "Category not empty"


class CategoryCycle(Conflict):
    code = "category_cycle"
    title = "Category can't move under itself"


class InvalidCategoryPath(InvalidInput):
    code = "invalid_category_path"
    title = "Invalid category path"


# --- imports ----------------------------------------------------------------------------------


class ImportNotCsv(DomainError):
    code = "unsupported_media_type"
    status = 415
    title = "The import takes text/csv"


class InvalidCsv(InvalidInput):
    code = "invalid_csv"
    title = "Invalid CSV file"


class ImportColumnsInvalid(InvalidInput):
    """Unknown, missing or repeated columns in the header: the file is refused whole."""

    code = "invalid_import_columns"
    title = "Invalid import columns"

    def __init__(
        self,
        detail: str,
        *,
        unknown: Sequence[str] = (),
        missing: Sequence[str] = (),
        repeated: Sequence[str] = (),
    ) -> None:
        super().__init__(detail)
        self.unknown, self.missing, self.repeated = list(unknown), list(missing), list(repeated)

    def extra(self) -> dict[str, Any]:
        return {"unknown": self.unknown, "missing": self.missing, "repeated": self.repeated}


class ImportRejected(InvalidInput):
    """An atomic import with rejected rows: nothing was written."""

    code = "import_rejected"
    title = "Import rejected"

    def __init__(self, detail: str, *, rejected: list[dict[str, Any]]) -> None:
        super().__init__(detail)
        self.rejected = rejected

    def extra(self) -> dict[str, Any]:
        return {"created": 0, "updated": 0, "rejected": self.rejected}


class ImportConflict(Conflict):
    code = "import_conflict"
    title = "The import met a concurrent change"
