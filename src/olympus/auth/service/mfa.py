"""The second factor in the request's unit of work: enrolling a TOTP authenticator (with
its recovery codes), removing it, the caller's factors, and a tenant's requirement of one."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from olympus.auth import totp
from olympus.auth.errors import (
    InvalidCurrentPassword,
    InvalidTotpCode,
    MfaAlreadyEnrolled,
    MfaNotEnrolled,
    MfaSetupNotStarted,
)
from olympus.auth.models import (
    AuthSession,
    FactorKind,
    MfaFactor,
    Passkey,
    RecoveryCode,
)
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.email_tokens import send_security_notice
from olympus.auth.service.sessions import revoke_user_sessions
from olympus.auth.tokens import AccessClaims
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.rbac import service as rbac
from olympus.platform.settings import service as tenant_settings
from olympus.platform.settings.schemas import TenantSettings
from olympus.platform.tenants import service as tenants
from olympus.platform.users import service as users

# A session signed in past the grace period of a tenant's second-factor requirement: it
# may only enrol a factor (`auth.dependencies` refuses every other route).
ENROLMENT_SCOPE = "mfa_enrolment"
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


async def find_totp_factor(uow: ReadUnitOfWork, user_id: uuid.UUID) -> MfaFactor | None:
    stmt = sa.select(MfaFactor).where(
        MfaFactor.user_id == user_id, MfaFactor.kind == FactorKind.TOTP.value
    )
    return (await uow.session.scalars(stmt)).one_or_none()


async def mfa_status(uow: ReadUnitOfWork, *, user_id: uuid.UUID) -> MfaStatus:
    factor = await find_totp_factor(uow, user_id)
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
        deadline = await deadline_in(uow, user_id=user_id, created_at=user.created_at)
    pending = factor is not None and confirmed is None
    return MfaStatus(confirmed, pending, int(left or 0), deadline, passkeys)


async def deadline_in(
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


async def begin_totp_setup(
    uow: WriteUnitOfWork, *, auth: AuthComponents, user_id: uuid.UUID
) -> TotpSetup:
    """A new secret, not active until a code from it is confirmed; a setup begun before and
    never confirmed is replaced."""
    factor = await find_totp_factor(uow, user_id)
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
    factor = await find_totp_factor(uow, user_id)
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
    factor = await find_totp_factor(uow, user_id)
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
