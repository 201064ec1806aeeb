"""The import written: the rows that passed, in a few bulk statements, with one event per
product created or changed and one audit row for the import."""

import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy.exc import IntegrityError

from olympus.commerce.catalog import repository, service
from olympus.commerce.catalog.errors import ImportConflict
from olympus.commerce.catalog.imports.plan import (
    ImportPlan,
    ImportResult,
    Planned,
    dry_run_result,
    import_result,
    plan_import,
    refuse_if_atomic,
)
from olympus.commerce.catalog.imports.rows import COLUMN_OF
from olympus.commerce.catalog.service.changes import change_action, recorded_changes
from olympus.core.db import WriteUnitOfWork, new_id
from olympus.core.events import record_events
from olympus.platform.audit import service as audit

IMPORT = "product_import"


async def import_products(
    uow: WriteUnitOfWork, content: bytes, *, dry_run: bool = False, atomic: bool = False
) -> ImportResult:
    """Check the file, then (unless `dry_run`) write the rows that passed. With `atomic`,
    one rejected row refuses the whole file (422 `import_rejected`, nothing written)."""
    plan = await plan_import(uow, content, lock=not dry_run)
    if dry_run:
        return dry_run_result(plan, atomic=atomic)
    return await apply_import(uow, plan, atomic=atomic)


async def apply_import(uow: WriteUnitOfWork, plan: ImportPlan, *, atomic: bool) -> ImportResult:
    """Write what `plan_import` found, in the caller's transaction."""
    refuse_if_atomic(plan, atomic=atomic)
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
        name for name in repository.IMPORTED_FIELDS if COLUMN_OF.get(name, name) in plan.columns
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
    return import_result(plan, dry_run=False, atomic=atomic, categories=plan.new_category_levels)


async def _create_categories(uow: WriteUnitOfWork, plan: ImportPlan) -> dict[str, uuid.UUID]:
    """{path as written: id} of the paths to create, made level by level (each with its
    audit row and event, as through the API)."""
    by_key: dict[str, uuid.UUID] = {}
    for key, path in sorted(plan.new_categories.items()):
        category = await service.get_or_create_category_path(uow, path)
        by_key[key] = category.id
    return {path: by_key[key] for path, key in plan.category_keys.items() if key in by_key}


async def _follow_in_variants(uow: WriteUnitOfWork, updates: list[Planned]) -> None:
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
