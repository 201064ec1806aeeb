"""Tenant rules used by every other domain: find a tenant, create one with its system roles."""

import uuid
from typing import TYPE_CHECKING

import sqlalchemy as sa

from olympus.core.db import UnitOfWork, new_id
from olympus.platform.tenants.errors import SlugTaken, TenantNotFound, TenantSuspended
from olympus.platform.tenants.models import Tenant, TenantStatus

if TYPE_CHECKING:
    from olympus.auth.service import Authenticator
    from olympus.platform.users.models import User

PLATFORM_SLUG = "platform"


async def get_by_slug(uow: UnitOfWork, slug: str) -> Tenant | None:
    result = await uow.session.scalars(sa.select(Tenant).where(Tenant.slug == slug.lower()))
    return result.one_or_none()


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
    await uow.session.flush()
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
