"""HTTP endpoints of tenant settings (`/api/v1/settings`) and of the caller's preferences
(`/api/v1/users/me/preferences`; included before the users router so `me` is never read as
a user id)."""

from typing import Annotated

from fastapi import APIRouter

from olympus.auth import errors as auth_errors
from olympus.auth.dependencies import (
    BEARER_ERRORS,
    CurrentPrincipal,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.errors import responses
from olympus.platform.locations.errors import LocationNotFound
from olympus.platform.settings import service
from olympus.platform.settings.schemas import (
    SettingsSchema,
    TenantSettings,
    TenantSettingsUpdate,
    UserPreferences,
    UserPreferencesUpdate,
    settings_schema,
)

router = APIRouter(prefix="/api/v1")

_BEARER = BEARER_ERRORS
SettingsWriter = Annotated[Principal, RequirePermission("settings:write")]

_PUT_RULES = (
    "Send only the keys to change; a key set to `null` goes back to its default. Every key is "
    "checked before anything is stored: an unknown key or a value of the wrong type or range "
    "answers 422 `validation_error` naming the key, and nothing changes. Answers the full "
    "effective set."
)


@router.get(
    "/settings",
    response_model=TenantSettings,
    tags=["settings"],
    summary="The tenant's settings",
    description="Every key with its effective value: the one stored, or the default. "
    "Any signed-in member of the tenant may read them.",
    responses=responses(*_BEARER),
)
async def read_settings(
    _: CurrentPrincipal, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> TenantSettings:
    return etag.tag(await service.get_tenant_settings(uow))


@router.put(
    "/settings",
    response_model=TenantSettings,
    tags=["settings"],
    summary="Change some of the tenant's settings",
    description=f"Needs `settings:write`. {_PUT_RULES}",
    responses=responses(*_BEARER, auth_errors.PermissionDenied, LocationNotFound),
)
async def change_settings(
    body: TenantSettingsUpdate, _: SettingsWriter, uow: TenantWriteUoWDep, etag: IfMatchDep
) -> TenantSettings:
    await etag.check(uow, None, current=lambda: service.held_tenant_settings(uow))
    return etag.tag(await service.update_tenant_settings(uow, update=body))


@router.get(
    "/settings/schema",
    response_model=SettingsSchema,
    tags=["settings"],
    summary="JSON Schemas of the settings and the preferences",
    description="Types, defaults, ranges and descriptions of every key, to build forms from.",
    responses=responses(*_BEARER),
)
async def read_settings_schema(_: CurrentPrincipal) -> SettingsSchema:
    return settings_schema()


@router.get(
    "/users/me/preferences",
    response_model=UserPreferences,
    tags=["users"],
    summary="The caller's preferences",
    description="Every key with its effective value: the one stored, or the default "
    "(`locale` and `timezone` follow the tenant's defaults until the user sets them).",
    responses=responses(*_BEARER),
)
async def read_preferences(
    principal: CurrentPrincipal, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> UserPreferences:
    return etag.tag(await service.get_user_preferences(uow, user_id=principal.user_id))


@router.put(
    "/users/me/preferences",
    response_model=UserPreferences,
    tags=["users"],
    summary="Change some of the caller's preferences",
    description=_PUT_RULES,
    responses=responses(*_BEARER),
)
async def change_preferences(
    body: UserPreferencesUpdate,
    principal: CurrentPrincipal,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
) -> UserPreferences:
    user_id = principal.user_id
    await etag.check(uow, None, current=lambda: service.held_user_preferences(uow, user_id=user_id))
    return etag.tag(await service.update_user_preferences(uow, user_id=user_id, update=body))
