"""The second step of a sign-in with a code (`mfa_token` + a TOTP or recovery code), in
transactions of its own like sign-in: the step opened after a right password, the code
checked, the session opened; and, for sign-in, the deadline of a tenant's requirement."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from olympus.auth import totp
from olympus.auth.errors import (
    AccountDisabled,
    InvalidMfaCode,
    InvalidMfaToken,
)
from olympus.auth.models import (
    MfaChallenge,
    MfaFactor,
    Passkey,
    RecoveryCode,
)
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.email_tokens import alert_new_device
from olympus.auth.service.mfa import AMR_WITH_CODE, MfaPolicy, deadline_in, find_totp_factor
from olympus.auth.service.sessions import open_session
from olympus.auth.tokens import hash_token, new_opaque_token, parse_opaque_token
from olympus.core.db import Database, ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.security_events.models import SecurityEventKind
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound, TenantSuspended
from olympus.platform.users import service as users
from olympus.platform.users.models import Credentials, User

MFA_TOKEN_TTL = timedelta(minutes=5)
# Wrong codes one sign-in step takes before it is spent (the account's lockout counts them
# too, across steps).
MAX_CODE_ATTEMPTS = 5
METHODS = ["totp", "passkey", "recovery_code"]


@dataclass(frozen=True)
class MfaChallengeIssued:
    """The answer of a right password when the user has a second factor."""

    user: Credentials
    mfa_token: str
    expires_at: datetime
    methods: list[str]


@dataclass(frozen=True)
class MfaSignIn:
    """A completed second step: the new session and its token pair."""

    user: User
    session_id: uuid.UUID
    session_expires_at: datetime
    access_token: str
    refresh_token: str
    method: str


async def enrolment_deadline(
    db: Database,
    *,
    auth: AuthComponents,
    user: Credentials,
    policy: MfaPolicy,
    request_id: str | None,
) -> datetime | None:
    """For sign-in (in a short reading transaction of its own): until when this user, who
    has no second factor, may sign in without one; None if their tenant does not require
    one of them."""
    async with db.unit_of_work(
        clock=auth.clock, tenant_id=user.tenant_id, write=False, request_id=request_id
    ) as uow:
        return await deadline_in(uow, user_id=user.id, created_at=user.created_at, policy=policy)


async def open_challenge(
    db: Database,
    *,
    auth: AuthComponents,
    user: Credentials,
    rehashed: str | None,
    ip: str,
    user_agent: str,
    request_id: str | None,
) -> MfaChallengeIssued:
    """The password was right and the user has a second factor: a single-use `mfa_token`
    for this sign-in, valid a few minutes, and no session yet."""
    token = new_opaque_token(user.tenant_id)
    async with db.unit_of_work(
        clock=auth.clock, tenant_id=user.tenant_id, request_id=request_id
    ) as uow:
        uow.ip = ip
        if not await users.hold_if_active(uow, user.id):
            raise AccountDisabled("This account is disabled")
        if rehashed is not None:
            await users.set_password_hash_of(uow, user.id, rehashed)
        now = uow.clock.now()
        expires_at = now + MFA_TOKEN_TTL
        uow.session.add(
            MfaChallenge(
                id=new_id(),
                user_id=user.id,
                token_hash=hash_token(token),
                created_at=now,
                expires_at=expires_at,
                used_at=None,
                failed_attempts=0,
                ip=ip[:64],
                user_agent=user_agent[:500],
            )
        )
        methods = await _methods_of(uow, user.id)
    return MfaChallengeIssued(user, token, expires_at, methods)


async def _methods_of(uow: ReadUnitOfWork, user_id: uuid.UUID) -> list[str]:
    """What the second step of this user's sign-in accepts, in `METHODS` order."""
    totp_factor = await find_totp_factor(uow, user_id)
    has_passkey = await uow.session.scalar(
        sa.select(Passkey.id).where(Passkey.user_id == user_id).limit(1)
    )
    held = {"recovery_code"}
    if totp_factor is not None and totp_factor.confirmed_at is not None:
        held.add("totp")
    if has_passkey is not None:
        held.add("passkey")
    return [m for m in METHODS if m in held]


async def verify_challenge(
    db: Database,
    *,
    auth: AuthComponents,
    mfa_token: str,
    code: str,
    ip: str,
    user_agent: str,
    request_id: str | None = None,
) -> MfaSignIn:
    """Complete a sign-in with a TOTP code or a recovery code. A wrong code counts against
    the step (spent after `MAX_CODE_ATTEMPTS`) and the account's sign-in lockout; a code is
    accepted once; the step itself works once."""
    parsed = parse_opaque_token(mfa_token)
    if parsed is None:
        raise InvalidMfaToken("The sign-in step is not valid or has expired; sign in again")
    tenant_id, token_hash = parsed
    async with db.unit_of_work(clock=auth.clock, request_id=request_id) as uow:
        uow.ip = ip
        try:
            tenant = await tenants.enter_tenant_of_session(uow, tenant_id)
        except (TenantNotFound, TenantSuspended) as exc:
            raise InvalidMfaToken("The sign-in step is not valid or has expired") from exc
        now = uow.clock.now()
        # Locked: two attempts at one step take turns, so only one can spend it.
        challenge = (
            await uow.session.scalars(
                sa.select(MfaChallenge)
                .where(MfaChallenge.token_hash == token_hash)
                .with_for_update()
            )
        ).one_or_none()
        if challenge is None or challenge.used_at is not None or challenge.expires_at <= now:
            raise InvalidMfaToken("The sign-in step is not valid or has expired; sign in again")
        user = await users.get(uow, challenge.user_id)
        if not user.is_active:
            raise AccountDisabled("This account is disabled")
        failures_on_record = await auth.limiter.check(tenant=tenant.slug, email=user.email, ip=ip)
        method = await _accept_code(uow, auth=auth, user_id=user.id, code=code.strip(), now=now)
        if method is None:
            challenge.failed_attempts += 1
            if challenge.failed_attempts >= MAX_CODE_ATTEMPTS:
                challenge.used_at = now
            locked = await auth.limiter.record_failure(tenant=tenant.slug, email=user.email, ip=ip)
            _record_failure(auth, uow, user, tenant.slug, ip, user_agent, locked)
            raise InvalidMfaCode("The code is wrong or was already used")
        challenge.used_at = now
        if failures_on_record:
            await auth.limiter.record_success(tenant=tenant.slug, email=user.email)
        session_id, expires_at, refresh_token = await open_session(
            uow,
            auth=auth,
            user_id=user.id,
            ip=ip,
            user_agent=challenge.user_agent or user_agent,
            amr=AMR_WITH_CODE,
        )
        record_event(
            uow,
            "user.logged_in",
            {"user_id": str(user.id), "session_id": str(session_id), "ip": ip[:64], "mfa": method},
        )
    access = auth.signer.issue(
        user_id=user.id, tenant_id=tenant_id, session_id=session_id, amr=AMR_WITH_CODE
    )
    auth.run_later(
        alert_new_device(
            db, auth=auth, tenant_id=tenant_id, user_id=user.id, email=user.email,
            session_id=session_id, user_agent=challenge.user_agent or user_agent, ip=ip,
        )
    )  # fmt: skip
    return MfaSignIn(user, session_id, expires_at, access, refresh_token, method)


async def _accept_code(
    uow: WriteUnitOfWork, *, auth: AuthComponents, user_id: uuid.UUID, code: str, now: datetime
) -> str | None:
    """Spend the code if it is good: a TOTP code of a step later than the last accepted
    (one conditional update, so a replay, even concurrent, fails), or an unused recovery
    code. The method that worked, or None."""
    if totp.looks_like_totp(code):
        factor = await find_totp_factor(uow, user_id)
        if factor is None or factor.confirmed_at is None:
            return None
        try:
            secret = auth.totp_keys.open(factor.secret_encrypted)
        except ValueError:  # sealed under a signing key since replaced: recovery codes only
            return None
        step = totp.matching_step(secret, code, now)
        if step is None:
            return None
        spent = await uow.session.execute(
            sa.update(MfaFactor)
            .where(
                MfaFactor.id == factor.id,
                sa.or_(MfaFactor.last_used_step.is_(None), MfaFactor.last_used_step < step),
            )
            .values(last_used_step=step, last_used_at=now)
            .execution_options(synchronize_session=False)
        )
        return "totp" if spent.rowcount == 1 else None  # type: ignore[attr-defined]
    if not 8 <= len(totp.normalise_recovery_code(code)) <= 20:
        return None
    used = await uow.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == auth.totp_keys.recovery_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return "recovery_code" if used.rowcount == 1 else None  # type: ignore[attr-defined]


def _record_failure(
    auth: AuthComponents,
    uow: WriteUnitOfWork,
    user: User,
    slug: str,
    ip: str,
    user_agent: str,
    locked: list[str],
) -> None:
    kinds = [SecurityEventKind.LOGIN_FAILED]
    kinds += [
        {"acct": SecurityEventKind.ACCOUNT_LOCKED, "ip": SecurityEventKind.ADDRESS_LOCKED}[scope]
        for scope in locked
    ]
    for kind in kinds:
        auth.security_events.record(
            kind,
            tenant_id=user.tenant_id,
            tenant_slug=slug,
            user_id=user.id,
            email=user.email,
            ip=ip,
            user_agent=user_agent,
            reason="wrong_mfa_code",
            request_id=uow.request_id,
        )
