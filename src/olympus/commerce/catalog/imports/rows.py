"""The CSV file read into rows: its text (UTF-8), the header's columns, each record with
the line it starts on, and a record's cells as the fields `ImportedProduct` checks."""

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import orjson
from pydantic import ValidationError

from olympus.commerce.catalog.errors import ImportColumnsInvalid, InvalidCsv

COLUMNS = (
    "sku",
    "name",
    "price",
    "currency",
    "status",
    "description",
    "category",
    "barcode",
    "tax_class",
    "attributes",
    "image_urls",
)
REQUIRED = ("sku", "name", "price", "currency")
# The column of a field, where they differ.
COLUMN_OF = {"category_id": "category"}
_IMAGE_SEPARATORS = re.compile(r"[|\s]+")


def decoded_text(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")  # a byte order mark (spreadsheets write one) goes
    except UnicodeDecodeError as exc:
        raise InvalidCsv(f"The file is not UTF-8 (byte {exc.start} is not)") from exc
    if "\x00" in text:
        raise InvalidCsv("The file contains a NUL character")
    return text


def _header(cells: list[str]) -> list[str]:
    columns = [cell.strip().lower() for cell in cells]
    unknown = [c for c in columns if c not in COLUMNS]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    missing = [c for c in REQUIRED if c not in columns]
    if unknown or repeated or missing:
        parts = []
        if unknown:
            parts.append(f"unknown columns {unknown} (known: {', '.join(COLUMNS)})")
        if missing:
            parts.append(f"missing required columns {missing}")
        if repeated:
            parts.append(f"columns given twice {repeated}")
        raise ImportColumnsInvalid(
            "The header has " + "; ".join(parts),
            unknown=unknown,
            missing=missing,
            repeated=repeated,
        )
    return columns


def records_of(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header's columns, and each later record with the line it starts on (header: 1).
    Blank lines are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        first = next(reader, None)
    except csv.Error as exc:
        raise InvalidCsv(f"Line 1: {exc}") from exc
    if first is None or not any(cell.strip() for cell in first):
        raise InvalidCsv("The file is empty: the first line names the columns")
    columns = _header(first)

    def records() -> Iterator[tuple[int, list[str]]]:
        ended = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InvalidCsv(f"Line {ended + 1}: {exc}") from exc
            start, ended = ended + 1, reader.line_num
            if cells and any(cell.strip() for cell in cells):
                yield start, cells

    return columns, records()


def cells_to_fields(columns: list[str], cells: list[str]) -> tuple[dict[str, Any], list[Any]]:
    """The row as `ImportedProduct` takes it, and the errors of cells unreadable as text."""
    given: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for column, cell in zip(columns, cells, strict=True):
        value = cell if column == "description" else cell.strip()
        if column in REQUIRED or column == "description":
            given[column] = value
        elif not value:
            given[column] = None
        elif column == "attributes":
            try:
                given[column] = orjson.loads(value)
            except orjson.JSONDecodeError:
                errors.append({"field": column, "message": "must be a JSON object"})
                continue
            if not isinstance(given[column], dict):
                errors.append({"field": column, "message": "must be a JSON object"})
        elif column == "image_urls":
            given[column] = [url for url in _IMAGE_SEPARATORS.split(value) if url]
        else:
            given[column] = value
    return given, errors


def issues_of(exc: ValidationError) -> list[dict[str, Any]]:
    issues = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = err.get("loc", ())
        column = str(loc[0]) if loc else None
        message = str(err.get("msg", "invalid"))
        if len(loc) > 1:
            message = f"{'.'.join(str(p) for p in loc[1:])}: {message}"
        issues.append({"field": column, "message": message})
    return issues
