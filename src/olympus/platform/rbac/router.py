"""HTTP endpoints of roles, the permission catalogue and role grants."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    AuthDep,
    CurrentPrincipal,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import InvalidInput, Unauthenticated, responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.platform.locations.errors import LocationArchived, LocationNotFound
from olympus.platform.rbac import service
from olympus.platform.rbac.errors import (
    GrantNotFound,
    LastOwner,
    PrivilegeEscalation,
    RoleAlreadyGranted,
    RoleNameTaken,
    RoleNotFound,
    SystemRoleProtected,
    UnknownPermission,
)
from olympus.platform.rbac.models import Role
from olympus.platform.rbac.schemas import (
    GrantCreate,
    GrantOut,
    PermissionCatalogue,
    PermissionOut,
    RoleCreate,
    RoleOut,
    RoleUpdate,
)
from olympus.platform.users.errors import UserNotFound

router = APIRouter(prefix="/api/v1", tags=["roles"])
_AUTH = PERMISSION_ERRORS
# Granting may be location-scoped (checked against what the caller holds there); defining
# roles changes them for the whole tenant.
RoleManager = Annotated[Principal, RequirePermission("roles:manage", scoped=True)]
RoleDefiner = Annotated[Principal, RequirePermission("roles:manage")]


async def _as_is(uow: ReadUnitOfWork, role_id: uuid.UUID) -> RoleOut:
    return _out(await service.get_role(uow, role_id))


def _out(role: Role) -> RoleOut:
    return RoleOut.model_validate(role, from_attributes=True)


@router.get(
    "/permissions",
    response_model=PermissionCatalogue,
    summary="The catalogue of permission strings",
    responses=responses(Unauthenticated),
)
async def permissions(_: CurrentPrincipal) -> PermissionCatalogue:
    return PermissionCatalogue(
        items=[PermissionOut(name=n, description=d) for n, d in sorted(service.PERMISSIONS.items())]
    )


@router.get(
    "/roles",
    response_model=Page[RoleOut],
    summary="List the tenant's roles",
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_roles(
    _: Annotated[Principal, RequirePermission("users:read")],
    uow: TenantReadUoWDep,
    page: PageParamsDep,
) -> Page[RoleOut]:
    rows, cursor = await service.list_roles(uow, page=page)
    return Page[RoleOut](items=[_out(r) for r in rows], next_cursor=cursor)


@router.post(
    "/roles",
    status_code=status.HTTP_201_CREATED,
    response_model=RoleOut,
    summary="Create a custom role",
    description="Permissions come from the catalogue, and only those the caller holds.",
    responses=responses(*_AUTH, RoleNameTaken, UnknownPermission, PrivilegeEscalation),
)
async def create_role(body: RoleCreate, principal: RoleDefiner, uow: TenantWriteUoWDep) -> RoleOut:
    role = await service.create_role(
        uow,
        actor=principal.authz,
        name=body.name,
        description=body.description,
        permissions=body.permissions,
    )
    return _out(role)


@router.get(
    "/roles/{role_id}",
    response_model=RoleOut,
    summary="Read a role",
    responses=responses(*_AUTH, RoleNotFound),
)
async def get_role(
    role_id: uuid.UUID,
    _: Annotated[Principal, RequirePermission("users:read")],
    uow: TenantReadUoWDep,
    etag: IfNoneMatchDep,
) -> RoleOut:
    return etag.tag(_out(await service.get_role(uow, role_id)))


@router.patch(
    "/roles/{role_id}",
    response_model=RoleOut,
    summary="Change a role",
    description=(
        "System roles keep their names and the owner role its permissions. The change reaches "
        "every holder's next request."
    ),
    responses=responses(
        *_AUTH,
        RoleNotFound,
        RoleNameTaken,
        UnknownPermission,
        PrivilegeEscalation,
        SystemRoleProtected,
    ),
)
async def update_role(
    role_id: uuid.UUID,
    body: RoleUpdate,
    principal: RoleDefiner,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    etag: IfMatchDep,
) -> RoleOut:
    await etag.check(uow, Role, Role.id == role_id, current=lambda: _as_is(uow, role_id))
    role = await service.update_role(
        uow,
        actor=principal.authz,
        cache=auth.cache,
        role_id=role_id,
        name=body.name,
        description=body.description,
        permissions=body.permissions,
    )
    return etag.tag(_out(role))


@router.delete(
    "/roles/{role_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a custom role (and its grants)",
    responses=responses(*_AUTH, RoleNotFound, SystemRoleProtected, PrivilegeEscalation),
)
async def delete_role(
    role_id: uuid.UUID,
    principal: RoleDefiner,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    etag: IfMatchDep,
) -> Response:
    await etag.check(uow, Role, Role.id == role_id, current=lambda: _as_is(uow, role_id))
    await service.delete_role(uow, actor=principal.authz, cache=auth.cache, role_id=role_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/users/{user_id}/roles",
    status_code=status.HTTP_201_CREATED,
    response_model=GrantOut,
    summary="Grant a role to a user, tenant-wide or at one location",
    responses=responses(
        *_AUTH,
        UserNotFound,
        RoleNotFound,
        LocationNotFound,
        LocationArchived,
        RoleAlreadyGranted,
        PrivilegeEscalation,
        InvalidInput,
    ),
)
async def grant_role(
    user_id: uuid.UUID,
    body: GrantCreate,
    principal: RoleManager,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
) -> GrantOut:
    grant, role = await service.grant_role(
        uow,
        actor=principal.authz,
        cache=auth.cache,
        user_id=user_id,
        role_id=body.role_id,
        location_id=body.location_id,
    )
    return GrantOut(
        id=grant.id,
        user_id=grant.user_id,
        role_id=grant.role_id,
        role_name=role.name,
        location_id=grant.location_id,
        created_at=grant.created_at,
    )


@router.delete(
    "/users/{user_id}/roles/{role_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a role from a user",
    description="Every grant of the role, or only the one at `location_id`.",
    responses=responses(*_AUTH, RoleNotFound, GrantNotFound, LastOwner, PrivilegeEscalation),
)
async def revoke_role(
    user_id: uuid.UUID,
    role_id: uuid.UUID,
    principal: RoleManager,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    location_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Response:
    await service.revoke_role(
        uow,
        actor=principal.authz,
        cache=auth.cache,
        user_id=user_id,
        role_id=role_id,
        location_id=location_id,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
