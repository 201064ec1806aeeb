"""Tenant rules used by every other domain: find a tenant, create one with its system roles."""

import contextlib
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

import orjson
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.core.cache import CacheUnavailable, forget_after_commit
from olympus.core.db import DriverConnection, UnitOfWork, new_id
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.tenants.errors import (
    PlatformTenantProtected,
    SlugTaken,
    TenantNotFound,
    TenantSuspended,
)
from olympus.platform.tenants.models import Tenant, TenantStatus

if TYPE_CHECKING:
    from olympus.auth.service import Authenticator
    from olympus.core.cache import Cache
    from olympus.platform.users.models import User

PLATFORM_SLUG = "platform"


async def get_by_slug(uow: UnitOfWork, slug: str) -> Tenant | None:
    result = await uow.session.scalars(sa.select(Tenant).where(Tenant.slug == slug.lower()))
    return result.one_or_none()


def is_open(status: str) -> bool:
    """Whether a tenant of this status lets its users in."""
    return status == TenantStatus.ACTIVE


async def id_and_status_by_slug(uow: UnitOfWork, slug: str) -> tuple[uuid.UUID, str] | None:
    """A tenant's id and status by slug, as a lean Core read (sign-in)."""
    tenants = Tenant.__table__
    conn = await uow.session.connection()
    row = (
        await conn.execute(
            sa.select(tenants.c.id, tenants.c.status).where(tenants.c.slug == slug.lower())
        )
    ).one_or_none()
    return None if row is None else (row.id, row.status)


async def id_and_status_by_slug_on(
    conn: DriverConnection, slug: str
) -> tuple[uuid.UUID, str] | None:
    """`id_and_status_by_slug` on the driver's connection (PostgreSQL's sign-in path)."""
    row = await conn.fetchrow("SELECT id, status FROM tenants WHERE slug = $1", slug.lower())
    return None if row is None else (row["id"], row["status"])


async def get(uow: UnitOfWork, tenant_id: uuid.UUID) -> Tenant | None:
    return await uow.session.get(Tenant, tenant_id)


async def enter_active_tenant(uow: UnitOfWork, slug: str) -> Tenant:
    """Find an active tenant by slug and put it in scope; an unknown or closed one is 404."""
    tenant = await get_by_slug(uow, slug)
    if tenant is None or tenant.status != TenantStatus.ACTIVE:
        raise TenantNotFound("No open tenant with this slug")
    await uow.set_tenant(tenant.id)
    return tenant


async def enter_tenant_of_session(uow: UnitOfWork, tenant_id: uuid.UUID) -> Tenant:
    """Put the tenant of an existing session in scope; a suspended tenant signs nobody in."""
    tenant = await get(uow, tenant_id)
    if tenant is None:
        raise TenantNotFound()
    if tenant.status != TenantStatus.ACTIVE:
        raise TenantSuspended("This tenant is suspended")
    await uow.set_tenant(tenant.id)
    return tenant


async def enter_open_tenant(uow: UnitOfWork, tenant_id: uuid.UUID) -> None:
    """`enter_tenant_of_session` for hot paths: reads only the status, loads no object."""
    tenants = Tenant.__table__
    conn = await uow.session.connection()
    status = await conn.scalar(sa.select(tenants.c.status).where(tenants.c.id == tenant_id))
    if status is None:
        raise TenantNotFound()
    if status != TenantStatus.ACTIVE:
        raise TenantSuspended("This tenant is suspended")
    await uow.set_tenant(tenant_id)


async def create_tenant(uow: UnitOfWork, *, slug: str, name: str) -> Tenant:
    """Create a tenant and put it in scope, with its system roles."""
    from olympus.platform.rbac import service as rbac

    if await get_by_slug(uow, slug) is not None:
        raise SlugTaken(f"The slug {slug!r} is already in use")
    now = uow.clock.now()
    tenant = Tenant(
        id=new_id(),
        slug=slug.lower(),
        name=name,
        status=TenantStatus.ACTIVE.value,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(tenant)
    try:
        async with uow.session.begin_nested():
            await uow.session.flush()
    except IntegrityError as exc:  # a concurrent creation of the same slug won
        raise SlugTaken(f"The slug {slug!r} is already in use") from exc
    await uow.set_tenant(tenant.id)
    await rbac.create_system_roles(uow)
    return tenant


async def ensure_platform_tenant(uow: UnitOfWork) -> Tenant:
    tenant = await get_by_slug(uow, PLATFORM_SLUG)
    if tenant is None:
        tenant = await create_tenant(uow, slug=PLATFORM_SLUG, name="Platform operators")
    await uow.set_tenant(tenant.id)
    return tenant


async def create_tenant_with_owner(
    uow: UnitOfWork,
    *,
    auth: "Authenticator",
    slug: str,
    name: str,
    owner_email: str,
    owner_password: str,
    owner_name: str = "",
) -> tuple[Tenant, "User"]:
    """Create a tenant, its system roles and its owner in one transaction."""
    from olympus.auth import service as auth_service
    from olympus.core.events import record_event

    tenant = await create_tenant(uow, slug=slug, name=name)
    owner = await auth_service.create_user_with_password(
        uow,
        auth=auth,
        email=owner_email,
        password=owner_password,
        full_name=owner_name,
        role="owner",
    )
    record_event(
        uow,
        "tenant.created",
        {
            "tenant_id": str(tenant.id),
            "slug": tenant.slug,
            "name": tenant.name,
            "owner_id": str(owner.id),
        },
    )
    return tenant, owner


async def operator_exists(uow: UnitOfWork) -> bool:
    from olympus.platform.users import service as users

    tenant = await get_by_slug(uow, PLATFORM_SLUG)
    if tenant is None:
        return False
    await uow.set_tenant(tenant.id)
    return await users.count_users(uow) > 0


async def create_operator(
    uow: UnitOfWork, *, auth: "Authenticator", email: str, password: str, full_name: str = ""
) -> "User":
    """A platform operator: an owner in the reserved `platform` tenant."""
    from olympus.auth import service as auth_service

    await ensure_platform_tenant(uow)
    return await auth_service.create_user_with_password(
        uow, auth=auth, email=email, password=password, full_name=full_name, role="owner"
    )


async def list_tenants(
    uow: UnitOfWork, *, page: PageParams, q: str | None = None, status: str | None = None
) -> tuple[list[Tenant], str | None]:
    """Every tenant but the reserved platform one (operators only), oldest first."""
    stmt = sa.select(Tenant).where(Tenant.slug != PLATFORM_SLUG)
    if q:
        # autoescape: `%` and `_` in the search are literal characters, not wildcards.
        needle = q.lower()
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(Tenant.name).contains(needle, autoescape=True),
                Tenant.slug.contains(needle, autoescape=True),
            )
        )
    if status:
        stmt = stmt.where(Tenant.status == status)
    return await fetch_page(uow.session, stmt, page, Tenant.id)


async def update_tenant(
    uow: UnitOfWork,
    *,
    cache: "Cache",
    tenant_id: uuid.UUID,
    name: str | None = None,
    status: str | None = None,
    suspension_ttl: int,
) -> tuple[Tenant, dict[str, object]]:
    """Rename, suspend or reactivate a tenant; returns it with the changed fields. A
    suspended tenant's access tokens are refused at once (the cache marks it for as long
    as a token can live); sign-in and refresh read the status from the database."""
    from olympus.core.events import record_event

    tenant = await get(uow, tenant_id)
    if tenant is None:
        raise TenantNotFound()
    changes: dict[str, object] = {}
    if name is not None and name != tenant.name:
        changes["name"] = {"from": tenant.name, "to": name}
        tenant.name = name
    if status is not None and status != tenant.status:
        if tenant.slug == PLATFORM_SLUG:
            raise PlatformTenantProtected("The platform tenant can't be suspended")
        changes["status"] = {"from": tenant.status, "to": status}
        tenant.status = status
        key = f"tenant-suspended:{tenant.id}"

        async def _mark() -> None:
            try:
                if status == TenantStatus.SUSPENDED:
                    await cache.set(key, "1", ttl=suspension_ttl)
                else:
                    await cache.delete(key)
            except CacheUnavailable:
                pass  # while the cache is down, requests read the status from the database

        uow.after_commit(_mark)
    if changes:
        tenant.updated_at = uow.clock.now()
        forget_after_commit(uow, cache, ref_cache_key(tenant.id))
        event = "tenant.updated"
        if "status" in changes:
            suspended = status == TenantStatus.SUSPENDED
            event = "tenant.suspended" if suspended else "tenant.reactivated"
        await uow.set_tenant(tenant.id)
        record_event(uow, event, {"tenant_id": str(tenant.id), "changes": changes})
    return tenant, changes


async def warm_suspensions(uow: UnitOfWork, *, cache: "Cache", ttl: int) -> int:
    """At start-up, mark tenants suspended within a token's lifetime (the cache may have
    lost the marks)."""
    since = uow.clock.now() - timedelta(seconds=ttl)
    stmt = sa.select(Tenant.id).where(
        Tenant.status == TenantStatus.SUSPENDED, Tenant.updated_at > since
    )
    ids = list((await uow.session.scalars(stmt)).all())
    for tenant_id in ids:
        await cache.set(f"tenant-suspended:{tenant_id}", "1", ttl=ttl)
    return len(ids)


async def all_ids(uow: UnitOfWork) -> list[uuid.UUID]:
    """Every tenant's id, the platform's included (for retention jobs)."""
    return list((await uow.session.scalars(sa.select(Tenant.id).order_by(Tenant.id))).all())


# --- the cached reference (what /auth/me shows of a tenant) ----------------------------------

REF_TTL_SECONDS = 300


def ref_cache_key(tenant_id: uuid.UUID) -> str:
    return f"tenant-ref:{tenant_id}"


async def load_ref(uow: UnitOfWork, cache: "Cache", tenant_id: uuid.UUID) -> dict[str, str]:
    """The tenant's id, slug and name from the database, kept in the cache."""
    tenant = await get(uow, tenant_id)
    if tenant is None:
        raise TenantNotFound()
    ref = {"id": str(tenant.id), "slug": tenant.slug, "name": tenant.name}
    with contextlib.suppress(CacheUnavailable):
        await cache.set(ref_cache_key(tenant_id), orjson.dumps(ref).decode(), ttl=REF_TTL_SECONDS)
    return ref
