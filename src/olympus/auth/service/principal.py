"""The authenticated caller, on every request, in read transactions of its own: refuse the
access token of a revoked session or a suspended tenant, count the request against the
fair-use quotas, say what the caller may do, and who they are (/auth/me). Warm, that is one
cache round trip and no SQL."""

import contextlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson
import sqlalchemy as sa
import structlog

from olympus.auth.errors import InvalidToken, TokenRevoked
from olympus.auth.models import AuthSession
from olympus.auth.ratelimit import FairUseCount
from olympus.auth.service.components import AuthComponents, denylist_key
from olympus.auth.tokens import AccessClaims
from olympus.core.cache import CacheUnavailable
from olympus.core.db import Database
from olympus.core.tenancy import unscoped
from olympus.platform.rbac import service as rbac
from olympus.platform.rbac.authorization import Authorization
from olympus.platform.settings import service as tenant_settings
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound, TenantSuspended
from olympus.platform.users import service as users
from olympus.platform.users.errors import UserNotFound

log = structlog.get_logger("olympus.auth")


@dataclass(frozen=True)
class Authenticated:
    """What one cache round trip tells about the caller: what they may do and, when warm,
    the profile and tenant reference /auth/me shows."""

    authz: Authorization
    profile: dict[str, Any] | None = None
    tenant: dict[str, str] | None = None
    # The RateLimit fields of the answer, when the request was counted.
    quota_headers: list[tuple[bytes, bytes]] | None = None


@dataclass
class Identity:
    """The authenticated caller as /auth/me describes them."""

    profile: dict[str, Any]
    tenant: dict[str, str]
    roles: list[str]
    permissions: list[str]


async def authenticate(db: Database, auth: AuthComponents, claims: AccessClaims) -> Authenticated:
    """Refuse the access token of a revoked session or a suspended tenant, and return what
    the caller may do. Warm, this is one cache round trip; if the cache can't answer, the
    database is asked instead (the check is never skipped)."""
    tid, uid = claims.tenant_id, claims.user_id
    authz_key = rbac.authorization_cache_key(tid, uid)
    keys = [
        denylist_key(claims.session_id),
        tenants.suspension_cache_key(tid),
        authz_key,
        users.profile_cache_key(tid, uid),
        tenants.ref_cache_key(tid),
    ]
    counted = auth.fair_use.count(claims.session_id, tid) if auth.fair_use.enabled else None
    try:
        if counted is None:
            denied, suspended, cached, profile, tenant = await auth.cache.get_many(*keys)
        else:  # the fair-use counters and the tenant's quotas ride on the same round trip
            keys.append(tenant_settings.rate_limits_cache_key(tid))
            values, counts = await auth.cache.get_many_and_count(
                keys, counted.keys, ttl=auth.fair_use.window
            )
            denied, suspended, cached, profile, tenant, quotas = values
    except CacheUnavailable:
        # Fail open on the quotas: they protect the service, and the checks that protect
        # the tenant's data are made against the database instead.
        log.warning("cache_unavailable_checking_database")
        return Authenticated(
            await _authenticate_from_database(db, auth, claims, check_session=True)
        )
    if denied is not None:
        raise TokenRevoked("This session has ended")
    if suspended is not None:
        raise TenantSuspended("This tenant is suspended")
    quota_headers = None
    if counted is not None:
        quota_headers = await _judge_fair_use(db, auth, claims, counted, counts, quotas)
    if cached is not None:
        authz = Authorization.loads(cached)
    else:
        authz = await _authenticate_from_database(db, auth, claims, check_session=False)
        with contextlib.suppress(CacheUnavailable):
            await auth.cache.set(authz_key, authz.dumps(), ttl=rbac.AUTHORIZATION_TTL_SECONDS)
    return Authenticated(
        authz,
        orjson.loads(profile) if profile else None,
        orjson.loads(tenant) if tenant else None,
        quota_headers,
    )


async def _judge_fair_use(
    db: Database,
    auth: AuthComponents,
    claims: AccessClaims,
    counted: FairUseCount,
    counts: list[int],
    cached_quotas: str | None,
) -> list[tuple[bytes, bytes]]:
    """The RateLimit fields of an allowed request, or `FairUseExceeded`. The tenant's quotas
    came with the counts; on a miss (once per tenant every few minutes) they are read from
    its settings and cached."""
    if cached_quotas is not None:
        quotas = auth.fair_use.quotas_of_cached(cached_quotas)
    else:
        async with db.unit_of_work(
            clock=auth.clock, tenant_id=claims.tenant_id, write=False
        ) as uow:
            overrides = await tenant_settings.load_rate_limit_overrides(uow, auth.cache)
        quotas = auth.fair_use.quotas(overrides)
    return auth.fair_use.judge(quotas, counted, counts)


async def _authenticate_from_database(
    db: Database, auth: AuthComponents, claims: AccessClaims, *, check_session: bool
) -> Authorization:
    async with db.unit_of_work(clock=auth.clock, tenant_id=claims.tenant_id, write=False) as uow:
        if check_session:
            session = await uow.session.get(AuthSession, (claims.tenant_id, claims.session_id))
            if session is None or session.revoked_at is not None:
                raise TokenRevoked("This session has ended")
        tenant = await tenants.find(uow, claims.tenant_id)
        if tenant is None:
            raise InvalidToken("The tenant of this token no longer exists")
        if not tenants.is_open(tenant.status):
            raise TenantSuspended("This tenant is suspended")
        if not await users.is_active(uow, claims.user_id):
            raise InvalidToken("The account of this token no longer exists")
        return await rbac.load_authorization(
            uow, claims.user_id, is_operator=tenants.is_platform(tenant)
        )


async def identity(
    db: Database,
    *,
    auth: AuthComponents,
    claims: AccessClaims,
    known: Authenticated,
) -> Identity:
    """Who the caller is. Warm, the principal's cache round trip already brought the profile
    and the tenant's reference (both dropped whenever they change): no database work."""
    profile, tenant = known.profile, known.tenant
    if profile is None or tenant is None:
        async with db.unit_of_work(
            clock=auth.clock, tenant_id=claims.tenant_id, write=False
        ) as uow:
            try:
                if profile is None:
                    profile = await users.load_profile(uow, auth.cache, claims.user_id)
                if tenant is None:
                    tenant = await tenants.load_ref(uow, auth.cache, claims.tenant_id)
            except (UserNotFound, TenantNotFound) as exc:
                raise InvalidToken("The account of this token no longer exists") from exc
    authz = known.authz
    return Identity(
        profile=profile, tenant=tenant, roles=list(authz.roles), permissions=authz.all_permissions()
    )


async def warm_denylist(db: Database, auth: AuthComponents) -> int:
    """At start-up, put sessions revoked within an access token's lifetime back on the
    denylist (the in-process one starts empty; a flushed Redis loses it)."""
    since = auth.clock.now() - timedelta(seconds=auth.settings.access_token_ttl_seconds + 5)
    async with db.unit_of_work(clock=auth.clock, write=False, system=True) as uow:
        with unscoped(uow.session):
            stmt = sa.select(AuthSession.id).where(AuthSession.revoked_at > since)
            ids = list((await uow.session.scalars(stmt)).all())
    if ids:
        await auth.deny_sessions(ids)
    return len(ids)
