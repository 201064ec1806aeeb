"""The category tree's statements: whether a category is in use, paths below one, the
list by path."""

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from olympus.commerce.catalog.repository.tables import CATEGORIES, PRODUCTS, contains, like_pattern
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork


async def category_in_use(uow: ReadUnitOfWork, category_id: uuid.UUID) -> bool:
    """Whether a category has children or products (archived ones and variants included)."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    child = sa.select(CATEGORIES.c.id).where(
        CATEGORIES.c.tenant_id == tenant_id, CATEGORIES.c.parent_id == category_id
    )
    product = sa.select(PRODUCTS.c.id).where(
        PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.category_id == category_id
    )
    found = await conn.scalar(sa.select(sa.or_(sa.exists(child), sa.exists(product))))
    return bool(found)


def _below(path: str) -> sa.ColumnElement[bool]:
    """The paths under `path` (a comparison, not LIKE: case matters and '%' is a name)."""
    prefix = f"{path}/"
    return sa.func.substr(CATEGORIES.c.path, 1, len(prefix), type_=sa.String) == prefix


async def longest_path_below(uow: ReadUnitOfWork, path: str) -> int:
    """The length of the longest path under `path` (0 when it has no descendants)."""
    conn = await uow.session.connection()
    longest = await conn.scalar(
        sa.select(sa.func.max(sa.func.length(CATEGORIES.c.path))).where(
            CATEGORIES.c.tenant_id == uow.require_tenant(), _below(path)
        )
    )
    return int(longest or 0)


async def move_descendants(uow: WriteUnitOfWork, old_path: str, new_path: str) -> int:
    """Rewrite the paths under `old_path` to lie under `new_path`; how many moved."""
    conn = await uow.session.connection()
    result = await conn.execute(
        sa.update(CATEGORIES)
        .where(CATEGORIES.c.tenant_id == uow.require_tenant(), _below(old_path))
        .values(
            path=sa.literal(new_path, sa.String)
            + sa.func.substr(CATEGORIES.c.path, len(old_path) + 1, type_=sa.String),
            updated_at=uow.clock.now(),
        )
    )
    return int(result.rowcount or 0)


async def category_page(
    uow: ReadUnitOfWork,
    *,
    parent_id: uuid.UUID | None,
    top_level: bool,
    q: str | None,
    after_path: str | None,
    limit: int,
) -> Sequence[Row[Any]]:
    """Up to `limit + 1` categories ordered by path (each parent before its children)."""
    conn = await uow.session.connection()
    stmt = sa.select(
        CATEGORIES.c.id,
        CATEGORIES.c.parent_id,
        CATEGORIES.c.name,
        CATEGORIES.c.path,
        CATEGORIES.c.position,
        CATEGORIES.c.created_at,
        CATEGORIES.c.updated_at,
    ).where(CATEGORIES.c.tenant_id == uow.require_tenant())
    if parent_id is not None:
        stmt = stmt.where(CATEGORIES.c.parent_id == parent_id)
    elif top_level:
        stmt = stmt.where(CATEGORIES.c.parent_id.is_(None))
    if q:
        stmt = stmt.where(contains(CATEGORIES.c.name, like_pattern(q), conn.dialect.name))
    if after_path is not None:
        stmt = stmt.where(CATEGORIES.c.path > after_path)
    stmt = stmt.order_by(CATEGORIES.c.path).limit(limit + 1)
    return (await conn.execute(stmt)).all()
