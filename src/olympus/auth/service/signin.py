"""Sign-in, in transactions of its own: a short read finds the user, the password hash is
checked with no transaction open (so no pooled connection waits on it), and a short write
opens the session. On PostgreSQL both run on the driver's connection; on SQLite as Core
statements in units of work."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from olympus.auth import repository
from olympus.auth.errors import (
    AccountDisabled,
    EmailNotVerified,
    InvalidCredentials,
    TooManyAttempts,
)
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.email_tokens import alert_new_device
from olympus.auth.service.mfa import ENROLMENT_SCOPE, MfaPolicy
from olympus.auth.service.mfa_signin import MfaChallengeIssued, enrolment_deadline, open_challenge
from olympus.auth.service.sessions import open_session
from olympus.auth.tokens import hash_token, new_opaque_token
from olympus.core.db import Database, new_id
from olympus.core.events import insert_event_on, record_event, wake_relay
from olympus.platform.security_events.models import SecurityEventKind
from olympus.platform.settings import service as tenant_settings
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantSuspended
from olympus.platform.users import service as users
from olympus.platform.users.models import Credentials


@dataclass
class LoginResult:
    user: Credentials
    session_id: uuid.UUID
    session_expires_at: datetime
    access_token: str
    refresh_token: str
    # Set when the tenant requires a second factor this user lacks: until then the user
    # is told; after it the session may only enrol one (`scope`).
    mfa_enrollment_deadline: datetime | None = None
    scope: str | None = None


async def login(
    db: Database,
    *,
    auth: AuthComponents,
    tenant_slug: str,
    email: str,
    password: str,
    ip: str,
    user_agent: str,
    request_id: str | None = None,
) -> LoginResult | MfaChallengeIssued:
    """Sign in with email and password. Every failure goes to the security event log (in
    a transaction of its own, after the answer: see `SecurityEventRecorder`). A user with a
    second factor gets a single-use `mfa_token` for the second step instead of a session
    (and their failures stay on record until that step succeeds)."""
    attempt = _Attempt(auth, tenant_slug, email, ip, user_agent, request_id)
    try:
        failures_on_record = await auth.limiter.check(tenant=tenant_slug, email=email, ip=ip)
    except TooManyAttempts:
        attempt.failed("locked")
        raise
    found = await _find_sign_in(db, auth, tenant_slug, email, request_id)
    if found is None:
        # Unknown tenant or email: spend the time of a verification all the same.
        await auth.hashing.verify_dummy(password)
        locked = await auth.limiter.record_failure(tenant=tenant_slug, email=email, ip=ip)
        attempt.failed("unknown_account", locked=locked)
        raise InvalidCredentials("The email or password is wrong")
    user, tenant_open, must_verify, policy = found
    if not await auth.hashing.verify(user.password_hash, password):
        locked = await auth.limiter.record_failure(tenant=tenant_slug, email=email, ip=ip)
        attempt.failed("wrong_password", user=user, locked=locked)
        raise InvalidCredentials("The email or password is wrong")
    if not tenant_open:
        raise TenantSuspended("This tenant is suspended")  # it signs nobody in
    if not user.is_active:
        attempt.failed("account_disabled", user=user)
        raise AccountDisabled("This account is disabled")
    if must_verify:
        raise EmailNotVerified("Verify your email address before signing in")
    rehashed = None
    if auth.hashing.needs_rehash(user.password_hash):
        rehashed = await auth.hashing.hash(password)
    if user.mfa_enabled:
        return await open_challenge(
            db, auth=auth, user=user, rehashed=rehashed, ip=ip, user_agent=user_agent,
            request_id=request_id,
        )  # fmt: skip
    if failures_on_record:
        await auth.limiter.record_success(tenant=tenant_slug, email=email)
    deadline: datetime | None = None
    scope: str | None = None
    if policy.roles:  # only tenants that require a second factor pay for this look-up
        deadline = await enrolment_deadline(
            db, auth=auth, user=user, policy=policy, request_id=request_id
        )
        if deadline is not None and auth.clock.now() >= deadline:
            scope = ENROLMENT_SCOPE
    if db.is_sqlite:
        started = await _start_session(
            db, auth=auth, user=user, rehashed=rehashed, ip=ip, user_agent=user_agent,
            request_id=request_id, scope=scope,
        )  # fmt: skip
    else:
        started = await _start_session_on_driver(
            db, auth=auth, user=user, rehashed=rehashed, ip=ip, user_agent=user_agent,
            scope=scope,
        )  # fmt: skip
    session_id, expires_at, refresh_token = started
    access = auth.signer.issue(
        user_id=user.id, tenant_id=user.tenant_id, session_id=session_id, scope=scope
    )
    auth.run_later(
        alert_new_device(
            db, auth=auth, tenant_id=user.tenant_id, user_id=user.id, email=user.email,
            session_id=session_id, user_agent=user_agent, ip=ip,
        )
    )  # fmt: skip
    return LoginResult(user, session_id, expires_at, access, refresh_token, deadline, scope)


@dataclass(frozen=True)
class _Attempt:
    """A sign-in attempt, as the security event log records its failures: the email only
    as the recorder's keyed hash and masked form, never the password."""

    auth: AuthComponents
    tenant_slug: str
    email: str
    ip: str
    user_agent: str
    request_id: str | None

    def failed(
        self, reason: str, *, user: Credentials | None = None, locked: list[str] | None = None
    ) -> None:
        kinds = [SecurityEventKind.LOGIN_FAILED]
        kinds += [_LOCKED[scope] for scope in locked or ()]
        for kind in kinds:
            self.auth.security_events.record(
                kind,
                tenant_id=user.tenant_id if user else None,
                tenant_slug=self.tenant_slug,
                user_id=user.id if user else None,
                email=self.email,
                ip=self.ip,
                user_agent=self.user_agent,
                reason=reason,
                request_id=self.request_id,
            )


_LOCKED = {"acct": SecurityEventKind.ACCOUNT_LOCKED, "ip": SecurityEventKind.ADDRESS_LOCKED}


def _logged_in(user_id: uuid.UUID, session_id: uuid.UUID, ip: str) -> dict[str, str]:
    return {"user_id": str(user_id), "session_id": str(session_id), "ip": ip[:64]}


async def _start_session(
    db: Database,
    *,
    auth: AuthComponents,
    user: Credentials,
    rehashed: str | None,
    ip: str,
    user_agent: str,
    request_id: str | None,
    scope: str | None,
) -> tuple[uuid.UUID, datetime, str]:
    """The write of a sign-in: the session, its first refresh token and `user.logged_in`,
    unless the user was deactivated meanwhile (the check holds until commit: see
    `users.hold_if_active`)."""
    async with db.unit_of_work(
        clock=auth.clock, tenant_id=user.tenant_id, request_id=request_id
    ) as uow:
        uow.ip = ip
        if not await users.hold_if_active(uow, user.id):
            raise AccountDisabled("This account is disabled")
        if rehashed is not None:
            await users.set_password_hash_of(uow, user.id, rehashed)
        session_id, expires_at, refresh_token = await open_session(
            uow, auth=auth, user_id=user.id, ip=ip, user_agent=user_agent, scope=scope
        )
        record_event(uow, "user.logged_in", _logged_in(user.id, session_id, ip))
    return session_id, expires_at, refresh_token


async def _start_session_on_driver(
    db: Database,
    *,
    auth: AuthComponents,
    user: Credentials,
    rehashed: str | None,
    ip: str,
    user_agent: str,
    scope: str | None,
) -> tuple[uuid.UUID, datetime, str]:
    """`_start_session` on PostgreSQL, on the driver's connection."""
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
        await repository.open_session_on(
            conn, tenant_id, session_id=session_id, user_id=user.id, now=now,
            expires_at=expires_at, ip=ip, user_agent=user_agent,
            token_hash=hash_token(refresh_token), scope=scope,
        )  # fmt: skip
        await insert_event_on(
            conn, tenant_id, "user.logged_in", _logged_in(user.id, session_id, ip), now
        )
    await wake_relay()
    return session_id, expires_at, refresh_token


async def _find_sign_in(
    db: Database, auth: AuthComponents, tenant_slug: str, email: str, request_id: str | None
) -> tuple[Credentials, bool, bool, MfaPolicy] | None:
    """The user signing in, whether their tenant is open, whether they must verify their
    email first and the tenant's second-factor policy; None for an unknown tenant or
    email."""
    if not db.is_sqlite and db.statements_outside_transactions:
        return await _find_sign_in_on_driver(db, tenant_slug, email)
    async with db.unit_of_work(clock=auth.clock, write=False, request_id=request_id) as uow:
        tenant = await tenants.find_id_and_status_by_slug(uow, tenant_slug)
        if tenant is None:
            return None
        tenant_id, status = tenant
        await uow.set_tenant(tenant_id)
        user = await users.find_credentials(uow, email)
        if user is None:
            return None
        settings = await tenant_settings.get_tenant_settings(uow)
        must_verify = not user.email_verified and settings.require_email_verification
        return user, tenants.is_open(status), must_verify, MfaPolicy.of(settings)


async def _find_sign_in_on_driver(
    db: Database, tenant_slug: str, email: str
) -> tuple[Credentials, bool, bool, MfaPolicy] | None:
    async with db.driver_connection() as conn:
        tenant = await tenants.find_id_and_status_by_slug_on(conn, tenant_slug)
        if tenant is None:
            return None
        tenant_id, status = tenant
        async with db.driver_transaction(tenant_id, conn=conn):
            user = await users.find_credentials_on(conn, tenant_id, email)
            if user is None:
                return None
            settings = await tenant_settings.get_tenant_settings_on(conn, tenant_id)
            must_verify = not user.email_verified and settings.require_email_verification
    return user, tenants.is_open(status), must_verify, MfaPolicy.of(settings)
