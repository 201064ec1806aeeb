"""Core statements of the catalog, one module per concern: the product list and search (the
catalog's hottest read, also run on PostgreSQL's driver connection: the `_on` functions), the
reads that build product answers, and the few bulk writes of the tree and of variants. Every
statement binds `tenant_id` itself.

- `tables`       the tables and aliases the statements name, LIKE patterns, a category's
                 subtree, `has_variants` / `has_prices` columns
- `product_list` the product list's page statement, made once per shape, on the session and
                 compiled for the driver connection
- `products`     the reads of product answers (session and driver), SKU and barcode
                 look-ups, a product's variants and prices per location
- `units`        sellable units, prices at a location, category lineage, SKU-prefix look-ups
- `categories`   the category tree: in use, paths below a category, the list by path
- `transfer`     the CSV import's look-ups and upsert, the export's pages

Callers import the names below from `olympus.commerce.catalog.repository`."""

from olympus.commerce.catalog.repository.categories import (
    category_in_use,
    category_page,
    longest_path_below,
    move_descendants,
)
from olympus.commerce.catalog.repository.product_list import (
    TEXT_COLUMNS,
    TRIGRAM,
    DriverStatement,
    ProductQuery,
    driver_page_statement,
    product_page,
    product_page_on,
    product_page_statement,
)
from olympus.commerce.catalog.repository.products import (
    copy_to_variants,
    has_variants,
    location_price_locations,
    location_prices_of,
    location_prices_on,
    product_with_barcode,
    product_with_sku,
    products_by_id,
    variant_combinations,
    variants_of,
    variants_on,
)
from olympus.commerce.catalog.repository.tables import like_pattern
from olympus.commerce.catalog.repository.transfer import (
    IMPORTED_FIELDS,
    UPSERT_CHUNK,
    category_paths,
    export_page,
    products_by_skus,
    skus_by_barcodes,
    upsert_products,
    with_variants,
)
from olympus.commerce.catalog.repository.units import (
    category_lineage,
    sellable_prices_by_sku_prefix,
    sellable_row,
    sellable_rows_at,
    top_level_ids_by_sku_prefix,
    unit_and_location_price,
)

__all__ = [
    "IMPORTED_FIELDS",
    "TEXT_COLUMNS",
    "TRIGRAM",
    "UPSERT_CHUNK",
    "DriverStatement",
    "ProductQuery",
    "category_in_use",
    "category_lineage",
    "category_page",
    "category_paths",
    "copy_to_variants",
    "driver_page_statement",
    "export_page",
    "has_variants",
    "like_pattern",
    "location_price_locations",
    "location_prices_of",
    "location_prices_on",
    "longest_path_below",
    "move_descendants",
    "product_page",
    "product_page_on",
    "product_page_statement",
    "product_with_barcode",
    "product_with_sku",
    "products_by_id",
    "products_by_skus",
    "sellable_prices_by_sku_prefix",
    "sellable_row",
    "sellable_rows_at",
    "skus_by_barcodes",
    "top_level_ids_by_sku_prefix",
    "unit_and_location_price",
    "upsert_products",
    "variant_combinations",
    "variants_of",
    "variants_on",
    "with_variants",
]
