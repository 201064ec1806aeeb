"""Lean reads of the `tenants` table for the hot paths (sign-in, refresh): Core statements on
the unit of work's connection, and their twins on the driver's connection (`*_on`), which
PostgreSQL's sign-in uses. `tenants` is the reference table every tenant-owned row points to:
it has no `tenant_id` of its own."""

import uuid
from typing import cast

import sqlalchemy as sa

from olympus.core.db import DriverConnection, ReadUnitOfWork
from olympus.platform.tenants.models import Tenant

_TENANTS = cast(sa.Table, Tenant.__table__)
_BY_SLUG = sa.select(_TENANTS.c.id, _TENANTS.c.status)


async def find_id_and_status_by_slug(
    uow: ReadUnitOfWork, slug: str
) -> tuple[uuid.UUID, str] | None:
    conn = await uow.session.connection()
    row = (await conn.execute(_BY_SLUG.where(_TENANTS.c.slug == slug.lower()))).one_or_none()
    return None if row is None else (row.id, row.status)


async def find_id_and_status_by_slug_on(
    conn: DriverConnection, slug: str
) -> tuple[uuid.UUID, str] | None:
    row = await conn.fetchrow("SELECT id, status FROM tenants WHERE slug = $1", slug.lower())
    return None if row is None else (row["id"], row["status"])


async def ids_by_slugs(uow: ReadUnitOfWork, slugs: list[str]) -> dict[str, uuid.UUID]:
    conn = await uow.session.connection()
    lowered = sorted({s.lower() for s in slugs})
    rows = await conn.execute(
        sa.select(_TENANTS.c.slug, _TENANTS.c.id).where(_TENANTS.c.slug.in_(lowered))
    )
    return {row.slug: row.id for row in rows}


async def find_status(uow: ReadUnitOfWork, tenant_id: uuid.UUID) -> str | None:
    conn = await uow.session.connection()
    status: str | None = await conn.scalar(
        sa.select(_TENANTS.c.status).where(_TENANTS.c.id == tenant_id)
    )
    return status
