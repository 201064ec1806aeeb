"""The second factor: enrolling a TOTP authenticator (with its recovery codes), removing
it, and the second step of a sign-in (`mfa_token` + a code). Enrolment runs in the request's
unit of work; the second step of sign-in opens its own transaction, like sign-in."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from olympus.auth import totp
from olympus.auth.errors import (
    AccountDisabled,
    InvalidCurrentPassword,
    InvalidMfaCode,
    InvalidMfaToken,
    InvalidTotpCode,
    MfaAlreadyEnrolled,
    MfaNotEnrolled,
    MfaSetupNotStarted,
)
from olympus.auth.models import (
    AuthSession,
    FactorKind,
    MfaChallenge,
    MfaFactor,
    Passkey,
    RecoveryCode,
)
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.email_tokens import alert_new_device, send_security_notice
from olympus.auth.service.sessions import open_session, revoke_user_sessions
from olympus.auth.tokens import AccessClaims, hash_token, new_opaque_token, parse_opaque_token
from olympus.core.db import Database, ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.rbac import service as rbac
from olympus.platform.security_events.models import SecurityEventKind
from olympus.platform.settings import service as tenant_settings
from olympus.platform.settings.schemas import TenantSettings
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound, TenantSuspended
from olympus.platform.users import service as users
from olympus.platform.users.models import Credentials, User

# A session signed in past the grace period of a tenant's second-factor requirement: it
# may only enrol a factor (`auth.dependencies` refuses every other route).
ENROLMENT_SCOPE = "mfa_enrolment"
MFA_TOKEN_TTL = timedelta(minutes=5)
# Wrong codes one sign-in step takes before it is spent (the account's lockout counts them
# too, across steps).
MAX_CODE_ATTEMPTS = 5
METHODS = ["totp", "passkey", "recovery_code"]
AMR_WITH_CODE = "pwd otp"


@dataclass(frozen=True)
class MfaPolicy:
    """A tenant's second-factor requirement: the roles it applies to, the grace period and
    when it began."""

    roles: frozenset[str]
    grace: timedelta
    since: datetime | None

    @classmethod
    def of(cls, settings: TenantSettings) -> "MfaPolicy":
        return cls(
            frozenset(settings.mfa_required_roles),
            timedelta(days=settings.mfa_grace_period_days),
            settings.mfa_required_since,
        )

    def deadline_for(self, roles: set[str], created_at: datetime) -> datetime | None:
        """Until when a user holding `roles`, created at `created_at`, may sign in without a
        second factor; None when the requirement does not apply to them."""
        if not self.roles & roles:
            return None
        began = max(self.since, created_at) if self.since else created_at
        return began + self.grace


@dataclass(frozen=True)
class MfaStatus:
    totp: MfaFactor | None
    totp_pending: bool
    recovery_codes_left: int
    enrollment_deadline: datetime | None
    passkeys: list[Passkey]


@dataclass(frozen=True)
class TotpSetup:
    secret: str
    otpauth_uri: str


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


async def _factor(uow: ReadUnitOfWork, user_id: uuid.UUID) -> MfaFactor | None:
    stmt = sa.select(MfaFactor).where(
        MfaFactor.user_id == user_id, MfaFactor.kind == FactorKind.TOTP.value
    )
    return (await uow.session.scalars(stmt)).one_or_none()


async def mfa_status(uow: ReadUnitOfWork, *, user_id: uuid.UUID) -> MfaStatus:
    factor = await _factor(uow, user_id)
    left = await uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(RecoveryCode)
        .where(
            RecoveryCode.tenant_id == uow.require_tenant(),
            RecoveryCode.user_id == user_id,
            RecoveryCode.used_at.is_(None),
        )
    )
    confirmed = factor if factor is not None and factor.confirmed_at is not None else None
    passkeys = list(
        (
            await uow.session.scalars(
                sa.select(Passkey)
                .where(Passkey.user_id == user_id)
                .order_by(Passkey.created_at, Passkey.id)
            )
        ).all()
    )
    deadline = None
    if confirmed is None and not passkeys:
        user = await users.get(uow, user_id)
        deadline = await _deadline_in(uow, user_id=user_id, created_at=user.created_at)
    pending = factor is not None and confirmed is None
    return MfaStatus(confirmed, pending, int(left or 0), deadline, passkeys)


async def _deadline_in(
    uow: ReadUnitOfWork,
    *,
    user_id: uuid.UUID,
    created_at: datetime,
    policy: MfaPolicy | None = None,
) -> datetime | None:
    policy = policy or MfaPolicy.of(await tenant_settings.get_tenant_settings(uow))
    if not policy.roles:
        return None
    grants = (await rbac.grants_of(uow, [user_id]))[user_id]
    return policy.deadline_for({name for _, name in grants}, created_at)


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
        return await _deadline_in(uow, user_id=user.id, created_at=user.created_at, policy=policy)


async def begin_totp_setup(
    uow: WriteUnitOfWork, *, auth: AuthComponents, user_id: uuid.UUID
) -> TotpSetup:
    """A new secret, not active until a code from it is confirmed; a setup begun before and
    never confirmed is replaced."""
    factor = await _factor(uow, user_id)
    if factor is not None and factor.confirmed_at is not None:
        raise MfaAlreadyEnrolled("An authenticator is already enrolled; remove it first")
    if factor is not None:
        await uow.session.delete(factor)
        await uow.session.flush()
    user = await users.get(uow, user_id)
    tenant = await tenants.find(uow, uow.require_tenant())
    secret = totp.new_secret()
    uow.session.add(
        MfaFactor(
            id=new_id(),
            user_id=user_id,
            kind=FactorKind.TOTP.value,
            secret_encrypted=auth.totp_keys.seal(secret),
            created_at=uow.clock.now(),
            confirmed_at=None,
            last_used_at=None,
            last_used_step=None,
        )
    )
    issuer = tenant.name if tenant else auth.settings.jwt_issuer
    return TotpSetup(secret, totp.provisioning_uri(secret, account=user.email, issuer=issuer))


async def confirm_totp(
    uow: WriteUnitOfWork, *, auth: AuthComponents, claims: AccessClaims, code: str
) -> list[str]:
    """Activate the pending authenticator with one of its codes; the recovery codes, in
    clear this once (only their hashes are kept). The caller's session, having shown the
    factor, is no longer limited to enrolment (its next refresh says so)."""
    user_id = claims.user_id
    factor = await _factor(uow, user_id)
    if factor is None:
        raise MfaSetupNotStarted("Begin with POST /api/v1/auth/mfa/totp/setup")
    if factor.confirmed_at is not None:
        raise MfaAlreadyEnrolled("This authenticator is already confirmed")
    now = uow.clock.now()
    step = totp.matching_step(auth.totp_keys.open(factor.secret_encrypted), code.strip(), now)
    if step is None:
        raise InvalidTotpCode("The code does not match; check the authenticator's clock")
    factor.confirmed_at = now
    factor.last_used_at = now
    factor.last_used_step = step  # this code can't sign anyone in afterwards
    await users.set_mfa_enabled(uow, await users.get(uow, user_id), True)
    codes = await replace_recovery_codes(uow, auth=auth, user_id=user_id)
    await uow.session.execute(
        sa.update(AuthSession)
        .where(AuthSession.id == claims.session_id)
        .values(amr=AMR_WITH_CODE, scope=None)
        .execution_options(synchronize_session=False)
    )
    audit.record(uow, action="mfa.enabled", target_type="user", target_id=user_id)
    await send_security_notice(
        uow, auth=auth, user=await users.get(uow, user_id), what="Two-step sign-in was turned on"
    )
    record_event(uow, "user.mfa_enabled", {"user_id": str(user_id), "factor": "totp"})
    return codes


async def replace_recovery_codes(
    uow: WriteUnitOfWork, *, auth: AuthComponents, user_id: uuid.UUID
) -> list[str]:
    await uow.session.execute(
        sa.delete(RecoveryCode)
        .where(RecoveryCode.user_id == user_id)
        .execution_options(synchronize_session=False)
    )
    codes = totp.new_recovery_codes()
    now = uow.clock.now()
    for code in codes:
        uow.session.add(
            RecoveryCode(
                id=new_id(),
                user_id=user_id,
                code_hash=auth.totp_keys.recovery_hash(code),
                created_at=now,
                used_at=None,
            )
        )
    return codes


async def check_current_password(
    reader: ReadUnitOfWork, *, auth: AuthComponents, claims: AccessClaims, password: str, ip: str
) -> None:
    """The caller's current password, checked with no writing transaction open and counted
    by the sign-in limiter."""
    user = await users.get(reader, claims.user_id)
    tenant = await tenants.find(reader, claims.tenant_id)
    slug = tenant.slug if tenant else ""
    await auth.limiter.check(tenant=slug, email=user.email, ip=ip)
    if not await auth.hashing.verify(user.password_hash, password):
        await auth.limiter.record_failure(tenant=slug, email=user.email, ip=ip)
        raise InvalidCurrentPassword("The current password is wrong")


async def disable_totp(uow: WriteUnitOfWork, *, auth: AuthComponents, claims: AccessClaims) -> None:
    """Remove the authenticator and the recovery codes (the password was checked by
    `check_current_password`); every other session of the user ends."""
    user_id = claims.user_id
    factor = await _factor(uow, user_id)
    if factor is None:
        raise MfaNotEnrolled("No authenticator is enrolled")
    await uow.session.delete(factor)
    # With a passkey left, sign-in still takes two steps and the recovery codes stay.
    passkeys_left = await uow.session.scalar(
        sa.select(sa.func.count()).select_from(Passkey).where(Passkey.user_id == user_id)
    )
    if not passkeys_left:
        await uow.session.execute(
            sa.delete(RecoveryCode)
            .where(RecoveryCode.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
        await users.set_mfa_enabled(uow, await users.get(uow, user_id), False)
    await revoke_user_sessions(
        uow, auth=auth, user_id=user_id, reason="mfa_disabled", keep=claims.session_id
    )
    audit.record(uow, action="mfa.disabled", target_type="user", target_id=user_id)
    what = (
        "Your authenticator app was removed" if passkeys_left else "Two-step sign-in was turned off"
    )
    await send_security_notice(uow, auth=auth, user=await users.get(uow, user_id), what=what)
    if not passkeys_left:  # with a passkey, two-step sign-in stays on
        record_event(uow, "user.mfa_disabled", {"user_id": str(user_id), "factor": "totp"})


# --- the second step of sign-in (own transactions) -------------------------------------------


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
    totp_factor = await _factor(uow, user_id)
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
        factor = await _factor(uow, user_id)
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
