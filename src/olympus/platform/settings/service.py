"""Tenant settings and user preferences: their effective values (stored or default) and the
change of some keys, audited and published. Other domains read settings through
`get_tenant_settings`."""

import contextlib
import uuid
from typing import Any, TypeVar

import orjson
import sqlalchemy as sa
import structlog
from pydantic import BaseModel, ValidationError

from olympus.core.cache import Cache, CacheUnavailable, forget_after_commit
from olympus.core.db import DriverConnection, ReadUnitOfWork, WriteUnitOfWork
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations
from olympus.platform.settings import repository
from olympus.platform.settings.locks import lock_preferences, lock_tenant_settings
from olympus.platform.settings.models import StoredTenantSettings, StoredUserPreferences
from olympus.platform.settings.schemas import (
    RateLimitOverrides,
    TenantSettings,
    TenantSettingsUpdate,
    UserPreferences,
    UserPreferencesUpdate,
)

log = structlog.get_logger("olympus.settings")

Effective = TypeVar("Effective", bound=BaseModel)
Changes = dict[str, dict[str, Any]]


# --- tenant settings ------------------------------------------------------------------------


async def get_tenant_settings(uow: ReadUnitOfWork) -> TenantSettings:
    """The settings of the tenant in scope, every key with its effective value."""
    stmt = sa.select(StoredTenantSettings.overrides).where(
        StoredTenantSettings.tenant_id == uow.require_tenant()
    )
    return _effective(TenantSettings, await uow.session.scalar(stmt) or {})


async def get_tenant_settings_on(conn: DriverConnection, tenant_id: uuid.UUID) -> TenantSettings:
    """`get_tenant_settings` for a hot path running on the driver's connection (PostgreSQL)
    inside a transaction scoped to `tenant_id`."""
    overrides = await repository.tenant_overrides_on(conn, tenant_id)
    return _effective(TenantSettings, overrides)


async def held_tenant_settings(uow: WriteUnitOfWork) -> TenantSettings:
    """The settings as a change would find them, their row held to the end of the
    transaction (created empty first, which changes no effective value)."""
    await lock_tenant_settings(uow)
    return await get_tenant_settings(uow)


async def update_tenant_settings(
    uow: WriteUnitOfWork, *, update: TenantSettingsUpdate
) -> TenantSettings:
    """Change the keys given in `update` (`None` resets one to its default) and answer the
    full effective set. Writers of the same tenant take turns on its row, so none loses
    another's keys."""
    if not update.model_fields_set:
        return await get_tenant_settings(uow)
    tenant_id = uow.require_tenant()
    for location_id in {r.location_id for r in update.tax_rates or () if r.location_id}:
        # A rate for a location of another tenant, or none, is refused (404) before any write.
        await locations.get_location(uow, location_id)
    row = await lock_tenant_settings(uow)
    overrides = _apply(row.overrides, update)
    _date_mfa_requirement(uow, row.overrides, overrides)
    before = _effective(TenantSettings, row.overrides)
    after = _effective(TenantSettings, overrides)
    changes = _changes(before, after, row.overrides, overrides)
    if changes:
        row.overrides = overrides
        row.updated_at = uow.clock.now()
        row.updated_by = uow.actor_id
        audit.record(
            uow,
            action="settings.updated",
            target_type="tenant_settings",
            target_id=tenant_id,
            changes=changes,
        )
        record_event(uow, "settings.updated", {"changes": changes})
    return after


MFA_ROLES, MFA_SINCE = "mfa_required_roles", "mfa_required_since"


def _date_mfa_requirement(uow: WriteUnitOfWork, old: dict[str, Any], new: dict[str, Any]) -> None:
    """The grace period of a second-factor requirement runs from when it began: set when
    the roles go from none to some, dropped when none are left; never by a caller."""
    if MFA_SINCE in old:
        new[MFA_SINCE] = old[MFA_SINCE]
    else:
        new.pop(MFA_SINCE, None)
    if new.get(MFA_ROLES) and not old.get(MFA_ROLES):
        new[MFA_SINCE] = uow.clock.now().isoformat()
    elif not new.get(MFA_ROLES):
        new.pop(MFA_SINCE, None)
        new.pop(MFA_ROLES, None)


# --- fair-use quotas -------------------------------------------------------------------------

# The tenant's own fair-use quotas live in its settings document under this key, out of
# `TenantSettings`: a tenant reads them, only a platform operator sets them.
RATE_LIMITS = "rate_limits"
RATE_LIMITS_TTL_SECONDS = 300


def rate_limits_cache_key(tenant_id: uuid.UUID) -> str:
    """The tenant's quota overrides as the per-request check reads them (JSON)."""
    return f"rate-limits:{tenant_id}"


async def get_rate_limit_overrides(uow: ReadUnitOfWork) -> RateLimitOverrides:
    """The quotas set for the tenant in scope (None: the service's default)."""
    stmt = sa.select(StoredTenantSettings.overrides).where(
        StoredTenantSettings.tenant_id == uow.require_tenant()
    )
    overrides = await uow.session.scalar(stmt) or {}
    try:
        return RateLimitOverrides.model_validate(overrides.get(RATE_LIMITS) or {})
    except ValidationError:
        log.warning("stored_setting_invalid", model="RateLimitOverrides")
        return RateLimitOverrides()


async def load_rate_limit_overrides(uow: ReadUnitOfWork, cache: Cache) -> dict[str, Any]:
    """`get_rate_limit_overrides` as a dict of the keys set, kept in the cache for the next
    request (every replica reads the same one)."""
    found = (await get_rate_limit_overrides(uow)).model_dump(exclude_none=True)
    with contextlib.suppress(CacheUnavailable):
        await cache.set(
            rate_limits_cache_key(uow.require_tenant()),
            orjson.dumps(found).decode(),
            ttl=RATE_LIMITS_TTL_SECONDS,
        )
    return found


async def set_rate_limit_overrides(
    uow: WriteUnitOfWork, *, cache: Cache, update: RateLimitOverrides
) -> tuple[RateLimitOverrides, Changes]:
    """Set the quotas of the tenant in scope (None: back to the default); the new overrides
    and what changed. The cached copy is dropped after commit."""
    row = await lock_tenant_settings(uow)
    before = RateLimitOverrides.model_validate(row.overrides.get(RATE_LIMITS) or {})
    was, now = before.model_dump(), update.model_dump()
    changes = {k: {"from": was[k], "to": now[k]} for k in now if was[k] != now[k]}
    if changes:
        overrides = {k: v for k, v in row.overrides.items() if k != RATE_LIMITS}
        if update.model_dump(exclude_none=True):
            overrides[RATE_LIMITS] = update.model_dump(exclude_none=True)
        row.overrides = overrides
        row.updated_at = uow.clock.now()
        row.updated_by = uow.actor_id
        record_event(uow, "settings.rate_limits_updated", {"changes": changes})
        forget_after_commit(uow, cache, rate_limits_cache_key(uow.require_tenant()))
    return update, changes


# --- user preferences -----------------------------------------------------------------------


async def get_user_preferences(uow: ReadUnitOfWork, *, user_id: uuid.UUID) -> UserPreferences:
    """The user's preferences, every key with its effective value; `locale` and `timezone`
    follow the tenant's defaults until the user picks their own."""
    stmt = sa.select(StoredUserPreferences.overrides).where(
        StoredUserPreferences.tenant_id == uow.require_tenant(),
        StoredUserPreferences.user_id == user_id,
    )
    overrides = await uow.session.scalar(stmt) or {}
    return _effective(UserPreferences, overrides, await _preference_defaults(uow))


async def held_user_preferences(uow: WriteUnitOfWork, *, user_id: uuid.UUID) -> UserPreferences:
    """The preferences as a change would find them, their row held to the end of the
    transaction (created empty first, which changes no effective value)."""
    await lock_preferences(uow, user_id)
    return await get_user_preferences(uow, user_id=user_id)


async def update_user_preferences(
    uow: WriteUnitOfWork, *, user_id: uuid.UUID, update: UserPreferencesUpdate
) -> UserPreferences:
    """Change the keys given in `update` (`None` resets one to its default) and answer the
    user's full effective set."""
    if not update.model_fields_set:
        return await get_user_preferences(uow, user_id=user_id)
    row = await lock_preferences(uow, user_id)
    defaults = await _preference_defaults(uow)
    overrides = _apply(row.overrides, update)
    before = _effective(UserPreferences, row.overrides, defaults)
    after = _effective(UserPreferences, overrides, defaults)
    changes = _changes(before, after, row.overrides, overrides)
    if changes:
        row.overrides = overrides
        row.updated_at = uow.clock.now()
        audit.record(
            uow,
            action="preferences.updated",
            target_type="user",
            target_id=user_id,
            changes=changes,
        )
        record_event(uow, "user.preferences_updated", {"user_id": str(user_id), "changes": changes})
    return after


async def _preference_defaults(uow: ReadUnitOfWork) -> dict[str, Any]:
    tenant = await get_tenant_settings(uow)
    return {"locale": tenant.default_locale, "timezone": tenant.default_timezone}


# --- shared mechanics -----------------------------------------------------------------------


def _effective(
    model: type[Effective], overrides: dict[str, Any], defaults: dict[str, Any] | None = None
) -> Effective:
    """The stored overrides laid over the defaults. A stored value that no longer passes the
    rules (a zone withdrawn from the tz database, a range tightened since) falls back to its
    default instead of failing every read."""
    known = {k: v for k, v in overrides.items() if k in model.model_fields}
    try:
        return model.model_validate({**(defaults or {}), **known})
    except ValidationError as exc:
        invalid = {str(err["loc"][0]) for err in exc.errors() if err["loc"]}
        log.warning("stored_setting_invalid", model=model.__name__, keys=sorted(invalid))
        kept = {k: v for k, v in known.items() if k not in invalid}
        return model.model_validate({**(defaults or {}), **kept})


def _apply(overrides: dict[str, Any], update: BaseModel) -> dict[str, Any]:
    """The new overrides: the keys given set (in their JSON form), those given as null
    dropped so they follow the default again."""
    result = dict(overrides)
    for key, value in update.model_dump(mode="json", include=update.model_fields_set).items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


_UNSET = object()


def _changes(
    before: BaseModel, after: BaseModel, old: dict[str, Any], new: dict[str, Any]
) -> Changes:
    """`{key: {"from": effective before, "to": effective after}}` for each key whose stored
    override changed (pinning a key to its default value counts: it no longer follows the
    default)."""
    was, now = before.model_dump(mode="json"), after.model_dump(mode="json")
    changed = sorted(k for k in old.keys() | new.keys() if old.get(k, _UNSET) != new.get(k, _UNSET))
    return {k: {"from": was[k], "to": now[k]} for k in changed if k in now}
