"""Tenant rules used by every other domain: find a tenant, put it in scope, create, rename,
suspend. The cache keys of a tenant (`tenant-suspended:`, `tenant-ref:`) are spelled here
only."""

import contextlib
import uuid
from datetime import timedelta

import orjson
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.core.cache import Cache, CacheUnavailable, forget_after_commit
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.tenants import repository
from olympus.platform.tenants.errors import (
    InvalidSlug,
    PlatformTenantProtected,
    SlugTaken,
    TenantNotFound,
    TenantSuspended,
)
from olympus.platform.tenants.models import Tenant, TenantStatus
from olympus.platform.tenants.schemas import validate_slug

PLATFORM_SLUG = "platform"

# Lean reads for the sign-in hot path, on the unit of work's or the driver's connection.
find_id_and_status_by_slug = repository.find_id_and_status_by_slug
find_id_and_status_by_slug_on = repository.find_id_and_status_by_slug_on
# The ids of the tenants of these slugs (lowercased), for attributing work to tenants in bulk.
ids_by_slugs = repository.ids_by_slugs


async def find_by_slug(uow: ReadUnitOfWork, slug: str) -> Tenant | None:
    result = await uow.session.scalars(sa.select(Tenant).where(Tenant.slug == slug.lower()))
    return result.one_or_none()


def is_open(status: str) -> bool:
    """Whether a tenant of this status lets its users in."""
    return status == TenantStatus.ACTIVE


async def find(uow: ReadUnitOfWork, tenant_id: uuid.UUID) -> Tenant | None:
    return await uow.session.get(Tenant, tenant_id)


async def get(uow: ReadUnitOfWork, tenant_id: uuid.UUID) -> Tenant:
    tenant = await find(uow, tenant_id)
    if tenant is None:
        raise TenantNotFound()
    return tenant


async def enter_active_tenant(uow: ReadUnitOfWork, slug: str) -> Tenant:
    """Find an active tenant by slug and put it in scope; an unknown or closed one is 404."""
    tenant = await find_by_slug(uow, slug)
    if tenant is None or tenant.status != TenantStatus.ACTIVE:
        raise TenantNotFound("No open tenant with this slug")
    await uow.set_tenant(tenant.id)
    return tenant


async def enter_tenant_of_session(uow: ReadUnitOfWork, tenant_id: uuid.UUID) -> Tenant:
    """Put the tenant of an existing session in scope; a suspended tenant signs nobody in."""
    tenant = await get(uow, tenant_id)
    if tenant.status != TenantStatus.ACTIVE:
        raise TenantSuspended("This tenant is suspended")
    await uow.set_tenant(tenant.id)
    return tenant


async def enter_open_tenant(uow: ReadUnitOfWork, tenant_id: uuid.UUID) -> None:
    """`enter_tenant_of_session` for hot paths: reads only the status, loads no object."""
    status = await repository.find_status(uow, tenant_id)
    if status is None:
        raise TenantNotFound()
    if status != TenantStatus.ACTIVE:
        raise TenantSuspended("This tenant is suspended")
    await uow.set_tenant(tenant_id)


def check_new_slug(slug: str) -> None:
    """The rule of a new tenant's slug, on every path that creates one (the API's body, the
    CLI): 3-63 lowercase letters, digits and inner hyphens, none of the reserved words."""
    try:
        validate_slug(slug)
    except ValueError as exc:
        raise InvalidSlug(str(exc)[:1].upper() + str(exc)[1:]) from None


async def create_tenant(uow: WriteUnitOfWork, *, slug: str, name: str) -> Tenant:
    """Create a tenant and put it in scope (its roles and owner are the caller's to add)."""
    if await find_by_slug(uow, slug) is not None:
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
    return tenant


async def enter_platform_tenant(uow: ReadUnitOfWork) -> Tenant | None:
    """Put the reserved tenant of the platform operators in scope, if it exists yet."""
    tenant = await find_by_slug(uow, PLATFORM_SLUG)
    if tenant is not None:
        await uow.set_tenant(tenant.id)
    return tenant


def is_platform(tenant: Tenant) -> bool:
    return tenant.slug == PLATFORM_SLUG


async def list_tenants(
    uow: ReadUnitOfWork, *, page: PageParams, q: str | None = None, status: str | None = None
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
    uow: WriteUnitOfWork,
    *,
    cache: Cache,
    tenant_id: uuid.UUID,
    name: str | None = None,
    status: str | None = None,
    suspension_ttl: int,
) -> tuple[Tenant, dict[str, object]]:
    """Rename, suspend or reactivate a tenant; returns it with the changed fields. A
    suspended tenant's access tokens are refused at once (the cache marks it for as long
    as a token can live); sign-in and refresh read the status from the database."""
    tenant = await get(uow, tenant_id)
    changes: dict[str, object] = {}
    if name is not None and name != tenant.name:
        changes["name"] = {"from": tenant.name, "to": name}
        tenant.name = name
    if status is not None and status != tenant.status:
        if tenant.slug == PLATFORM_SLUG:
            raise PlatformTenantProtected("The platform tenant can't be suspended")
        changes["status"] = {"from": tenant.status, "to": status}
        tenant.status = status
        key = suspension_cache_key(tenant.id)

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


async def warm_suspensions(uow: ReadUnitOfWork, *, cache: Cache, ttl: int) -> int:
    """At start-up, mark tenants suspended within a token's lifetime (the cache may have
    lost the marks)."""
    since = uow.clock.now() - timedelta(seconds=ttl)
    stmt = sa.select(Tenant.id).where(
        Tenant.status == TenantStatus.SUSPENDED, Tenant.updated_at > since
    )
    ids = list((await uow.session.scalars(stmt)).all())
    for tenant_id in ids:
        await cache.set(suspension_cache_key(tenant_id), "1", ttl=ttl)
    return len(ids)


async def all_ids(uow: ReadUnitOfWork) -> list[uuid.UUID]:
    """Every tenant's id, the platform's included (for retention jobs)."""
    return list((await uow.session.scalars(sa.select(Tenant.id).order_by(Tenant.id))).all())


# --- cached state: the suspension mark every request checks, and what /auth/me shows -------


def suspension_cache_key(tenant_id: uuid.UUID) -> str:
    """Present while the tenant is suspended: its access tokens are refused at once."""
    return f"tenant-suspended:{tenant_id}"


REF_TTL_SECONDS = 300


def ref_cache_key(tenant_id: uuid.UUID) -> str:
    return f"tenant-ref:{tenant_id}"


async def load_ref(uow: ReadUnitOfWork, cache: Cache, tenant_id: uuid.UUID) -> dict[str, str]:
    """The tenant's id, slug and name from the database, kept in the cache."""
    tenant = await get(uow, tenant_id)
    ref = {"id": str(tenant.id), "slug": tenant.slug, "name": tenant.name}
    with contextlib.suppress(CacheUnavailable):
        await cache.set(ref_cache_key(tenant_id), orjson.dumps(ref).decode(), ttl=REF_TTL_SECONDS)
    return ref
