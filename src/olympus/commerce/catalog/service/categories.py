"""The category tree: create, rename, move, reorder and delete categories (paths kept
unique, case aside), categories made from paths, and the list by path."""

import uuid
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.commerce.catalog import repository
from olympus.commerce.catalog.errors import (
    CategoryCycle,
    CategoryNameTaken,
    CategoryNotEmpty,
    CategoryNotFound,
    InvalidCategoryPath,
)
from olympus.commerce.catalog.models import Category
from olympus.commerce.catalog.service.changes import changed_fields, jsonable, recorded_changes
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import InvalidCursor, PageParams, encode_cursor
from olympus.platform.audit import service as audit

CATEGORY = "category"
MAX_PATH = 1000
MAX_CATEGORY_NAME = 120


def category_snapshot(category: Category) -> dict[str, Any]:
    return {
        "name": category.name,
        "parent_id": jsonable(category.parent_id),
        "path": category.path,
        "position": category.position,
    }


def _record_category(
    uow: WriteUnitOfWork, action: str, category: Category, changes: dict[str, Any]
) -> None:
    audit.record(uow, action=action, target_type=CATEGORY, target_id=category.id, changes=changes)
    record_event(
        uow,
        action,
        {"category_id": str(category.id), "path": category.path, "changes": changes},
    )


async def get_category(uow: ReadUnitOfWork, category_id: uuid.UUID) -> Category:
    category = await uow.session.get(Category, (uow.require_tenant(), category_id))
    if category is None:
        raise CategoryNotFound()
    return category


async def unknown_category_ids(
    uow: ReadUnitOfWork, category_ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of `category_ids` that name no category of the tenant."""
    wanted = set(category_ids)
    if not wanted:
        return set()
    found = await uow.session.scalars(sa.select(Category.id).where(Category.id.in_(wanted)))
    return wanted - set(found.all())


async def _sibling_named(
    uow: ReadUnitOfWork,
    parent_id: uuid.UUID | None,
    name: str,
    *,
    except_id: uuid.UUID | None = None,
) -> Category | None:
    """The child of `parent_id` (of the top level, for None) with this name, case aside."""
    under = Category.parent_id.is_(None) if parent_id is None else Category.parent_id == parent_id
    siblings = (await uow.session.scalars(sa.select(Category).where(under))).all()
    folded = name.casefold()
    return next((c for c in siblings if c.name.casefold() == folded and c.id != except_id), None)


def _name_taken(path: str) -> CategoryNameTaken:
    return CategoryNameTaken(f"A category {path!r} already exists (names ignore case)")


def _path_of(parent: Category | None, name: str) -> str:
    path = name if parent is None else f"{parent.path}/{name}"
    if len(path) > MAX_PATH:
        raise InvalidCategoryPath(f"A category path has at most {MAX_PATH} characters")
    return path


@asynccontextmanager
async def _unique_category_writes(uow: WriteUnitOfWork, path: str) -> AsyncIterator[None]:
    """The changes made inside are flushed in a savepoint: a concurrent writer that took the
    path first answers 409, and the transaction stays usable (a path made by another import
    meanwhile is then read and used)."""
    try:
        async with uow.session.begin_nested():
            yield
            await uow.session.flush()
    except IntegrityError as exc:
        raise _name_taken(path) from exc


async def _create_category(
    uow: WriteUnitOfWork, parent: Category | None, name: str, position: int
) -> Category:
    path = _path_of(parent, name)
    if await _sibling_named(uow, None if parent is None else parent.id, name) is not None:
        raise _name_taken(path)
    now = uow.clock.now()
    category = Category(
        id=new_id(),
        parent_id=None if parent is None else parent.id,
        name=name,
        path=path,
        position=position,
        created_at=now,
        updated_at=now,
    )
    async with _unique_category_writes(uow, path):
        uow.session.add(category)
    _record_category(uow, "category.created", category, category_snapshot(category))
    return category


async def create_category(
    uow: WriteUnitOfWork, *, name: str, parent_id: uuid.UUID | None = None, position: int = 0
) -> Category:
    """A category under `parent_id` (or at the top level); siblings' names differ, case
    aside (409 `category_name_taken`)."""
    parent = None if parent_id is None else await get_category(uow, parent_id)
    return await _create_category(uow, parent, name, position)


def category_path_names(path: str) -> list[str]:
    """The names of a category path ("Drinks / Tea" -> ["Drinks", "Tea"]), each stripped; a
    path with an empty level, a level over 120 characters or over 1000 characters in all is
    refused (422 `invalid_category_path`)."""
    names = [name.strip() for name in path.split("/")]
    if "\x00" in path or any(not name or len(name) > MAX_CATEGORY_NAME for name in names):
        raise InvalidCategoryPath(
            f"{path!r} is not a category path: names of 1-120 characters joined by '/'"
        )
    if len("/".join(names)) > MAX_PATH:
        raise InvalidCategoryPath(f"A category path has at most {MAX_PATH} characters")
    return names


async def get_or_create_category_path(uow: WriteUnitOfWork, path: str) -> Category:
    """The category at `path` ("Drinks/Tea"), creating the levels that are missing. Levels
    match existing categories case aside, keeping their spelling. A path with an empty level
    or a level over 120 characters is refused (422 `invalid_category_path`)."""
    names = category_path_names(path)
    parent: Category | None = None
    for name in names:
        parent_id = None if parent is None else parent.id
        existing = await _sibling_named(uow, parent_id, name)
        if existing is None:
            try:
                existing = await _create_category(uow, parent, name, 0)
            except CategoryNameTaken:
                # Another transaction made it meanwhile (and committed): use that one.
                existing = await _sibling_named(uow, parent_id, name)
                if existing is None:
                    raise
        parent = existing
    assert parent is not None  # a path has at least one name
    return parent


async def update_category(
    uow: WriteUnitOfWork, category_id: uuid.UUID, *, changes: Mapping[str, Any]
) -> Category:
    """Rename, move (`parent_id`, null for the top level) or reorder. A new name or place
    rewrites the paths of every category below it. A category can't move under itself or
    one of its descendants (409 `category_cycle`)."""
    category = await get_category(uow, category_id)
    changed = changed_fields(category, ("name", "parent_id", "position"), changes)
    if not changed:
        return category
    old_path = category.path
    new_path = old_path
    if "name" in changed or "parent_id" in changed:
        name = changes.get("name", category.name)
        parent_id = changes.get("parent_id", category.parent_id)
        parent = None if parent_id is None else await _new_parent(uow, category, parent_id)
        new_path = _path_of(parent, name)
        if await _sibling_named(uow, parent_id, name, except_id=category.id) is not None:
            raise _name_taken(new_path)
        longest = await repository.longest_path_below(uow, old_path)
        if longest and longest - len(old_path) + len(new_path) > MAX_PATH:
            raise InvalidCategoryPath(
                f"A category path has at most {MAX_PATH} characters; the move would make "
                "a longer one below it"
            )
        if new_path != old_path:
            changed["path"] = {"from": old_path, "to": new_path}
    async with _unique_category_writes(uow, new_path):
        for field, change in changed.items():
            setattr(category, field, change["to"])
        category.updated_at = uow.clock.now()
    moved = 0
    if new_path != old_path:
        moved = await repository.move_descendants(uow, old_path, new_path)
    recorded = recorded_changes(changed)
    if moved:
        recorded["descendants_moved"] = moved
    _record_category(uow, "category.updated", category, recorded)
    return category


async def _new_parent(uow: ReadUnitOfWork, category: Category, parent_id: uuid.UUID) -> Category:
    if parent_id == category.id:
        raise CategoryCycle("A category can't be its own parent")
    parent = await get_category(uow, parent_id)
    if parent.path.startswith(f"{category.path}/"):
        raise CategoryCycle(
            f"{parent.path!r} is below {category.path!r}: a category can't move under its "
            "own descendant"
        )
    return parent


async def delete_category(uow: WriteUnitOfWork, category_id: uuid.UUID) -> None:
    """Only an empty category goes: one with categories or products (archived ones too)
    below it answers 409 `category_not_empty`."""
    category = await get_category(uow, category_id)
    if await repository.category_in_use(uow, category.id):
        raise CategoryNotEmpty(
            f"The category {category.path!r} has categories or products: move them first"
        )
    recorded = category_snapshot(category)
    try:
        # A product or category added below it meanwhile makes the foreign key refuse.
        async with uow.session.begin_nested():
            await uow.session.delete(category)
            await uow.session.flush()
    except IntegrityError as exc:
        raise CategoryNotEmpty(
            f"The category {recorded['path']!r} has categories or products: move them first"
        ) from exc
    _record_category(uow, "category.deleted", category, recorded)


async def list_categories(
    uow: ReadUnitOfWork,
    *,
    parent_id: uuid.UUID | None,
    top_level: bool,
    q: str | None,
    page: PageParams,
) -> tuple[list[dict[str, Any]], str | None]:
    """By path: each category right before the categories below it."""
    after_path = None
    if page.cursor:
        after_path = page.cursor.get("path")
        if not isinstance(after_path, str) or "\x00" in after_path or len(after_path) > MAX_PATH:
            raise InvalidCursor("The cursor is not one this API issued")
    rows = await repository.category_page(
        uow,
        parent_id=parent_id,
        top_level=top_level,
        q=(q or "").strip() or None,
        after_path=after_path,
        limit=page.limit,
    )
    cursor = None
    if len(rows) > page.limit:
        rows = rows[: page.limit]
        cursor = encode_cursor({"path": rows[-1].path})
    return [dict(row._mapping) for row in rows], cursor
