"""The rules of authentication. Each function takes the unit of work first; it never commits.
Anything that leaves the process (email, the denylist) happens after commit."""

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NoReturn, cast

import orjson
import sqlalchemy as sa
import structlog
from pydantic import EmailStr, TypeAdapter, ValidationError

from olympus.auth.email import (
    Mailer,
    OutgoingEmail,
    invitation_email,
    password_reset_email,
    verification_email,
)
from olympus.auth.errors import (
    AccountDisabled,
    EmailAlreadyVerified,
    EmailNotVerified,
    InvalidCredentials,
    InvalidOneTimeToken,
    InvalidToken,
    SessionExpired,
    SessionNotFound,
    TokenReused,
    TokenRevoked,
)
from olympus.auth.models import AuthSession, OneTimeToken, RefreshToken, TokenPurpose
from olympus.auth.passwords import PasswordHashing, check_password_policy
from olympus.auth.ratelimit import LoginLimiter
from olympus.auth.tokens import (
    AccessClaims,
    TokenSigner,
    hash_token,
    new_opaque_token,
    parse_opaque_token,
)
from olympus.config import Settings
from olympus.core.cache import Cache, CacheUnavailable
from olympus.core.clock import Clock
from olympus.core.db import Database, UnitOfWork, new_id
from olympus.core.events import insert_event_on, record_event, wake_relay
from olympus.core.pagination import PageParams, fetch_page
from olympus.core.tenancy import unscoped
from olympus.platform.rbac import service as rbac
from olympus.platform.rbac.authorization import Authorization
from olympus.platform.settings import service as tenant_settings
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound, TenantSuspended
from olympus.platform.users import service as users
from olympus.platform.users.errors import UserNotFound
from olympus.platform.users.models import User

log = structlog.get_logger("olympus.auth")


@dataclass
class Authenticator:
    """What authentication needs beyond the database; built once by the app."""

    settings: Settings
    clock: Clock
    hashing: PasswordHashing
    signer: TokenSigner
    cache: Cache
    mailer: Mailer
    limiter: LoginLimiter
    _background: set[asyncio.Task[None]] = field(default_factory=set)

    def send_later(self, message: OutgoingEmail) -> None:
        """Send mail in the background so a response's timing never depends on SMTP (and so
        never tells whether an account exists)."""
        self._spawn(self._send(message))

    async def _send(self, message: OutgoingEmail) -> None:
        try:
            await self.mailer.send(message)
        except Exception:
            log.exception("email_failed", to=message.to, subject=message.subject)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def drain(self, within_seconds: float = 10.0) -> None:
        """Wait for background work (mail, denylist retries), for shutdown and tests; what is
        still running after `within_seconds` is cancelled (the database holds the truth of
        revocations; a lost email can be asked for again)."""
        try:
            async with asyncio.timeout(within_seconds):
                while self._background:
                    await asyncio.gather(*list(self._background), return_exceptions=True)
        except TimeoutError:
            for task in list(self._background):
                task.cancel()
            log.warning("background_work_cancelled", tasks=len(self._background))

    # The denylist: revoked session ids, kept as long as an access token can live.
    def _denylist_key(self, session_id: uuid.UUID) -> str:
        return f"revoked-session:{session_id}"

    async def _write_denylist(self, session_ids: list[uuid.UUID]) -> None:
        ttl = self.settings.access_token_ttl_seconds + 5
        for sid in session_ids:
            await self.cache.set(self._denylist_key(sid), "1", ttl=ttl)

    async def deny_sessions(self, session_ids: list[uuid.UUID]) -> None:
        """Put sessions on the denylist before the response goes out; if the cache can't
        take it now, keep retrying in the background (meanwhile checks read the database,
        which is the truth)."""
        try:
            await self._write_denylist(session_ids)
        except CacheUnavailable:
            self._spawn(self._retry_denylist(session_ids))

    async def _retry_denylist(self, session_ids: list[uuid.UUID]) -> None:
        for attempt in range(6):
            await asyncio.sleep(0.2 * 2**attempt)
            try:
                await self._write_denylist(session_ids)
                return
            except CacheUnavailable:
                continue
        log.error("denylist_write_failed", sessions=[str(s) for s in session_ids])


_TOKENS = cast(sa.Table, RefreshToken.__table__)
_SESSIONS = cast(sa.Table, AuthSession.__table__)


@dataclass
class LoginResult:
    user: users.Credentials
    session_id: uuid.UUID
    session_expires_at: datetime
    access_token: str
    refresh_token: str


@dataclass
class Identity:
    """The authenticated caller as /auth/me describes them."""

    profile: dict[str, Any]
    tenant: dict[str, str]
    roles: list[str]
    permissions: list[str]


_EMAIL = TypeAdapter(EmailStr)


def _valid_email(email: str) -> str:
    try:
        return str(_EMAIL.validate_python(email))
    except ValidationError as exc:
        from olympus.core.errors import InvalidInput

        raise InvalidInput(f"{email!r} is not a valid email address") from exc


# --- registration and sign-in -------------------------------------------------------------


async def register(
    uow: UnitOfWork,
    *,
    auth: Authenticator,
    tenant_slug: str,
    email: str,
    password: str,
    full_name: str = "",
) -> User:
    if tenant_slug.strip().lower() == tenants.PLATFORM_SLUG:
        raise TenantNotFound("No open tenant with this slug")
    tenant = await tenants.enter_active_tenant(uow, tenant_slug)
    check_password_policy(password, email=email, context=(tenant.slug, "olympus"))
    if await users.find_by_email(uow, email) is not None:
        from olympus.platform.users.errors import EmailTaken

        raise EmailTaken("An account with this email already exists in this tenant")
    password_hash = await auth.hashing.hash(password)
    user = await users.create_user(
        uow, email=email, password_hash=password_hash, full_name=full_name
    )
    await rbac.grant_role_by_name(uow, user_id=user.id, role_name="customer")
    await _send_verification(uow, auth=auth, user=user)
    record_event(
        uow,
        "user.registered",
        {"user_id": str(user.id), "email": user.email, "full_name": user.full_name},
    )
    return user


async def create_user_with_password(
    uow: UnitOfWork,
    *,
    auth: Authenticator,
    email: str,
    password: str,
    full_name: str = "",
    role: str | None,
    email_verified: bool = True,
) -> User:
    """A user made by an operator or an administrator (not self-registered): checked against
    the same password policy, granted `role`."""
    email = _valid_email(email)
    check_password_policy(password, email=email)
    password_hash = await auth.hashing.hash(password)
    user = await users.create_user(
        uow,
        email=email,
        password_hash=password_hash,
        full_name=full_name,
        email_verified=email_verified,
    )
    if role is not None:
        await rbac.grant_role_by_name(uow, user_id=user.id, role_name=role)
    record_event(uow, "user.created", {"user_id": str(user.id), "email": user.email, "role": role})
    return user


async def login(
    db: Database,
    *,
    auth: Authenticator,
    tenant_slug: str,
    email: str,
    password: str,
    ip: str,
    user_agent: str,
    request_id: str | None = None,
) -> LoginResult:
    """Sign in with email and password. The password hash (tens of milliseconds, by design)
    is checked with no transaction open, so no database connection waits on it: a short
    read finds the user, a short write opens the session."""
    failures_on_record = await auth.limiter.check(tenant=tenant_slug, email=email, ip=ip)
    found = await _find_sign_in(db, auth, tenant_slug, email, request_id)
    if found is None:
        # Unknown tenant or email: spend the time of a verification all the same.
        await auth.hashing.verify_dummy(password)
        await auth.limiter.record_failure(tenant=tenant_slug, email=email, ip=ip)
        raise InvalidCredentials("The email or password is wrong")
    user, tenant_open, must_verify = found
    if not await auth.hashing.verify(user.password_hash, password):
        await auth.limiter.record_failure(tenant=tenant_slug, email=email, ip=ip)
        raise InvalidCredentials("The email or password is wrong")
    if not tenant_open:
        raise TenantSuspended("This tenant is suspended")  # it signs nobody in
    if not user.is_active:
        raise AccountDisabled("This account is disabled")
    if must_verify:
        raise EmailNotVerified("Verify your email address before signing in")
    if failures_on_record:
        await auth.limiter.record_success(tenant=tenant_slug, email=email)
    rehashed = None
    if auth.hashing.needs_rehash(user.password_hash):
        rehashed = await auth.hashing.hash(password)
    session_id, expires_at, refresh_token = await _start_session(
        db, auth=auth, user=user, rehashed=rehashed, ip=ip, user_agent=user_agent,
        request_id=request_id,
    )  # fmt: skip
    access = auth.signer.issue(user_id=user.id, tenant_id=user.tenant_id, session_id=session_id)
    return LoginResult(user, session_id, expires_at, access, refresh_token)


async def _start_session(
    db: Database,
    *,
    auth: Authenticator,
    user: users.Credentials,
    rehashed: str | None,
    ip: str,
    user_agent: str,
    request_id: str | None,
) -> tuple[uuid.UUID, datetime, str]:
    """The write of a sign-in: the session, its first refresh token and `user.logged_in`,
    unless the user was deactivated meanwhile (the check holds until commit: see
    `users.hold_if_active`). On PostgreSQL, on the driver's connection."""
    if not db.is_sqlite:
        return await _start_session_on_driver(
            db, auth=auth, user=user, rehashed=rehashed, ip=ip, user_agent=user_agent
        )
    async with db.unit_of_work(
        clock=auth.clock, tenant_id=user.tenant_id, request_id=request_id
    ) as uow:
        uow.ip = ip
        if not await users.hold_if_active(uow, user.id):
            raise AccountDisabled("This account is disabled")
        if rehashed is not None:
            await users.set_password_hash_of(uow, user.id, rehashed)
        session_id, expires_at, refresh_token = await _open_session(
            uow, auth=auth, user_id=user.id, ip=ip, user_agent=user_agent
        )
        record_event(uow, "user.logged_in", _logged_in(user.id, session_id, ip))
    return session_id, expires_at, refresh_token


def _logged_in(user_id: uuid.UUID, session_id: uuid.UUID, ip: str) -> dict[str, str]:
    return {"user_id": str(user_id), "session_id": str(session_id), "ip": ip[:64]}


# A session and its first refresh token in one round trip (the token's foreign key is
# checked at the end of the statement, when the session row exists).
_OPEN_SESSION = """
WITH opened AS (
    INSERT INTO auth_sessions (tenant_id, id, user_id, created_at, last_used_at, expires_at,
                               revoked_at, revoked_reason, user_agent, ip)
    VALUES ($1, $2, $3, $4, $4, $5, NULL, NULL, $6, $7)
)
INSERT INTO refresh_tokens (tenant_id, id, session_id, token_hash, created_at, spent_at)
VALUES ($1, $8, $2, $9, $4, NULL)
"""


async def _start_session_on_driver(
    db: Database,
    *,
    auth: Authenticator,
    user: users.Credentials,
    rehashed: str | None,
    ip: str,
    user_agent: str,
) -> tuple[uuid.UUID, datetime, str]:
    now = auth.clock.now()
    session_id = new_id()
    expires_at = now + timedelta(seconds=auth.settings.refresh_token_ttl_seconds)
    refresh_token = new_opaque_token(user.tenant_id)
    tenant_id = user.tenant_id
    async with db.driver_transaction(tenant_id) as conn:
        if not await users.hold_if_active_on(conn, tenant_id, user.id):
            raise AccountDisabled("This account is disabled")
        if rehashed is not None:
            await users.set_password_hash_on(conn, tenant_id, user.id, rehashed, now)
        await conn.execute(
            _OPEN_SESSION, tenant_id, session_id, user.id, now, expires_at, user_agent[:500],
            ip[:64], new_id(), hash_token(refresh_token),
        )  # fmt: skip
        await insert_event_on(
            conn, tenant_id, "user.logged_in", _logged_in(user.id, session_id, ip), now
        )
    await wake_relay()
    return session_id, expires_at, refresh_token


async def _find_sign_in(
    db: Database, auth: Authenticator, tenant_slug: str, email: str, request_id: str | None
) -> tuple[users.Credentials, bool, bool] | None:
    """The user signing in, whether their tenant is open and whether they must verify their
    email first; None for an unknown tenant or email. On PostgreSQL, on the driver's
    connection."""
    if not db.is_sqlite:
        return await _find_sign_in_on_driver(db, tenant_slug, email)
    async with db.unit_of_work(clock=auth.clock, write=False, request_id=request_id) as uow:
        tenant = await tenants.id_and_status_by_slug(uow, tenant_slug)
        if tenant is None:
            return None
        tenant_id, status = tenant
        await uow.set_tenant(tenant_id)
        user = await users.find_credentials(uow, email)
        if user is None:
            return None
        must_verify = (
            not user.email_verified
            and (await tenant_settings.get_tenant_settings(uow)).require_email_verification
        )
        return user, tenants.is_open(status), must_verify


async def _find_sign_in_on_driver(
    db: Database, tenant_slug: str, email: str
) -> tuple[users.Credentials, bool, bool] | None:
    async with db.driver_connection() as conn:
        tenant = await tenants.id_and_status_by_slug_on(conn, tenant_slug)
        if tenant is None:
            return None
        tenant_id, status = tenant
        async with db.driver_transaction(tenant_id, conn=conn):
            user = await users.find_credentials_on(conn, tenant_id, email)
            if user is None:
                return None
            must_verify = (
                not user.email_verified
                and (
                    await tenant_settings.get_tenant_settings_on(conn, tenant_id)
                ).require_email_verification
            )
    return user, tenants.is_open(status), must_verify


async def _open_session(
    uow: UnitOfWork, *, auth: Authenticator, user_id: uuid.UUID, ip: str, user_agent: str
) -> tuple[uuid.UUID, datetime, str]:
    """A new session of the user and its first refresh token, as Core inserts on the
    transaction's connection: sign-in is a hot path."""
    now = uow.clock.now()
    session_id = new_id()
    expires_at = now + timedelta(seconds=auth.settings.refresh_token_ttl_seconds)
    conn = await uow.session.connection()
    await conn.execute(
        sa.insert(_SESSIONS).values(
            tenant_id=uow.require_tenant(),
            id=session_id,
            user_id=user_id,
            created_at=now,
            last_used_at=now,
            expires_at=expires_at,
            revoked_at=None,
            revoked_reason=None,
            user_agent=user_agent[:500],
            ip=ip[:64],
        )
    )
    refresh_token = await _insert_refresh_token(uow, session_id=session_id, now=now)
    return session_id, expires_at, refresh_token


async def _insert_refresh_token(uow: UnitOfWork, *, session_id: uuid.UUID, now: datetime) -> str:
    """A new refresh token of the session; only its hash is stored."""
    tenant_id = uow.require_tenant()
    token = new_opaque_token(tenant_id)
    parsed = parse_opaque_token(token)
    assert parsed is not None
    conn = await uow.session.connection()
    await conn.execute(
        sa.insert(_TOKENS).values(
            tenant_id=tenant_id,
            id=new_id(),
            session_id=session_id,
            token_hash=parsed[1],
            created_at=now,
            spent_at=None,
        )
    )
    return token


@dataclass(frozen=True)
class Rotation:
    """A refresh's answer: the new pair and when the session ends."""

    access_token: str
    refresh_token: str
    session_expires_at: datetime


async def refresh(
    db: Database,
    *,
    auth: Authenticator,
    refresh_token: str,
    ip: str,
    request_id: str | None = None,
) -> Rotation:
    """Spend a refresh token for a new pair. A token spent before (or by a concurrent call)
    is a reuse: the whole session is revoked (RFC 9700 4.14).

    The most frequent write of the API. On PostgreSQL the success path is one statement on
    the driver's connection (`_ROTATE`); whenever it does not succeed outright (a spent or
    unknown token, an ended session, a disabled user, a suspended tenant) it changes nothing
    and the refresh is decided again in a unit of work by `rotate_refresh_token`, which
    answers every refusal (and is the whole path on SQLite)."""
    parsed = parse_opaque_token(refresh_token)
    if parsed is None:
        raise InvalidToken("The refresh token is not valid")
    tenant_id, token_hash = parsed
    if not db.is_sqlite:
        rotation = await _rotate_on_driver(
            db, auth=auth, tenant_id=tenant_id, token_hash=token_hash, ip=ip
        )
        if rotation is not None:
            return rotation
    async with db.unit_of_work(clock=auth.clock, request_id=request_id) as uow:
        uow.ip = ip
        return await rotate_refresh_token(
            uow, auth=auth, tenant_id=tenant_id, token_hash=token_hash, ip=ip
        )


# Spend the token, check everything a rotation needs (tenant open, session alive and not
# idle past the service's ceiling, user active) and, only if all holds, add the new token
# and touch the session; the row it returns is the session's. No row: nothing is kept (the
# caller rolls back) and the unit-of-work path decides. All in one round trip; data-modifying
# CTEs run to completion whether or not the final SELECT reads them. Every row is reached by
# its key (`= (SELECT ...)`, not a join), so the cached generic plan stays a handful of index
# look-ups however many sessions a tenant has.
_ROTATE = """
WITH spent AS (
    UPDATE refresh_tokens SET spent_at = $3
    WHERE tenant_id = $1 AND token_hash = $2 AND spent_at IS NULL
    RETURNING session_id
), live AS (
    SELECT s.id, s.user_id, s.expires_at, s.last_used_at
    FROM auth_sessions s
    WHERE s.tenant_id = $1 AND s.id = (SELECT session_id FROM spent)
      AND s.revoked_at IS NULL AND s.expires_at > $3 AND s.last_used_at + $4 > $3
      AND EXISTS (
          SELECT FROM users u WHERE u.tenant_id = $1 AND u.id = s.user_id AND u.is_active
      )
      AND EXISTS (SELECT FROM tenants t WHERE t.id = $1 AND t.status = 'active')
), issued AS (
    INSERT INTO refresh_tokens (tenant_id, id, session_id, token_hash, created_at, spent_at)
    SELECT $1, $5, live.id, $6, $3, NULL FROM live
), touched AS (
    UPDATE auth_sessions SET last_used_at = $3, ip = COALESCE(NULLIF($7, ''), ip)
    WHERE tenant_id = $1 AND id = (SELECT id FROM live)
)
SELECT id, user_id, expires_at, last_used_at FROM live
"""


class _NotOnTheFastPath(Exception):
    """Roll the driver transaction back: the unit-of-work path decides this refresh."""


async def _rotate_on_driver(
    db: Database, *, auth: Authenticator, tenant_id: uuid.UUID, token_hash: str, ip: str
) -> Rotation | None:
    now = auth.clock.now()
    ceiling = timedelta(seconds=auth.settings.session_idle_timeout_seconds)
    new_token = new_opaque_token(tenant_id)
    try:
        async with db.driver_transaction(tenant_id) as conn:
            row = await conn.fetchrow(
                _ROTATE, tenant_id, token_hash, now, ceiling, new_id(), hash_token(new_token),
                ip[:64],
            )  # fmt: skip
            if row is None:
                raise _NotOnTheFastPath
            idle_for = now - row["last_used_at"]
            if idle_for >= MIN_IDLE_TIMEOUT:  # the tenant may time sessions out sooner
                settings = await tenant_settings.get_tenant_settings_on(conn, tenant_id)
                if idle_for >= timedelta(minutes=settings.session_idle_timeout_minutes):
                    raise _NotOnTheFastPath
    except _NotOnTheFastPath:
        return None
    # asyncpg's UUIDs are `uuid.UUID`s already.
    access = auth.signer.issue(user_id=row["user_id"], tenant_id=tenant_id, session_id=row["id"])
    return Rotation(access, new_token, row["expires_at"])


async def rotate_refresh_token(
    uow: UnitOfWork,
    *,
    auth: Authenticator,
    tenant_id: uuid.UUID,
    token_hash: str,
    ip: str,
) -> Rotation:
    """The whole rotation, refusals included, in a unit of work: Core statements on the
    transaction's connection, each binding the tenant itself; the rare refusals go through
    the ORM."""
    try:
        await tenants.enter_open_tenant(uow, tenant_id)
    except TenantNotFound as exc:
        raise InvalidToken("The refresh token is not valid") from exc
    conn = await uow.session.connection()
    now = uow.clock.now()
    # Spend first (one conditional update), then look at the session: a spent token is a
    # reuse whatever became of its session since (a concurrent reuse may already have revoked
    # it), so every loser of a race answers `token_reused`, not sometimes `token_revoked`.
    session_id = (
        await conn.execute(
            sa.update(_TOKENS)
            .where(
                _TOKENS.c.tenant_id == tenant_id,
                _TOKENS.c.token_hash == token_hash,
                _TOKENS.c.spent_at.is_(None),
            )
            .values(spent_at=now)
            .returning(_TOKENS.c.session_id)
        )
    ).scalar_one_or_none()
    if session_id is None:
        await _refuse_spent_token(uow, auth=auth, tenant_id=tenant_id, token_hash=token_hash)
    session = (
        await conn.execute(
            sa.select(
                _SESSIONS.c.user_id,
                _SESSIONS.c.revoked_at,
                _SESSIONS.c.expires_at,
                _SESSIONS.c.last_used_at,
            ).where(_SESSIONS.c.tenant_id == tenant_id, _SESSIONS.c.id == session_id)
        )
    ).one()
    if session.revoked_at is not None:
        raise TokenRevoked("This session has ended")  # rolls the spending back
    idle_limit = session.last_used_at + await _idle_timeout(
        uow, auth, idle_for=now - session.last_used_at
    )
    if now >= session.expires_at or now >= idle_limit:
        ended = await uow.session.get(AuthSession, (tenant_id, session_id))
        assert ended is not None
        await _revoke_sessions(uow, auth=auth, sessions=[ended], reason="expired")
        raise SessionExpired("This session has expired; sign in again")
    if not await users.is_active(uow, session.user_id):
        raise AccountDisabled("This account is disabled")
    new_token = await _insert_refresh_token(uow, session_id=session_id, now=now)
    touched: dict[str, Any] = {"last_used_at": now}
    if ip:
        touched["ip"] = ip[:64]
    await conn.execute(
        sa.update(_SESSIONS)
        .where(_SESSIONS.c.tenant_id == tenant_id, _SESSIONS.c.id == session_id)
        .values(**touched)
    )
    access = auth.signer.issue(user_id=session.user_id, tenant_id=tenant_id, session_id=session_id)
    return Rotation(access, new_token, session.expires_at)


async def _refuse_spent_token(
    uow: UnitOfWork, *, auth: Authenticator, tenant_id: uuid.UUID, token_hash: str
) -> NoReturn:
    """An unknown token is invalid; a spent one is a reuse, which revokes its session (and
    that revocation commits with the 401)."""
    spent_session = await uow.session.scalar(
        sa.select(RefreshToken.session_id).where(RefreshToken.token_hash == token_hash)
    )
    if spent_session is None:
        raise InvalidToken("The refresh token is not valid")
    reused = await uow.session.get(AuthSession, (tenant_id, spent_session))
    assert reused is not None
    await _revoke_sessions(uow, auth=auth, sessions=[reused], reason="token_reused")
    raise TokenReused("This refresh token was already used; the session is revoked")


# --- the authenticated caller ----------------------------------------------------------------


def tenant_suspended_key(tenant_id: uuid.UUID) -> str:
    return f"tenant-suspended:{tenant_id}"


@dataclass(frozen=True)
class Authenticated:
    """What one cache round trip tells about the caller: what they may do and, when warm,
    the profile and tenant reference /auth/me shows."""

    authz: Authorization
    profile: dict[str, Any] | None = None
    tenant: dict[str, str] | None = None


async def authenticate(db: Database, auth: Authenticator, claims: AccessClaims) -> Authenticated:
    """Refuse the access token of a revoked session or a suspended tenant, and return what
    the caller may do. Warm, this is one cache round trip; if the cache can't answer, the
    database is asked instead (the check is never skipped)."""
    tid, uid = claims.tenant_id, claims.user_id
    authz_key = rbac.authorization_cache_key(tid, uid)
    try:
        denied, suspended, cached, profile, tenant = await auth.cache.get_many(
            auth._denylist_key(claims.session_id),
            tenant_suspended_key(tid),
            authz_key,
            users.profile_cache_key(tid, uid),
            tenants.ref_cache_key(tid),
        )
    except CacheUnavailable:
        log.warning("cache_unavailable_checking_database")
        return Authenticated(
            await _authenticate_from_database(db, auth, claims, check_session=True)
        )
    if denied is not None:
        raise TokenRevoked("This session has ended")
    if suspended is not None:
        raise TenantSuspended("This tenant is suspended")
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
    )


async def _authenticate_from_database(
    db: Database, auth: Authenticator, claims: AccessClaims, *, check_session: bool
) -> Authorization:
    async with db.unit_of_work(clock=auth.clock, tenant_id=claims.tenant_id, write=False) as uow:
        if check_session:
            session = await uow.session.get(AuthSession, (claims.tenant_id, claims.session_id))
            if session is None or session.revoked_at is not None:
                raise TokenRevoked("This session has ended")
        tenant = await tenants.get(uow, claims.tenant_id)
        if tenant is None:
            raise InvalidToken("The tenant of this token no longer exists")
        if tenant.status != "active":
            raise TenantSuspended("This tenant is suspended")
        return await rbac.load_authorization(
            uow, claims.user_id, is_operator=tenant.slug == tenants.PLATFORM_SLUG
        )


async def identity(
    db: Database,
    *,
    auth: Authenticator,
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


# --- sessions --------------------------------------------------------------------------------


async def _revoke_sessions(
    uow: UnitOfWork, *, auth: Authenticator, sessions: list[AuthSession], reason: str
) -> list[uuid.UUID]:
    now = uow.clock.now()
    revoked = []
    for session in sessions:
        if session.revoked_at is None:
            session.revoked_at = now
            session.revoked_reason = reason
            revoked.append(session.id)
    if revoked:
        ids = list(revoked)

        async def _deny() -> None:
            await auth.deny_sessions(ids)

        uow.after_commit(_deny)
    return revoked


async def revoke_user_sessions(
    uow: UnitOfWork,
    *,
    auth: Authenticator,
    user_id: uuid.UUID,
    reason: str,
    keep: uuid.UUID | None = None,
) -> int:
    """End every session of a user (but `keep`); used by logout-all, password change and
    reset, and deactivation."""
    stmt = sa.select(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
    )
    sessions = [s for s in (await uow.session.scalars(stmt)).all() if s.id != keep]
    return len(await _revoke_sessions(uow, auth=auth, sessions=sessions, reason=reason))


async def logout(uow: UnitOfWork, *, auth: Authenticator, claims: AccessClaims) -> None:
    session = await uow.session.get(AuthSession, (claims.tenant_id, claims.session_id))
    if session is not None:
        await _revoke_sessions(uow, auth=auth, sessions=[session], reason="logout")
    record_event(
        uow,
        "user.logged_out",
        {"user_id": str(claims.user_id), "session_id": str(claims.session_id)},
    )


async def logout_all(uow: UnitOfWork, *, auth: Authenticator, claims: AccessClaims) -> int:
    count = await revoke_user_sessions(uow, auth=auth, user_id=claims.user_id, reason="logout_all")
    record_event(
        uow,
        "user.logged_out",
        {"user_id": str(claims.user_id), "all_sessions": True, "count": count},
    )
    return count


async def list_sessions(
    uow: UnitOfWork, *, auth: Authenticator, user_id: uuid.UUID, page: PageParams
) -> tuple[list[AuthSession], str | None]:
    """The user's live sessions, newest first, and the cursor of the next page."""
    now = uow.clock.now()
    idle_cutoff = now - await _idle_timeout(uow, auth)
    stmt = sa.select(AuthSession).where(
        AuthSession.user_id == user_id,
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > now,
        AuthSession.last_used_at > idle_cutoff,
    )
    return await fetch_page(uow.session, stmt, page, AuthSession.id, newest_first=True)


MIN_IDLE_TIMEOUT = timedelta(minutes=5)  # the shortest a tenant may set


async def _idle_timeout(
    uow: UnitOfWork, auth: Authenticator, *, idle_for: timedelta | None = None
) -> timedelta:
    """The tenant's session idle timeout, never longer than the service's. A session idle
    for less than the shortest timeout a tenant may set can't have timed out: no need to
    read the settings (the common case of a busy client refreshing)."""
    ceiling = timedelta(seconds=auth.settings.session_idle_timeout_seconds)
    if idle_for is not None and idle_for < MIN_IDLE_TIMEOUT:
        return min(MIN_IDLE_TIMEOUT, ceiling)
    minutes = (await tenant_settings.get_tenant_settings(uow)).session_idle_timeout_minutes
    return min(timedelta(minutes=minutes), ceiling)


async def revoke_session(
    uow: UnitOfWork, *, auth: Authenticator, user_id: uuid.UUID, session_id: uuid.UUID
) -> None:
    session = await uow.session.get(AuthSession, (uow.require_tenant(), session_id))
    if session is None or session.user_id != user_id or session.revoked_at is not None:
        raise SessionNotFound("No active session of yours has this id")
    await _revoke_sessions(uow, auth=auth, sessions=[session], reason="revoked")
    record_event(
        uow, "user.session_revoked", {"user_id": str(user_id), "session_id": str(session_id)}
    )


# --- single-use email tokens -----------------------------------------------------------------


async def _issue_one_time_token(
    uow: UnitOfWork, *, user: User, purpose: TokenPurpose, ttl_seconds: int
) -> str:
    token = new_opaque_token(uow.require_tenant())
    parsed = parse_opaque_token(token)
    assert parsed is not None
    now = uow.clock.now()
    uow.session.add(
        OneTimeToken(
            id=new_id(),
            user_id=user.id,
            purpose=purpose.value,
            token_hash=parsed[1],
            created_at=now,
            expires_at=now + timedelta(seconds=ttl_seconds),
            used_at=None,
        )
    )
    return token


async def _email_one_time_token(
    uow: UnitOfWork,
    *,
    auth: Authenticator,
    user: User,
    purpose: TokenPurpose,
    ttl_seconds: int,
    compose: Callable[[str, str, int], OutgoingEmail],
) -> None:
    """Issue a single-use token and email it once the transaction has committed."""
    token = await _issue_one_time_token(uow, user=user, purpose=purpose, ttl_seconds=ttl_seconds)
    message = compose(user.email, token, ttl_seconds)

    async def _send() -> None:
        auth.send_later(message)

    uow.after_commit(_send)


async def _send_verification(uow: UnitOfWork, *, auth: Authenticator, user: User) -> None:
    await _email_one_time_token(
        uow,
        auth=auth,
        user=user,
        purpose=TokenPurpose.VERIFY_EMAIL,
        ttl_seconds=auth.settings.email_verification_ttl_seconds,
        compose=verification_email,
    )


async def _spend_one_time_token(uow: UnitOfWork, *, token: str, purpose: TokenPurpose) -> User:
    """Check a single-use token and spend it; any failure is the same `invalid_email_token`."""
    parsed = parse_opaque_token(token)
    if parsed is None:
        raise InvalidOneTimeToken("The token is not valid or has expired")
    tenant_id, token_hash = parsed
    try:
        await tenants.enter_tenant_of_session(uow, tenant_id)
    except (TenantNotFound, TenantSuspended) as exc:
        raise InvalidOneTimeToken("The token is not valid or has expired") from exc
    now = uow.clock.now()
    spent = await uow.session.execute(
        sa.update(OneTimeToken)
        .where(
            OneTimeToken.token_hash == token_hash,
            OneTimeToken.purpose == purpose.value,
            OneTimeToken.used_at.is_(None),
            OneTimeToken.expires_at > now,
        )
        .values(used_at=now)
        .returning(OneTimeToken.user_id)
        .execution_options(synchronize_session=False)
    )
    user_id = spent.scalar_one_or_none()
    if user_id is None:
        raise InvalidOneTimeToken("The token is not valid or has expired")
    user = await users.get(uow, user_id)
    if not user.is_active:
        raise InvalidOneTimeToken("The token is not valid or has expired")
    return user


async def verify_email(uow: UnitOfWork, *, auth: Authenticator, token: str) -> User:
    user = await _spend_one_time_token(uow, token=token, purpose=TokenPurpose.VERIFY_EMAIL)
    if not user.email_verified:
        await users.mark_email_verified(uow, user)
        users.forget_profiles(uow, auth.cache, [user.id])
        record_event(uow, "user.email_verified", {"user_id": str(user.id), "email": user.email})
    return user


async def resend_verification(uow: UnitOfWork, *, auth: Authenticator, user_id: uuid.UUID) -> None:
    user = await users.get(uow, user_id)
    if user.email_verified:
        raise EmailAlreadyVerified("This email address is already verified")
    await _send_verification(uow, auth=auth, user=user)


async def request_password_reset(
    uow: UnitOfWork, *, auth: Authenticator, tenant_slug: str, email: str
) -> None:
    """Email a reset token if the account exists; the caller answers 202 either way."""
    tenant = await tenants.get_by_slug(uow, tenant_slug)
    if tenant is None or tenant.status != "active":
        return
    await uow.set_tenant(tenant.id)
    user = await users.find_by_email(uow, email)
    if user is None or not user.is_active:
        return
    key = f"reset:{tenant.id}:{user.email_normalized}"
    if not await auth.limiter.allow(key, limit=5, window=3600):
        log.info("password_reset_throttled", user_id=str(user.id))
        return
    await _email_one_time_token(
        uow,
        auth=auth,
        user=user,
        purpose=TokenPurpose.PASSWORD_RESET,
        ttl_seconds=auth.settings.password_reset_ttl_seconds,
        compose=password_reset_email,
    )
    record_event(uow, "user.password_reset_requested", {"user_id": str(user.id)})


async def confirm_password_reset(
    uow: UnitOfWork, *, auth: Authenticator, token: str, new_password: str
) -> None:
    user = await _spend_one_time_token(uow, token=token, purpose=TokenPurpose.PASSWORD_RESET)
    check_password_policy(new_password, email=user.email)
    await users.set_password_hash(uow, user, await auth.hashing.hash(new_password))
    # Other reset tokens of this user die with this one.
    await uow.session.execute(
        sa.update(OneTimeToken)
        .where(
            OneTimeToken.user_id == user.id,
            OneTimeToken.purpose == TokenPurpose.PASSWORD_RESET.value,
            OneTimeToken.used_at.is_(None),
        )
        .values(used_at=uow.clock.now())
        .execution_options(synchronize_session=False)
    )
    await revoke_user_sessions(uow, auth=auth, user_id=user.id, reason="password_reset")
    record_event(uow, "user.password_reset", {"user_id": str(user.id)})


async def change_password(
    uow: UnitOfWork,
    *,
    auth: Authenticator,
    claims: AccessClaims,
    current_password: str,
    new_password: str,
    ip: str,
) -> None:
    from olympus.auth.errors import InvalidCurrentPassword

    user = await users.get(uow, claims.user_id)
    tenant = await tenants.get(uow, claims.tenant_id)
    slug = tenant.slug if tenant else ""
    await auth.limiter.check(tenant=slug, email=user.email, ip=ip)
    if not await auth.hashing.verify(user.password_hash, current_password):
        await auth.limiter.record_failure(tenant=slug, email=user.email, ip=ip)
        raise InvalidCurrentPassword("The current password is wrong")
    check_password_policy(new_password, email=user.email, context=(slug,))
    if new_password == current_password:
        from olympus.auth.errors import WeakPassword

        raise WeakPassword("The new password must differ from the current one")
    await users.set_password_hash(uow, user, await auth.hashing.hash(new_password))
    await revoke_user_sessions(
        uow, auth=auth, user_id=user.id, reason="password_changed", keep=claims.session_id
    )
    record_event(uow, "user.password_changed", {"user_id": str(user.id)})


async def warm_denylist(db: Database, auth: Authenticator) -> int:
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


# --- invitations --------------------------------------------------------------------------

UNUSABLE_PASSWORD = "!"  # no Argon2 hash: nothing verifies against it
INVITATION_TTL_SECONDS = 7 * 86400


async def invite_user(
    uow: UnitOfWork, *, auth: Authenticator, email: str, full_name: str = ""
) -> User:
    """A user created by an administrator without a password: they receive a single-use
    token (7 days) to choose one through POST /auth/password-reset/confirm."""
    email = _valid_email(email)
    user = await users.create_user(
        uow, email=email, password_hash=UNUSABLE_PASSWORD, full_name=full_name
    )
    await _email_one_time_token(
        uow,
        auth=auth,
        user=user,
        purpose=TokenPurpose.PASSWORD_RESET,
        ttl_seconds=INVITATION_TTL_SECONDS,
        compose=invitation_email,
    )
    record_event(uow, "user.invited", {"user_id": str(user.id), "email": user.email})
    return user


async def prune_ended_sessions(
    uow: UnitOfWork, *, older_than_days: int, idle_timeout_seconds: int
) -> int:
    """Delete sessions that ended (revoked or expired) more than `older_than_days` ago,
    their refresh tokens with them, and single-use tokens used or expired as long ago."""
    cutoff = uow.clock.now() - timedelta(days=older_than_days)
    sessions = await uow.session.execute(
        sa.delete(AuthSession)
        .where(
            sa.or_(
                AuthSession.revoked_at < cutoff,
                AuthSession.expires_at < cutoff,
                AuthSession.last_used_at < cutoff - timedelta(seconds=idle_timeout_seconds),
            )
        )
        .execution_options(synchronize_session=False)
    )
    tokens = await uow.session.execute(
        sa.delete(OneTimeToken)
        .where(sa.or_(OneTimeToken.used_at < cutoff, OneTimeToken.expires_at < cutoff))
        .execution_options(synchronize_session=False)
    )
    return int(sessions.rowcount) + int(tokens.rowcount)  # type: ignore[attr-defined]
