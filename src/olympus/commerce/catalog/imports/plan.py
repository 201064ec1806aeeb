"""What an import does, found by reading only: every row checked with the rules of the
product API (`plan_import`), and the answer of an import (`ImportResult`)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from olympus.commerce.catalog import repository, service
from olympus.commerce.catalog.errors import ImportRejected, InvalidCategoryPath
from olympus.commerce.catalog.imports.rows import (
    COLUMN_OF,
    cells_to_fields,
    decoded_text,
    issues_of,
    records_of,
)
from olympus.commerce.catalog.models import ProductStatus
from olympus.commerce.catalog.schemas import ImportedProduct
from olympus.core.db import ReadUnitOfWork


@dataclass
class Rejection:
    row: int
    sku: str | None
    errors: list[dict[str, Any]]

    def document(self) -> dict[str, Any]:
        return {"row": self.row, "sku": self.sku, "errors": self.errors}


@dataclass
class Planned:
    """A row that passed: its product's values after the import and what changes."""

    row: int
    values: dict[str, Any]
    category_path: str | None
    existing_id: uuid.UUID | None
    changes: dict[str, Any]


@dataclass
class ImportPlan:
    columns: list[str]
    creates: list[Planned] = field(default_factory=list)
    updates: list[Planned] = field(default_factory=list)
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


def import_result(
    plan: ImportPlan, *, dry_run: bool, atomic: bool, categories: int
) -> ImportResult:
    return ImportResult(
        created=len(plan.creates),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        rejected=plan.rejected,
        categories_created=categories,
        dry_run=dry_run,
        atomic=atomic,
    )


def dry_run_result(plan: ImportPlan, *, atomic: bool) -> ImportResult:
    """What the import of a checked file would answer (an atomic one with a rejected row
    raises as it would)."""
    refuse_if_atomic(plan, atomic=atomic)
    return import_result(plan, dry_run=True, atomic=atomic, categories=plan.new_category_levels)


def refuse_if_atomic(plan: ImportPlan, *, atomic: bool) -> None:
    if atomic and plan.rejected:
        raise ImportRejected(
            f"{len(plan.rejected)} rows were rejected: nothing was imported",
            rejected=[r.document() for r in plan.rejected],
        )


def _category_key(names: Sequence[str]) -> str:
    return "/".join(names).casefold()


async def plan_import(uow: ReadUnitOfWork, content: bytes, *, lock: bool = False) -> ImportPlan:
    """Parse and check every row (reading only): each row is valid on its own, its SKU and
    barcode appear once in the file, its barcode belongs to no other product, its SKU is
    not a variant's, and a new currency leaves no price per location behind. `lock=True`
    holds the existing products the file names until the transaction ends."""
    columns, records = records_of(decoded_text(content))
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
        given, errors = cells_to_fields(columns, cells)
        product: ImportedProduct | None = None
        if not errors:
            try:
                product = ImportedProduct.model_validate(given)
            except ValidationError as exc:
                errors = issues_of(exc)
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
    moving_currency: list[Planned] = []
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
) -> Planned:
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
        return Planned(row, {"sku": product.sku, **values}, product.category, None, {})
    values = {name: getattr(current, name) for name in repository.IMPORTED_FIELDS}
    changes: dict[str, Any] = {}
    for name, value in given.items():
        if COLUMN_OF.get(name, name) not in columns:
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
    return Planned(row, {"sku": product.sku, **values}, product.category, current.id, changes)


async def _refuse_currency_moves(
    uow: ReadUnitOfWork, plan: ImportPlan, moving: list[Planned]
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
