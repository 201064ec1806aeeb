"""HTTP endpoints of tenants: platform operators manage every tenant; a tenant's owner may
read and rename their own."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from olympus.accounts import service as accounts
from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    AuthDep,
    CurrentPrincipal,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.errors import PermissionDenied, WeakPassword
from olympus.auth.service import AuthComponents
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.platform.audit import service as audit
from olympus.platform.settings import service as tenant_settings
from olympus.platform.settings.schemas import RateLimitOverrides, TenantRateLimits
from olympus.platform.tenants import service
from olympus.platform.tenants.errors import (
    InvalidSlug,
    PlatformTenantProtected,
    SlugTaken,
    StatusChangeForbidden,
    TenantNotFound,
)
from olympus.platform.tenants.models import Tenant
from olympus.platform.tenants.schemas import TenantCreate, TenantCreated, TenantOut, TenantUpdate
from olympus.platform.users.errors import EmailTaken

router = APIRouter(prefix="/api/v1/tenants", tags=["tenants"])
OPERATOR = "tenants:manage"
_AUTH = PERMISSION_ERRORS


def _out(tenant: Tenant) -> TenantOut:
    return TenantOut.model_validate(tenant, from_attributes=True)


def _is_operator(principal: Principal) -> bool:
    return principal.authz.can(OPERATOR)


async def _as_is(uow: ReadUnitOfWork, principal: Principal, tenant_id: uuid.UUID) -> TenantOut:
    return _out(await _visible_tenant(uow, principal, tenant_id))


async def _visible_tenant(
    uow: ReadUnitOfWork, principal: Principal, tenant_id: uuid.UUID
) -> Tenant:
    """Operators see every tenant; an owner sees their own; anyone else gets 404 for another
    tenant (existence does not leak) and 403 for their own."""
    tenant = await service.find(uow, tenant_id)
    if tenant is None:
        raise TenantNotFound()
    if _is_operator(principal):
        return tenant
    if tenant.id != principal.tenant_id:
        raise TenantNotFound()
    if "owner" not in principal.authz.roles:
        raise PermissionDenied("Only the tenant's owner or a platform operator may do this")
    return tenant


@router.get(
    "",
    response_model=Page[TenantOut],
    summary="List tenants (platform operators)",
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_tenants(
    _: Annotated[Principal, RequirePermission(OPERATOR)],
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    q: Annotated[str | None, Query(max_length=100, description="In slug or name")] = None,
    status_: Annotated[Literal["active", "suspended"] | None, Query(alias="status")] = None,
) -> Page[TenantOut]:
    rows, cursor = await service.list_tenants(uow, page=page, q=q, status=status_)
    return Page[TenantOut](items=[_out(t) for t in rows], next_cursor=cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TenantCreated,
    summary="Create a tenant with its system roles and owner (platform operators)",
    description=(
        "One transaction creates the tenant, its system roles (`owner`, `admin`, `manager`, "
        "`staff`, `customer`) and its owner, and publishes `tenant.created`."
    ),
    responses=responses(*_AUTH, SlugTaken, InvalidSlug, EmailTaken, WeakPassword),
)
async def create_tenant(
    body: TenantCreate,
    principal: Annotated[Principal, RequirePermission(OPERATOR)],
    uow: TenantWriteUoWDep,
    auth: AuthDep,
) -> TenantCreated:
    tenant, owner = await accounts.create_tenant_with_owner(
        uow,
        auth=auth,
        slug=body.slug,
        name=body.name,
        owner_email=body.owner.email,
        owner_password=body.owner.password,
        owner_name=body.owner.full_name,
    )
    await audit.record_in(
        uow,
        principal.tenant_id,
        action="tenant.created",
        target_type="tenant",
        target_id=tenant.id,
        changes={"slug": tenant.slug, "name": tenant.name, "owner_email": owner.email},
    )
    return TenantCreated(**_out(tenant).model_dump(), owner_id=owner.id)


@router.get(
    "/{tenant_id}",
    response_model=TenantOut,
    summary="Read a tenant (operators; the tenant's owner for their own)",
    responses=responses(*_AUTH, TenantNotFound),
)
async def get_tenant(
    tenant_id: uuid.UUID, principal: CurrentPrincipal, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> TenantOut:
    return etag.tag(_out(await _visible_tenant(uow, principal, tenant_id)))


@router.patch(
    "/{tenant_id}",
    response_model=TenantOut,
    summary="Rename a tenant, or (operators) suspend or reactivate it",
    responses=responses(*_AUTH, TenantNotFound, StatusChangeForbidden, PlatformTenantProtected),
)
async def update_tenant(
    tenant_id: uuid.UUID,
    body: TenantUpdate,
    principal: CurrentPrincipal,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    etag: IfMatchDep,
) -> TenantOut:
    await etag.check(
        uow, Tenant, Tenant.id == tenant_id, current=lambda: _as_is(uow, principal, tenant_id)
    )
    await _visible_tenant(uow, principal, tenant_id)
    if body.status is not None and not _is_operator(principal):
        raise StatusChangeForbidden("Only platform operators change a tenant's status")
    tenant, changes = await service.update_tenant(
        uow,
        cache=auth.cache,
        tenant_id=tenant_id,
        name=body.name,
        status=body.status,
        suspension_ttl=auth.settings.access_token_ttl_seconds + 5,
    )
    if changes:
        await audit.record_in(
            uow,
            principal.tenant_id,
            action="tenant.updated",
            target_type="tenant",
            target_id=tenant.id,
            changes=changes,
        )
    return etag.tag(_out(tenant))


@router.delete(
    "/{tenant_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Suspend a tenant (platform operators)",
    description=(
        "A soft delete: the tenant's users can no longer sign in or refresh (401 "
        "`tenant_suspended`) and its access tokens stop working at once. Reactivate with PATCH "
        '`{"status": "active"}`.'
    ),
    responses=responses(*_AUTH, TenantNotFound, PlatformTenantProtected),
)
async def suspend_tenant(
    tenant_id: uuid.UUID,
    principal: CurrentPrincipal,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    etag: IfMatchDep,
) -> Response:
    await etag.check(
        uow, Tenant, Tenant.id == tenant_id, current=lambda: _as_is(uow, principal, tenant_id)
    )
    await _visible_tenant(uow, principal, tenant_id)  # another tenant's id: 404, never 403
    if not _is_operator(principal):
        raise PermissionDenied(f"This needs the permission {OPERATOR!r}")
    tenant, changes = await service.update_tenant(
        uow,
        cache=auth.cache,
        tenant_id=tenant_id,
        status="suspended",
        suspension_ttl=auth.settings.access_token_ttl_seconds + 5,
    )
    if changes:
        await audit.record_in(
            uow,
            principal.tenant_id,
            action="tenant.suspended",
            target_type="tenant",
            target_id=tenant.id,
            changes=changes,
        )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _rate_limits(auth: AuthComponents, overrides: RateLimitOverrides) -> TenantRateLimits:
    quotas = auth.fair_use.quotas(overrides.model_dump(exclude_none=True))
    return TenantRateLimits(
        per_token=quotas.per_token,
        per_tenant=quotas.per_tenant,
        window_seconds=auth.fair_use.window,
        overrides=overrides,
    )


@router.get(
    "/{tenant_id}/rate-limits",
    response_model=TenantRateLimits,
    summary="A tenant's fair-use quotas (operators; the tenant's owner for their own)",
    description=(
        "The requests allowed per access token and per tenant in each window, on every "
        "authenticated route: the service's defaults (`RATE_LIMIT_PER_TOKEN`, "
        "`RATE_LIMIT_PER_TENANT`) unless a platform operator set the tenant's own."
    ),
    responses=responses(*_AUTH, TenantNotFound),
)
async def get_rate_limits(
    tenant_id: uuid.UUID, principal: CurrentPrincipal, uow: TenantReadUoWDep, auth: AuthDep
) -> TenantRateLimits:
    await _visible_tenant(uow, principal, tenant_id)
    async with uow.in_tenant(tenant_id):
        overrides = await tenant_settings.get_rate_limit_overrides(uow)
    return _rate_limits(auth, overrides)


@router.put(
    "/{tenant_id}/rate-limits",
    response_model=TenantRateLimits,
    summary="Set a tenant's fair-use quotas (platform operators)",
    description=(
        "Both quotas are given; `null` returns one to the service's default. Takes effect "
        "within a few minutes on every replica (the quotas are cached for 5 minutes, and "
        "dropped from the cache at once on this change). Audited in the operator's tenant."
    ),
    responses=responses(*_AUTH, TenantNotFound),
)
async def set_rate_limits(
    tenant_id: uuid.UUID,
    body: RateLimitOverrides,
    principal: CurrentPrincipal,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
) -> TenantRateLimits:
    await _visible_tenant(uow, principal, tenant_id)  # another tenant's id: 404, never 403
    if not _is_operator(principal):
        raise PermissionDenied(f"This needs the permission {OPERATOR!r}", permission=OPERATOR)
    async with uow.in_tenant(tenant_id):
        overrides, changes = await tenant_settings.set_rate_limit_overrides(
            uow, cache=auth.cache, update=body
        )
    if changes:
        await audit.record_in(
            uow,
            principal.tenant_id,
            action="tenant.rate_limits_updated",
            target_type="tenant",
            target_id=tenant_id,
            changes=changes,
        )
    return _rate_limits(auth, overrides)
