"""Signing in with a passkey, in transactions of its own like sign-in: as the second step
after a password (`mfa_token`, `amr` `pwd hwk`) or alone (`amr` `hwk`, user verification
required). A refused assertion counts toward the account's lockout like a wrong password."""

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from olympus.auth import relying_party as rp
from olympus.auth.errors import (
    AccountDisabled,
    EmailNotVerified,
    InvalidMfaToken,
    InvalidPasskey,
    PasskeyChallengeInvalid,
    PasskeyCounterRegression,
    PasskeyNotFound,
)
from olympus.auth.models import (
    CeremonyKind,
    MfaChallenge,
    Passkey,
)
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.email_tokens import alert_new_device, send_security_notice
from olympus.auth.service.mfa_signin import MAX_CODE_ATTEMPTS, MfaSignIn
from olympus.auth.service.passkey_ceremonies import (
    decoded,
    new_challenge,
    passkey_of,
    relying_party,
    spend_challenge,
    stored,
)
from olympus.auth.service.passkeys import AMR_SECOND_FACTOR, list_passkeys
from olympus.auth.service.sessions import open_session
from olympus.auth.tokens import derived_key, parse_opaque_token
from olympus.core.db import Database, WriteUnitOfWork
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.security_events.models import SecurityEventKind
from olympus.platform.settings import service as tenant_settings
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound, TenantSuspended
from olympus.platform.users import service as users
from olympus.platform.users.models import User

AMR_PASSWORDLESS = "hwk"


@dataclass(frozen=True)
class PasskeySignIn:
    """A passwordless sign-in: the new session and its token pair."""

    user: User
    session_id: uuid.UUID
    session_expires_at: datetime
    access_token: str
    refresh_token: str


# --- signing in (own transactions) ----------------------------------------------------------


async def second_factor_options(
    db: Database, *, auth: AuthComponents, mfa_token: str, request_id: str | None = None
) -> dict[str, Any]:
    """The options of `navigator.credentials.get()` for the second step of a sign-in: the
    user's passkeys allowed, the challenge bound to that step."""
    parsed = parse_opaque_token(mfa_token)
    if parsed is None:
        raise InvalidMfaToken("The sign-in step is not valid or has expired; sign in again")
    tenant_id, token_hash = parsed
    async with db.unit_of_work(clock=auth.clock, request_id=request_id) as uow:
        try:
            await tenants.enter_tenant_of_session(uow, tenant_id)
        except (TenantNotFound, TenantSuspended) as exc:
            raise InvalidMfaToken("The sign-in step is not valid or has expired") from exc
        step = await _open_step(uow, token_hash)
        passkeys = await list_passkeys(uow, user_id=step.user_id)
        if not passkeys:
            raise PasskeyNotFound("This account has no passkey; use another method")
        challenge = new_challenge(
            uow, CeremonyKind.SECOND_FACTOR, user_id=step.user_id, mfa_challenge_id=step.id
        )
    return relying_party(auth).authentication_options(
        challenge=challenge, allow=stored(passkeys), user_verification=False
    )


async def _open_step(uow: WriteUnitOfWork, token_hash: str, *, lock: bool = False) -> MfaChallenge:
    stmt = sa.select(MfaChallenge).where(MfaChallenge.token_hash == token_hash)
    step = (await uow.session.scalars(stmt.with_for_update() if lock else stmt)).one_or_none()
    if step is None or step.used_at is not None or step.expires_at <= uow.clock.now():
        raise InvalidMfaToken("The sign-in step is not valid or has expired; sign in again")
    return step


async def verify_second_factor(
    db: Database,
    *,
    auth: AuthComponents,
    mfa_token: str,
    credential: dict[str, Any],
    ip: str,
    user_agent: str,
    request_id: str | None = None,
) -> MfaSignIn:
    """Complete a sign-in with a passkey after the password. A refused assertion counts
    against the step (spent after `MAX_CODE_ATTEMPTS`) and the account's lockout, like a
    wrong code; the step works once."""
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
        # Locked: two attempts at one step take turns, so only one can spend it.
        step = await _open_step(uow, token_hash, lock=True)
        user = await users.get(uow, step.user_id)
        if not user.is_active:
            raise AccountDisabled("This account is disabled")
        attempt = _Attempt(auth, uow, user, tenant.slug, ip, user_agent)
        failures_on_record = await auth.limiter.check(tenant=tenant.slug, email=user.email, ip=ip)
        now = uow.clock.now()
        try:
            passkey = await _check_assertion(
                uow,
                auth=auth,
                credential=credential,
                kind=CeremonyKind.SECOND_FACTOR,
                bound_to={"mfa_challenge_id": step.id, "user_id": user.id},
                require_user_verification=False,
                user=user,
            )
        except (InvalidPasskey, PasskeyChallengeInvalid, PasskeyCounterRegression):
            step.failed_attempts += 1
            if step.failed_attempts >= MAX_CODE_ATTEMPTS:
                step.used_at = now
            await attempt.failed()
            raise
        step.used_at = now
        if failures_on_record:
            await auth.limiter.record_success(tenant=tenant.slug, email=user.email)
        session_id, expires_at, refresh_token = await open_session(
            uow,
            auth=auth,
            user_id=user.id,
            ip=ip,
            user_agent=step.user_agent or user_agent,
            amr=AMR_SECOND_FACTOR,
        )
        record_event(
            uow,
            "user.logged_in",
            {
                "user_id": str(user.id),
                "session_id": str(session_id),
                "ip": ip[:64],
                "mfa": "passkey",
                "passkey_id": str(passkey.id),
            },
        )
    access = auth.signer.issue(
        user_id=user.id, tenant_id=tenant_id, session_id=session_id, amr=AMR_SECOND_FACTOR
    )
    auth.run_later(
        alert_new_device(
            db, auth=auth, tenant_id=tenant_id, user_id=user.id, email=user.email,
            session_id=session_id, user_agent=step.user_agent or user_agent, ip=ip,
        )
    )  # fmt: skip
    return MfaSignIn(user, session_id, expires_at, access, refresh_token, "passkey")


async def passwordless_options(
    db: Database,
    *,
    auth: AuthComponents,
    tenant_slug: str,
    email: str | None,
    ip: str,
    request_id: str | None = None,
) -> dict[str, Any]:
    """The options of `navigator.credentials.get()` for signing in with a passkey alone.
    With an email, that user's passkeys are allowed; an unknown email, or one without
    passkeys, gets a stand-in credential derived from it, so the answer tells nobody
    whether the account exists. Without one the browser offers discoverable passkeys."""
    await auth.limiter.take(
        f"passkey-options:{ip}", limit=auth.settings.passkey_options_per_address_per_minute,
        window=60,
    )  # fmt: skip
    async with db.unit_of_work(clock=auth.clock, request_id=request_id) as uow:
        await tenants.enter_active_tenant(uow, tenant_slug)
        allow: list[rp.StoredCredential] = []
        user_id = None
        if email is not None:
            user = await users.find_by_email(uow, email)
            passkeys = await list_passkeys(uow, user_id=user.id) if user else []
            allow = stored(passkeys) or [_stand_in(auth, tenant_slug, email)]
            user_id = user.id if user and passkeys else None
        challenge = new_challenge(uow, CeremonyKind.PASSWORDLESS, user_id=user_id)
    return relying_party(auth).authentication_options(
        challenge=challenge, allow=allow, user_verification=True
    )


def _stand_in(auth: AuthComponents, tenant_slug: str, email: str) -> rp.StoredCredential:
    key = derived_key(auth.settings, "passkey-stand-in")
    message = f"{tenant_slug.lower()}\x00{users.normalise_email(email)}".encode()
    return rp.StoredCredential(hmac.new(key, message, hashlib.sha256).digest(), ("internal",))


async def verify_passwordless(
    db: Database,
    *,
    auth: AuthComponents,
    tenant_slug: str,
    credential: dict[str, Any],
    ip: str,
    user_agent: str,
    request_id: str | None = None,
) -> PasskeySignIn:
    """Sign in with a passkey alone (user verification required). A refused assertion
    counts toward the account's (and the address's) lockout like a wrong password."""
    async with db.unit_of_work(clock=auth.clock, request_id=request_id) as uow:
        uow.ip = ip
        try:
            tenant = await tenants.enter_active_tenant(uow, tenant_slug)
        except TenantNotFound as exc:
            raise PasskeyChallengeInvalid("Ask for new options, then try again") from exc
        found = await passkey_of(uow, credential)
        user = await users.get(uow, found.user_id) if found is not None else None
        attempt = _Attempt(auth, uow, user, tenant.slug, ip, user_agent)
        failures_on_record = await auth.limiter.check(
            tenant=tenant.slug, email=user.email if user else "", ip=ip
        )
        try:
            if user is None or found is None:
                # Spend the challenge all the same: it is single-use whatever came with it.
                await spend_challenge(uow, credential, CeremonyKind.PASSWORDLESS)
                raise InvalidPasskey("This passkey is not registered here")
            bound = await spend_challenge(uow, credential, CeremonyKind.PASSWORDLESS)
            if bound is None:
                raise PasskeyChallengeInvalid(
                    "The challenge is unknown, expired or already used; ask for new options"
                )
            if bound[1].user_id is not None and bound[1].user_id != user.id:
                raise InvalidPasskey("This passkey is not one of the account's")
            handle = credential.get("response", {}).get("userHandle")
            if handle and decoded(handle) != rp.user_handle(user.id):
                raise InvalidPasskey("The passkey's user handle does not match")
            passkey = await _verify_with(
                uow, auth=auth, credential=credential, challenge=bound[0], passkey=found,
                require_user_verification=True, user=user,
            )  # fmt: skip
        except (InvalidPasskey, PasskeyChallengeInvalid, PasskeyCounterRegression):
            await attempt.failed()
            raise
        # The assertion holds: its challenge and counter are kept whatever follows (the
        # refusals below are raised once this transaction has committed).
        refusal: AccountDisabled | EmailNotVerified | None = None
        settings = await tenant_settings.get_tenant_settings(uow)
        if not await users.hold_if_active(uow, user.id):  # held until commit, as at login
            refusal = AccountDisabled("This account is disabled")
        elif not user.email_verified and settings.require_email_verification:
            refusal = EmailNotVerified("Verify your email address before signing in")
        if refusal is None:
            if failures_on_record:
                await auth.limiter.record_success(tenant=tenant.slug, email=user.email)
            started = await _start_passwordless(uow, auth, user, passkey, ip, user_agent)
    if refusal is not None:
        raise refusal
    session_id, expires_at, refresh_token = started
    access = auth.signer.issue(
        user_id=user.id, tenant_id=tenant.id, session_id=session_id, amr=AMR_PASSWORDLESS
    )
    auth.run_later(
        alert_new_device(
            db, auth=auth, tenant_id=tenant.id, user_id=user.id, email=user.email,
            session_id=session_id, user_agent=user_agent, ip=ip,
        )
    )  # fmt: skip
    return PasskeySignIn(user, session_id, expires_at, access, refresh_token)


async def _start_passwordless(
    uow: WriteUnitOfWork,
    auth: AuthComponents,
    user: User,
    passkey: Passkey,
    ip: str,
    user_agent: str,
) -> tuple[uuid.UUID, datetime, str]:
    session_id, expires_at, refresh_token = await open_session(
        uow, auth=auth, user_id=user.id, ip=ip, user_agent=user_agent, amr=AMR_PASSWORDLESS
    )
    record_event(
        uow,
        "user.logged_in",
        {
            "user_id": str(user.id),
            "session_id": str(session_id),
            "ip": ip[:64],
            "method": "passkey",
            "passkey_id": str(passkey.id),
        },
    )
    return session_id, expires_at, refresh_token


async def _check_assertion(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    credential: dict[str, Any],
    kind: CeremonyKind,
    bound_to: dict[str, Any],
    require_user_verification: bool,
    user: User,
) -> Passkey:
    """Spend the ceremony's challenge, find the user's passkey the answer names and verify
    the assertion against it."""
    bound = await spend_challenge(uow, credential, kind, **bound_to)
    if bound is None:
        raise PasskeyChallengeInvalid(
            "The challenge is unknown, expired or already used; ask for new options"
        )
    passkey = await passkey_of(uow, credential)
    if passkey is None or passkey.user_id != user.id:
        raise InvalidPasskey("This passkey is not one of the account's")
    return await _verify_with(
        uow, auth=auth, credential=credential, challenge=bound[0], passkey=passkey,
        require_user_verification=require_user_verification, user=user,
    )  # fmt: skip


async def _verify_with(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    credential: dict[str, Any],
    challenge: bytes,
    passkey: Passkey,
    require_user_verification: bool,
    user: User,
) -> Passkey:
    try:
        assertion = await relying_party(auth).verify_authentication(
            credential,
            challenge=challenge,
            public_key=passkey.public_key,
            require_user_verification=require_user_verification,
        )
    except rp.CeremonyFailed as exc:
        raise InvalidPasskey(f"The passkey could not be verified: {exc}") from exc
    if rp.counter_regressed(passkey.sign_count, assertion.sign_count):
        await _counter_regressed(
            uow, auth=auth, passkey=passkey, user=user, presented=assertion.sign_count
        )
    passkey.sign_count = assertion.sign_count
    passkey.backed_up = assertion.backed_up
    passkey.last_used_at = uow.clock.now()
    return passkey


async def _counter_regressed(
    uow: WriteUnitOfWork, *, auth: AuthComponents, passkey: Passkey, user: User, presented: int
) -> None:
    """A valid signature whose counter did not move forward: the key may have been copied.
    Refused, written to the audit log (with the refusal) and the security event log, and
    the user is told by email."""
    audit.record(
        uow,
        action="passkey.counter_regression",
        target_type="passkey",
        target_id=passkey.id,
        changes={"stored": passkey.sign_count, "presented": presented, "user_id": str(user.id)},
    )
    await send_security_notice(
        uow,
        auth=auth,
        user=user,
        what=(
            f"A sign-in with your passkey ({passkey.name}) was refused because its signature "
            "counter went backwards, which can mean the key was copied. If this was not you, "
            "remove that passkey and change your password"
        ),
    )
    auth.security_events.record(
        SecurityEventKind.PASSKEY_COUNTER_REGRESSION,
        tenant_id=user.tenant_id,
        user_id=user.id,
        email=user.email,
        ip=uow.ip,
        reason="passkey_counter_regression",
        request_id=uow.request_id,
    )
    raise PasskeyCounterRegression(
        "This passkey's signature counter went backwards; it may have been copied"
    )


@dataclass(frozen=True)
class _Attempt:
    """A refused passkey sign-in, counted and logged like a wrong password or code."""

    auth: AuthComponents
    uow: WriteUnitOfWork
    user: User | None
    slug: str
    ip: str
    user_agent: str

    async def failed(self) -> None:
        email = self.user.email if self.user else ""
        locked = await self.auth.limiter.record_failure(tenant=self.slug, email=email, ip=self.ip)
        kinds = [SecurityEventKind.LOGIN_FAILED]
        kinds += [
            {"acct": SecurityEventKind.ACCOUNT_LOCKED, "ip": SecurityEventKind.ADDRESS_LOCKED}[s]
            for s in locked
        ]
        for kind in kinds:
            self.auth.security_events.record(
                kind,
                tenant_id=self.uow.require_tenant(),
                tenant_slug=self.slug,
                user_id=self.user.id if self.user else None,
                email=email,
                ip=self.ip,
                user_agent=self.user_agent,
                reason="wrong_passkey",
                request_id=self.uow.request_id,
            )
