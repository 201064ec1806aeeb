"""The export: the tenant's top-level products as CSV, in the columns the import takes."""

import csv
import io
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

import orjson

from olympus.commerce.catalog import repository
from olympus.commerce.catalog.imports.rows import COLUMNS
from olympus.core.db import ReadUnitOfWork

EXPORT_PAGE = 1000


def _csv_line(cells: Sequence[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def _export_cells(row: Any) -> list[Any]:
    return [
        row.sku,
        row.name,
        row.price,
        row.currency,
        row.status,
        row.description,
        row.category_path or "",
        row.barcode or "",
        row.tax_class,
        orjson.dumps(row.attributes).decode() if row.attributes else "",
        " ".join(row.image_urls),
    ]


async def export_csv(
    uow: ReadUnitOfWork, *, status: str | None = None, category_id: uuid.UUID | None = None
) -> AsyncIterator[str]:
    """The tenant's top-level products as CSV (archived ones too, unless `status` says
    otherwise), header first, a page of rows at a time, read by id (keyset)."""
    yield _csv_line(COLUMNS)
    after: uuid.UUID | None = None
    while True:
        rows = await repository.export_page(
            uow, status=status, category_id=category_id, after_id=after, limit=EXPORT_PAGE
        )
        if not rows:
            return
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerows(_export_cells(row) for row in rows)
        yield buffer.getvalue()
        if len(rows) < EXPORT_PAGE:
            return
        after = rows[-1].id
