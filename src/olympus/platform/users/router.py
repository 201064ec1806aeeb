"""HTTP endpoints of a tenant's users: tenant administrators list, add, change and
deactivate them."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from olympus.accounts import service as accounts
from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    AuthDep,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.errors import WeakPassword
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.platform.rbac import service as rbac
from olympus.platform.rbac.errors import LastOwner, PrivilegeEscalation, RoleNotFound
from olympus.platform.users import service
from olympus.platform.users.errors import EmailTaken, UserNotFound
from olympus.platform.users.models import User
from olympus.platform.users.schemas import RoleGrantRef, UserCreate, UserDetail, UserUpdate

router = APIRouter(prefix="/api/v1/users", tags=["users"])
_AUTH = PERMISSION_ERRORS
Reader = Annotated[Principal, RequirePermission("users:read")]
# Users are not location-bound: managing them takes the permission tenant-wide.
Manager = Annotated[Principal, RequirePermission("users:manage")]


async def _details(uow: ReadUnitOfWork, users: list[User]) -> list[UserDetail]:
    grants = await rbac.grants_of(uow, [u.id for u in users])
    return [
        UserDetail(
            id=u.id,
            tenant_id=u.tenant_id,
            email=u.email,
            full_name=u.full_name,
            email_verified=u.email_verified,
            is_active=u.is_active,
            roles=[
                RoleGrantRef(
                    grant_id=g.id, role_id=g.role_id, role_name=name, location_id=g.location_id
                )
                for g, name in grants.get(u.id, [])
            ],
            created_at=u.created_at,
            updated_at=u.updated_at,
        )
        for u in users
    ]


@router.get(
    "",
    response_model=Page[UserDetail],
    summary="List the tenant's users",
    description="Search by email or name (`q`), filter by role name and status.",
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_users(
    _: Reader,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    role: Annotated[str | None, Query(max_length=64, description="A role name")] = None,
    status_: Annotated[Literal["active", "inactive"] | None, Query(alias="status")] = None,
) -> Page[UserDetail]:
    only = await rbac.user_ids_with_role(uow, role) if role else None
    active = None if status_ is None else status_ == "active"
    rows, cursor = await service.list_users(uow, page=page, q=q, only_ids=only, active=active)
    return Page[UserDetail](items=await _details(uow, rows), next_cursor=cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UserDetail,
    summary="Add a user to the tenant",
    description=(
        "With `password`, the account is ready to use. Without it, the user is invited: they "
        "receive a single-use token (7 days) to choose a password through "
        "`POST /api/v1/auth/password-reset/confirm`. `role_ids` are granted tenant-wide; "
        "nobody grants a permission they don't hold."
    ),
    responses=responses(*_AUTH, EmailTaken, WeakPassword, RoleNotFound, PrivilegeEscalation),
)
async def create_user(
    body: UserCreate, principal: Manager, uow: TenantWriteUoWDep, auth: AuthDep
) -> UserDetail:
    user = await accounts.create_member(
        uow,
        auth=auth,
        actor=principal.authz,
        email=body.email,
        full_name=body.full_name,
        password=body.password,
        role_ids=body.role_ids,
    )
    return (await _details(uow, [user]))[0]


@router.get(
    "/{user_id}",
    response_model=UserDetail,
    summary="Read a user with their roles",
    responses=responses(*_AUTH, UserNotFound),
)
async def get_user(
    user_id: uuid.UUID, _: Reader, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> UserDetail:
    return etag.tag(await _as_is(uow, user_id))


async def _as_is(uow: ReadUnitOfWork, user_id: uuid.UUID) -> UserDetail:
    return (await _details(uow, [await service.get(uow, user_id)]))[0]


@router.patch(
    "/{user_id}",
    response_model=UserDetail,
    summary="Change a user's name, or deactivate/reactivate them",
    responses=responses(*_AUTH, UserNotFound, LastOwner, PrivilegeEscalation),
)
async def update_user(
    user_id: uuid.UUID,
    body: UserUpdate,
    principal: Manager,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    etag: IfMatchDep,
) -> UserDetail:
    await etag.check(uow, User, User.id == user_id, current=lambda: _as_is(uow, user_id))
    user = await accounts.update_member(
        uow,
        auth=auth,
        actor=principal.authz,
        user_id=user_id,
        full_name=body.full_name,
        is_active=body.is_active,
    )
    return etag.tag((await _details(uow, [user]))[0])


@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Deactivate a user",
    description=(
        "A soft delete: the user can no longer sign in and every session ends at once. The "
        "tenant's last active owner can't be deactivated (409 `last_owner`), and only an owner "
        "deactivates an owner (403 `privilege_escalation`)."
    ),
    responses=responses(*_AUTH, UserNotFound, LastOwner, PrivilegeEscalation),
)
async def deactivate_user(
    user_id: uuid.UUID,
    principal: Manager,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
    etag: IfMatchDep,
) -> Response:
    await etag.check(uow, User, User.id == user_id, current=lambda: _as_is(uow, user_id))
    await accounts.update_member(
        uow, auth=auth, actor=principal.authz, user_id=user_id, full_name=None, is_active=False
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
