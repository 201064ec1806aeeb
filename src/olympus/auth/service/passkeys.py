"""Passkeys (WebAuthn credentials) in the request's unit of work: registering one (the
first issues recovery codes, like a confirmed authenticator), listing, renaming and removing
them."""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from olympus.auth import relying_party as rp
from olympus.auth.errors import (
    PasskeyAlreadyRegistered,
    PasskeyLimitReached,
    PasskeyNotFound,
    PasskeyRegistrationFailed,
    ReauthenticationRequired,
)
from olympus.auth.models import (
    AuthSession,
    CeremonyKind,
    FactorKind,
    MfaFactor,
    Passkey,
    RecoveryCode,
)
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.email_tokens import send_security_notice
from olympus.auth.service.mfa import (
    check_current_password,
    replace_recovery_codes,
)
from olympus.auth.service.passkey_ceremonies import (
    new_challenge,
    relying_party,
    spend_challenge,
    stored,
)
from olympus.auth.service.sessions import revoke_user_sessions
from olympus.auth.tokens import AccessClaims
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.users import service as users

MAX_PASSKEYS = 10  # per user
# Removing a passkey without the password: the session must have signed in this lately.
RECENT_SIGN_IN = timedelta(minutes=5)
AMR_SECOND_FACTOR = "pwd hwk"


@dataclass(frozen=True)
class PasskeyRegistered:
    passkey: Passkey
    # The recovery codes, in clear this once, when this passkey is the user's first factor.
    recovery_codes: list[str] | None


async def list_passkeys(uow: ReadUnitOfWork, *, user_id: uuid.UUID) -> list[Passkey]:
    stmt = (
        sa.select(Passkey)
        .where(Passkey.user_id == user_id)
        .order_by(Passkey.created_at, Passkey.id)
    )
    return list((await uow.session.scalars(stmt)).all())


async def _get_own(uow: ReadUnitOfWork, *, user_id: uuid.UUID, passkey_id: uuid.UUID) -> Passkey:
    passkey = await uow.session.get(Passkey, (uow.require_tenant(), passkey_id))
    if passkey is None or passkey.user_id != user_id:
        raise PasskeyNotFound()
    return passkey


# --- registration and management (the request's unit of work) ------------------------------


async def begin_registration(
    uow: WriteUnitOfWork, *, auth: AuthComponents, claims: AccessClaims
) -> dict[str, Any]:
    """The options of `navigator.credentials.create()` for the caller, its challenge bound
    to the caller's session; the passkeys already registered are excluded."""
    user = await users.get(uow, claims.user_id)
    existing = await list_passkeys(uow, user_id=user.id)
    if len(existing) >= MAX_PASSKEYS:
        raise PasskeyLimitReached(f"At most {MAX_PASSKEYS} passkeys; remove one first")
    challenge = new_challenge(
        uow, CeremonyKind.REGISTRATION, user_id=user.id, session_id=claims.session_id
    )
    return relying_party(auth).registration_options(
        challenge=challenge,
        user_id=user.id,
        user_name=user.email,
        display_name=user.full_name,
        exclude=stored(existing),
    )


async def finish_registration(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    claims: AccessClaims,
    credential: dict[str, Any],
    name: str | None,
    transports: list[str],
) -> PasskeyRegistered:
    """Verify the authenticator's answer to the caller's registration options and keep the
    credential. The first factor of a user turns two-step sign-in on and answers the
    recovery codes; the session, having shown the authenticator, is no longer limited to
    enrolment. A refused answer spends its challenge all the same."""
    user_id = claims.user_id
    spent = await spend_challenge(
        uow, credential, CeremonyKind.REGISTRATION, user_id=user_id, session_id=claims.session_id
    )
    if spent is None:
        raise PasskeyRegistrationFailed(
            "The registration challenge is unknown, expired or already used, or was issued "
            "to another session; ask for new options"
        )
    try:
        verified = await relying_party(auth).verify_registration(credential, challenge=spent[0])
    except rp.CeremonyFailed as exc:
        raise PasskeyRegistrationFailed(f"The registration does not verify: {exc}") from exc
    taken = await uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(Passkey)
        .where(Passkey.credential_id == verified.credential_id)
    )
    if taken:
        raise PasskeyAlreadyRegistered("This authenticator's passkey is already registered")
    existing = await list_passkeys(uow, user_id=user_id)
    if len(existing) >= MAX_PASSKEYS:
        raise PasskeyLimitReached(f"At most {MAX_PASSKEYS} passkeys; remove one first")
    now = uow.clock.now()
    passkey = Passkey(
        id=new_id(),
        user_id=user_id,
        credential_id=verified.credential_id,
        public_key=verified.public_key,
        sign_count=verified.sign_count,
        name=(name or "").strip() or f"Passkey {len(existing) + 1}",
        aaguid=verified.aaguid,
        transports=" ".join(rp.known_transports(transports)),
        device_type=verified.device_type,
        backed_up=verified.backed_up,
        created_at=now,
        last_used_at=None,
    )
    uow.session.add(passkey)
    user = await users.get(uow, user_id)
    codes = None
    if not user.mfa_enabled:
        await users.set_mfa_enabled(uow, user, True)
        codes = await replace_recovery_codes(uow, auth=auth, user_id=user_id)
        await uow.session.execute(
            sa.update(AuthSession)
            .where(AuthSession.id == claims.session_id)
            .values(amr=AMR_SECOND_FACTOR, scope=None)
            .execution_options(synchronize_session=False)
        )
        record_event(uow, "user.mfa_enabled", {"user_id": str(user_id), "factor": "passkey"})
    await uow.session.flush()
    audit.record(
        uow,
        action="passkey.registered",
        target_type="passkey",
        target_id=passkey.id,
        changes={"name": passkey.name, "user_id": str(user_id)},
    )
    await send_security_notice(
        uow, auth=auth, user=user, what=f"A passkey ({passkey.name}) was added to your account"
    )
    record_event(
        uow,
        "passkey.registered",
        {
            "user_id": str(user_id),
            "passkey_id": str(passkey.id),
            "name": passkey.name,
            "device_type": passkey.device_type,
            "backed_up": passkey.backed_up,
            "first_factor": codes is not None,
        },
    )
    return PasskeyRegistered(passkey, codes)


async def rename_passkey(
    uow: WriteUnitOfWork, *, user_id: uuid.UUID, passkey_id: uuid.UUID, name: str
) -> Passkey:
    passkey = await _get_own(uow, user_id=user_id, passkey_id=passkey_id)
    before = passkey.name
    passkey.name = name.strip()
    audit.record(
        uow,
        action="passkey.renamed",
        target_type="passkey",
        target_id=passkey.id,
        changes={"name": [before, passkey.name]},
    )
    return passkey


async def check_reauthentication(
    reader: ReadUnitOfWork,
    *,
    auth: AuthComponents,
    claims: AccessClaims,
    passkey_id: uuid.UUID,
    password: str | None,
    ip: str,
) -> None:
    """Before removing a passkey (which must be the caller's: 404 first): the current
    password (checked and counted like a sign-in), or a session signed in within
    `RECENT_SIGN_IN` (for users who sign in without one)."""
    await _get_own(reader, user_id=claims.user_id, passkey_id=passkey_id)
    if password is not None:
        await check_current_password(reader, auth=auth, claims=claims, password=password, ip=ip)
        return
    signed_in_at = await reader.session.scalar(
        sa.select(AuthSession.created_at).where(AuthSession.id == claims.session_id)
    )
    if signed_in_at is None or reader.clock.now() - signed_in_at > RECENT_SIGN_IN:
        raise ReauthenticationRequired(
            "Send current_password, or sign in again and remove the passkey within "
            f"{int(RECENT_SIGN_IN.total_seconds() // 60)} minutes"
        )


async def remove_passkey(
    uow: WriteUnitOfWork, *, auth: AuthComponents, claims: AccessClaims, passkey_id: uuid.UUID
) -> None:
    """Remove one of the caller's passkeys (identity checked by `check_reauthentication`);
    every other session of the user ends. Removing the last factor turns two-step sign-in
    off and drops the recovery codes."""
    user_id = claims.user_id
    passkey = await _get_own(uow, user_id=user_id, passkey_id=passkey_id)
    name = passkey.name
    await uow.session.delete(passkey)
    await uow.session.flush()
    left = await has_second_factor(uow, user_id=user_id)
    user = await users.get(uow, user_id)
    if not left and user.mfa_enabled:
        await users.set_mfa_enabled(uow, user, False)
        await uow.session.execute(
            sa.delete(RecoveryCode)
            .where(RecoveryCode.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
        record_event(uow, "user.mfa_disabled", {"user_id": str(user_id), "factor": "passkey"})
    await revoke_user_sessions(
        uow, auth=auth, user_id=user_id, reason="passkey_removed", keep=claims.session_id
    )
    audit.record(
        uow,
        action="passkey.removed",
        target_type="passkey",
        target_id=passkey_id,
        changes={"name": name, "user_id": str(user_id)},
    )
    await send_security_notice(
        uow, auth=auth, user=user, what=f"A passkey ({name}) was removed from your account"
    )
    record_event(
        uow,
        "passkey.removed",
        {"user_id": str(user_id), "passkey_id": str(passkey_id), "last_factor": not left},
    )


async def has_second_factor(uow: ReadUnitOfWork, *, user_id: uuid.UUID) -> bool:
    """Whether the user has a passkey or a confirmed authenticator."""
    passkeys = await uow.session.scalar(
        sa.select(sa.func.count()).select_from(Passkey).where(Passkey.user_id == user_id)
    )
    totp = await uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(MfaFactor)
        .where(
            MfaFactor.user_id == user_id,
            MfaFactor.kind == FactorKind.TOTP.value,
            MfaFactor.confirmed_at.is_not(None),
        )
    )
    return bool(passkeys or totp)
