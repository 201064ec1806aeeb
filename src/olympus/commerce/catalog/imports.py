"""Bulk import and export of the catalog as CSV: the file is parsed and every row checked
with the rules of the product API first (`plan_import`, which only reads), then the rows
that passed are written in a few bulk statements (`apply_import`), with one event per
product created or changed and one audit row for the import.

Rows upsert by SKU and are top-level products: a variant's SKU is refused (variants change
under `/products/{id}/variants`). The export writes the same columns, so what it gives
imports back unchanged."""

import csv
import io
import re
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from olympus.commerce.catalog import repository, service
from olympus.commerce.catalog.errors import (
    ImportColumnsInvalid,
    ImportConflict,
    ImportRejected,
    InvalidCategoryPath,
    InvalidCsv,
)
from olympus.commerce.catalog.models import ProductStatus
from olympus.commerce.catalog.schemas import ImportedProduct
from olympus.commerce.catalog.service.changes import change_action, recorded_changes
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_events
from olympus.platform.audit import service as audit

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
_COLUMN_OF = {"category_id": "category"}
_IMAGE_SEPARATORS = re.compile(r"[|\s]+")
EXPORT_PAGE = 1000
IMPORT = "product_import"


# --- what an import does ------------------------------------------------------------------------


@dataclass
class Rejection:
    row: int
    sku: str | None
    errors: list[dict[str, Any]]

    def document(self) -> dict[str, Any]:
        return {"row": self.row, "sku": self.sku, "errors": self.errors}


@dataclass
class _Planned:
    """A row that passed: its product's values after the import and what changes."""

    row: int
    values: dict[str, Any]
    category_path: str | None
    existing_id: uuid.UUID | None
    changes: dict[str, Any]


@dataclass
class ImportPlan:
    columns: list[str]
    creates: list[_Planned] = field(default_factory=list)
    updates: list[_Planned] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    # Category paths (folded key -> path as written) with at least one level to create.
    new_categories: dict[str, str] = field(default_factory=dict)
    new_category_levels: int = 0
    # Every path the rows name, as written -> its folded key.
    category_keys: dict[str, str] = field(default_factory=dict)
    # The paths to create, as written -> the folded keys of their levels that don't exist.
    missing_levels: dict[str, set[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    rejected: list[Rejection]
    categories_created: int
    dry_run: bool
    atomic: bool

    def document(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [r.document() for r in self.rejected],
            "categories_created": self.categories_created,
            "dry_run": self.dry_run,
            "atomic": self.atomic,
        }


def _result(plan: ImportPlan, *, dry_run: bool, atomic: bool, categories: int) -> ImportResult:
    return ImportResult(
        created=len(plan.creates),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        rejected=plan.rejected,
        categories_created=categories,
        dry_run=dry_run,
        atomic=atomic,
    )


async def import_products(
    uow: WriteUnitOfWork, content: bytes, *, dry_run: bool = False, atomic: bool = False
) -> ImportResult:
    """Check the file, then (unless `dry_run`) write the rows that passed. With `atomic`,
    one rejected row refuses the whole file (422 `import_rejected`, nothing written)."""
    plan = await plan_import(uow, content, lock=not dry_run)
    if dry_run:
        return dry_run_result(plan, atomic=atomic)
    return await apply_import(uow, plan, atomic=atomic)


def dry_run_result(plan: ImportPlan, *, atomic: bool) -> ImportResult:
    """What the import of a checked file would answer (an atomic one with a rejected row
    raises as it would)."""
    _refuse_if_atomic(plan, atomic=atomic)
    return _result(plan, dry_run=True, atomic=atomic, categories=plan.new_category_levels)


def _refuse_if_atomic(plan: ImportPlan, *, atomic: bool) -> None:
    if atomic and plan.rejected:
        raise ImportRejected(
            f"{len(plan.rejected)} rows were rejected: nothing was imported",
            rejected=[r.document() for r in plan.rejected],
        )


# --- reading the file ---------------------------------------------------------------------------


def _text(content: bytes) -> str:
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


def _records(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
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


def _cells_to_fields(columns: list[str], cells: list[str]) -> tuple[dict[str, Any], list[Any]]:
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


def _issues(exc: ValidationError) -> list[dict[str, Any]]:
    issues = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = err.get("loc", ())
        column = str(loc[0]) if loc else None
        message = str(err.get("msg", "invalid"))
        if len(loc) > 1:
            message = f"{'.'.join(str(p) for p in loc[1:])}: {message}"
        issues.append({"field": column, "message": message})
    return issues


# --- checking the rows --------------------------------------------------------------------------


def _category_key(names: Sequence[str]) -> str:
    return "/".join(names).casefold()


async def plan_import(uow: ReadUnitOfWork, content: bytes, *, lock: bool = False) -> ImportPlan:
    """Parse and check every row (reading only): each row is valid on its own, its SKU and
    barcode appear once in the file, its barcode belongs to no other product, its SKU is
    not a variant's, and a new currency leaves no price per location behind. `lock=True`
    holds the existing products the file names until the transaction ends."""
    columns, records = _records(_text(content))
    plan = ImportPlan(columns=columns)
    valid: list[tuple[int, ImportedProduct]] = []
    sku_rows: dict[str, int] = {}
    barcode_rows: dict[str, int] = {}
    for row, cells in records:
        raw_sku = cells[columns.index("sku")].strip() if len(cells) == len(columns) else None
        if len(cells) != len(columns):
            message = f"the row has {len(cells)} cells; the header names {len(columns)}"
            plan.rejected.append(Rejection(row, raw_sku, [{"field": None, "message": message}]))
            continue
        given, errors = _cells_to_fields(columns, cells)
        product: ImportedProduct | None = None
        if not errors:
            try:
                product = ImportedProduct.model_validate(given)
            except ValidationError as exc:
                errors = _issues(exc)
        if product is not None:
            errors += _in_file_duplicates(product, row, sku_rows, barcode_rows)
        if errors or product is None:
            plan.rejected.append(Rejection(row, raw_sku or None, errors))
            continue
        valid.append((row, product))

    categories, invalid_paths = await _categories(uow, plan, valid)
    existing = {
        r.sku: r
        for r in await repository.products_by_skus(uow, [p.sku for _, p in valid], lock=lock)
    }
    barcodes = await repository.skus_by_barcodes(
        uow, [p.barcode for _, p in valid if p.barcode is not None]
    )
    moving_currency: list[_Planned] = []
    for row, product in valid:
        current = existing.get(product.sku)
        errors = []
        if current is not None and current.parent_id is not None:
            errors.append(
                {
                    "field": "sku",
                    "message": f"{product.sku!r} is a variant: change it under "
                    f"/products/{current.parent_id}/variants",
                }
            )
        holder = barcodes.get(product.barcode) if product.barcode is not None else None
        if holder is not None and holder != product.sku:
            errors.append(
                {
                    "field": "barcode",
                    "message": f"the barcode {product.barcode!r} is used by the product {holder!r}",
                }
            )
        if product.category in invalid_paths:
            errors.append({"field": "category", "message": invalid_paths[product.category]})
        if errors:
            plan.rejected.append(Rejection(row, product.sku, errors))
            continue
        planned = _planned(row, product, columns, current, categories)
        if current is None:
            plan.creates.append(planned)
        elif not planned.changes:
            plan.unchanged += 1
        else:
            plan.updates.append(planned)
            if "currency" in planned.changes:
                moving_currency.append(planned)
    await _refuse_currency_moves(uow, plan, moving_currency)
    _new_categories(plan)
    plan.rejected.sort(key=lambda r: r.row)
    return plan


def _in_file_duplicates(
    product: ImportedProduct, row: int, sku_rows: dict[str, int], barcode_rows: dict[str, int]
) -> list[dict[str, Any]]:
    """The first row with a SKU (or barcode) has it; later rows with the same are refused."""
    errors = []
    first = sku_rows.setdefault(product.sku, row)
    if first != row:
        errors.append({"field": "sku", "message": f"the SKU is already on row {first}"})
    if product.barcode is not None:
        first = barcode_rows.setdefault(product.barcode, row)
        if first != row:
            errors.append({"field": "barcode", "message": f"the barcode is already on row {first}"})
    return errors


async def _categories(
    uow: ReadUnitOfWork, plan: ImportPlan, valid: list[tuple[int, ImportedProduct]]
) -> tuple[dict[str, uuid.UUID | None], dict[str, str]]:
    """{path as written: id of the existing category, None for one to create} of the paths
    the rows name, and {path: why it is not one}. Levels match existing categories case
    aside, as `get_or_create_category_path` does."""
    known = {
        path.casefold(): category_id for category_id, path in await repository.category_paths(uow)
    }
    resolved: dict[str, uuid.UUID | None] = {}
    invalid: dict[str, str] = {}
    for _, product in valid:
        path = product.category
        if path is None or path in resolved or path in invalid:
            continue
        try:
            names = service.category_path_names(path)
        except InvalidCategoryPath as exc:
            invalid[path] = exc.detail
            continue
        key = _category_key(names)
        plan.category_keys[path] = key
        resolved[path] = known.get(key)
        if resolved[path] is None:
            plan.missing_levels[path] = {
                _category_key(names[:depth])
                for depth in range(1, len(names) + 1)
                if _category_key(names[:depth]) not in known
            }
    return resolved, invalid


def _new_categories(plan: ImportPlan) -> None:
    """The categories to create: those of the paths the rows that passed name."""
    levels: set[str] = set()
    for planned in plan.creates + plan.updates:
        path = planned.category_path
        if path is not None and path in plan.missing_levels:
            plan.new_categories.setdefault(plan.category_keys[path], path)
            levels |= plan.missing_levels[path]
    plan.new_category_levels = len(levels)


def _planned(
    row: int,
    product: ImportedProduct,
    columns: list[str],
    current: Any,
    categories: dict[str, uuid.UUID | None],
) -> _Planned:
    given = {
        "name": product.name,
        "price": product.price,
        "currency": product.currency,
        "description": product.description if product.description is not None else "",
        "status": product.status.value if product.status is not None else None,
        "category_id": categories[product.category] if product.category is not None else None,
        "barcode": product.barcode,
        "tax_class": product.tax_class,
        "attributes": product.attributes if product.attributes is not None else {},
        "image_urls": product.image_urls if product.image_urls is not None else [],
    }
    if current is None:
        values = dict(given)
        values["status"] = values["status"] or ProductStatus.DRAFT.value
        values["tax_class"] = values["tax_class"] or "standard"
        return _Planned(row, {"sku": product.sku, **values}, product.category, None, {})
    values = {name: getattr(current, name) for name in repository.IMPORTED_FIELDS}
    changes: dict[str, Any] = {}
    for name, value in given.items():
        if _COLUMN_OF.get(name, name) not in columns:
            continue
        if name in ("status", "tax_class") and value is None:
            continue  # an empty cell keeps them
        if name == "category_id" and value is None and product.category is not None:
            changes[name] = {"from": values[name], "to": None}  # a category to create
            values[name] = None
            continue
        if values[name] != value:
            changes[name] = {"from": values[name], "to": value}
            values[name] = value
    return _Planned(row, {"sku": product.sku, **values}, product.category, current.id, changes)


async def _refuse_currency_moves(
    uow: ReadUnitOfWork, plan: ImportPlan, moving: list[_Planned]
) -> None:
    """A product priced per location keeps its currency (as through the API)."""
    for planned in moving:
        assert planned.existing_id is not None
        units = [planned.existing_id]
        units += [v for v, _ in await repository.variant_combinations(uow, planned.existing_id)]
        if await repository.location_price_locations(uow, units):
            plan.updates.remove(planned)
            plan.rejected.append(
                Rejection(
                    planned.row,
                    planned.values["sku"],
                    [
                        {
                            "field": "currency",
                            "message": "prices per location are in the product's currency: "
                            "remove them before changing it",
                        }
                    ],
                )
            )


# --- writing ------------------------------------------------------------------------------------


async def apply_import(uow: WriteUnitOfWork, plan: ImportPlan, *, atomic: bool) -> ImportResult:
    """Write what `plan_import` found, in the caller's transaction."""
    _refuse_if_atomic(plan, atomic=atomic)
    created_categories = await _create_categories(uow, plan)
    written = plan.creates + plan.updates
    for planned in written:
        if planned.category_path in created_categories:
            category_id = created_categories[planned.category_path]
            planned.values["category_id"] = category_id
            if planned.existing_id is not None:
                planned.changes["category_id"]["to"] = category_id
    now = uow.clock.now()
    rows = []
    for planned in written:
        row = {
            **planned.values,
            "id": planned.existing_id or new_id(),
            "parent_id": None,
            "options": [],
            "option_values": {},
            "created_at": now,
            "updated_at": now,
        }
        planned.values = row
        rows.append(row)
    update = [
        name for name in repository.IMPORTED_FIELDS if _COLUMN_OF.get(name, name) in plan.columns
    ]
    try:
        ids = await repository.upsert_products(uow, rows, update=update)
    except IntegrityError as exc:  # a unique key or category taken or removed meanwhile
        raise ImportConflict(
            "A concurrent change took a SKU or barcode of the file, or removed one of its "
            "categories: nothing was imported; run the import again"
        ) from exc
    for planned in written:
        if ids.get(planned.values["sku"]) != planned.values["id"]:
            raise ImportConflict(
                f"The SKU {planned.values['sku']!r} was taken meanwhile: nothing was imported; "
                "run the import again"
            )
    await _follow_in_variants(uow, plan.updates)
    await record_events(uow, _events(plan))
    audit.record(
        uow,
        action="products.imported",
        target_type=IMPORT,
        target_id=new_id(),
        changes={
            "created": len(plan.creates),
            "updated": len(plan.updates),
            "unchanged": plan.unchanged,
            "rejected": len(plan.rejected),
            "categories": len(plan.new_categories),
            "atomic": atomic,
        },
    )
    return _result(plan, dry_run=False, atomic=atomic, categories=plan.new_category_levels)


async def _create_categories(uow: WriteUnitOfWork, plan: ImportPlan) -> dict[str, uuid.UUID]:
    """{path as written: id} of the paths to create, made level by level (each with its
    audit row and event, as through the API)."""
    by_key: dict[str, uuid.UUID] = {}
    for key, path in sorted(plan.new_categories.items()):
        category = await service.get_or_create_category_path(uow, path)
        by_key[key] = category.id
    return {path: by_key[key] for path, key in plan.category_keys.items() if key in by_key}


async def _follow_in_variants(uow: WriteUnitOfWork, updates: list[_Planned]) -> None:
    """What variants take from their product (currency, category, tax class) follows it."""
    moved = [p for p in updates if set(service.INHERITED) & p.changes.keys()]
    if not moved:
        return
    parents = await repository.with_variants(uow, [p.values["id"] for p in moved])
    for planned in moved:
        if planned.values["id"] in parents:
            inherited = {
                name: planned.values[name] for name in service.INHERITED if name in planned.changes
            }
            await repository.copy_to_variants(uow, planned.values["id"], inherited)


def _events(plan: ImportPlan) -> Iterator[tuple[str, dict[str, Any]]]:
    for planned in plan.creates:
        values = planned.values
        snapshot = {
            "parent_id": None,
            **{name: values[name] for name in ("sku", *repository.IMPORTED_FIELDS)},
            "options": [],
            "option_values": {},
        }
        snapshot["category_id"] = _id_text(values["category_id"])
        yield (
            "product.created",
            {"product_id": str(values["id"]), "sku": values["sku"], "changes": snapshot},
        )
    for planned in plan.updates:
        changes = recorded_changes(planned.changes)
        yield (
            change_action(planned.changes),
            {
                "product_id": str(planned.values["id"]),
                "sku": planned.values["sku"],
                "changes": changes,
            },
        )


def _id_text(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


# --- export -------------------------------------------------------------------------------------


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
