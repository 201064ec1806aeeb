"""Catalog rules: products, their variants, categories and prices per location, one module per
concern.

A *sellable unit* is a product row without variants: a plain product, or one variant of a
product (a row with `parent_id`). Stock, reservations and order lines name sellable units by
their product id. Every change writes its audit row and its event in the caller's
transaction (each writing module records its own); answers are built as plain documents
straight from Core rows (from the driver's records for the product list on PostgreSQL):

- `changes`    how changes are recorded: a product's snapshot, the fields that really
               change and their audited form, a product change's action and event data
- `documents`  the answers: product and variant documents, the product list (on the
               session, and on the driver connection)
- `products`   create, change and archive products; SKU and barcode uniqueness, the row held
- `variants`   create, change and archive a product's variants (option values)
- `prices`     prices per location: set and remove them, what a unit costs at a location
- `units`      sellable units as stock and orders know them, and what other domains and the
               bulk tools read of products (ids, labels, categories, SKU look-ups)
- `categories` the category tree: create, change, move, delete, paths, the list by path

Callers import the names below from `olympus.commerce.catalog.service`."""

from olympus.commerce.catalog.service.categories import (
    CATEGORY,
    MAX_CATEGORY_NAME,
    MAX_PATH,
    category_path_names,
    category_snapshot,
    create_category,
    delete_category,
    get_category,
    get_or_create_category_path,
    list_categories,
    unknown_category_ids,
    update_category,
)
from olympus.commerce.catalog.service.changes import snapshot
from olympus.commerce.catalog.service.documents import (
    ProductFilter,
    list_products,
    list_products_on_driver,
    product_document,
    variant_document,
)
from olympus.commerce.catalog.service.prices import (
    price_at,
    remove_location_price,
    set_location_price,
)
from olympus.commerce.catalog.service.products import (
    INHERITED,
    PRODUCT,
    PRODUCT_FIELDS,
    archive_product,
    create_product,
    update_product,
)
from olympus.commerce.catalog.service.units import (
    SellableUnit,
    category_lineage,
    get_sellable_unit,
    has_variants,
    ids_by_sku_prefix,
    product_labels,
    sellable_prices_by_sku_prefix,
    sellable_units_at,
    unknown_product_ids,
)
from olympus.commerce.catalog.service.variants import (
    MAX_VARIANTS,
    VARIANT_FIELDS,
    archive_variant,
    canonical_option_values,
    create_variant,
    update_variant,
)

__all__ = [
    "CATEGORY",
    "INHERITED",
    "MAX_CATEGORY_NAME",
    "MAX_PATH",
    "MAX_VARIANTS",
    "PRODUCT",
    "PRODUCT_FIELDS",
    "VARIANT_FIELDS",
    "ProductFilter",
    "SellableUnit",
    "archive_product",
    "archive_variant",
    "canonical_option_values",
    "category_lineage",
    "category_path_names",
    "category_snapshot",
    "create_category",
    "create_product",
    "create_variant",
    "delete_category",
    "get_category",
    "get_or_create_category_path",
    "get_sellable_unit",
    "has_variants",
    "ids_by_sku_prefix",
    "list_categories",
    "list_products",
    "list_products_on_driver",
    "price_at",
    "product_document",
    "product_labels",
    "remove_location_price",
    "sellable_prices_by_sku_prefix",
    "sellable_units_at",
    "set_location_price",
    "snapshot",
    "unknown_category_ids",
    "unknown_product_ids",
    "update_category",
    "update_product",
    "update_variant",
    "variant_document",
]
