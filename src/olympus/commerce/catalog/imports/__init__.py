"""Bulk import and export of the catalog as CSV: the file is parsed and every row checked
with the rules of the product API first (`plan_import`, which only reads), then the rows
that passed are written in a few bulk statements (`apply_import`), with one event per
product created or changed and one audit row for the import.

Rows upsert by SKU and are top-level products: a variant's SKU is refused (variants change
under `/products/{id}/variants`). The export writes the same columns, so what it gives
imports back unchanged. One module per concern:

- `rows`   the file read: its text, the header's columns, records and their cells
- `plan`   the rows checked (reading only), the plan and the import's answer
- `apply`  the plan written, its events and audit row; `import_products` (check then write)
- `export` the products as CSV, a page at a time

Callers import the names below from `olympus.commerce.catalog.imports`."""

from olympus.commerce.catalog.imports.apply import IMPORT, apply_import, import_products
from olympus.commerce.catalog.imports.export import EXPORT_PAGE, export_csv
from olympus.commerce.catalog.imports.plan import (
    ImportPlan,
    ImportResult,
    Rejection,
    dry_run_result,
    plan_import,
)
from olympus.commerce.catalog.imports.rows import COLUMNS, REQUIRED

__all__ = [
    "COLUMNS",
    "EXPORT_PAGE",
    "IMPORT",
    "REQUIRED",
    "ImportPlan",
    "ImportResult",
    "Rejection",
    "apply_import",
    "dry_run_result",
    "export_csv",
    "import_products",
    "plan_import",
]
