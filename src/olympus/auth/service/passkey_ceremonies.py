"""What every passkey ceremony shares: the relying party, the stored credentials it is
given, and the ceremony's challenge, stored hashed and spent once, only by the ceremony (and
the user, session or sign-in step) it was issued for."""

import hashlib
import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from olympus.auth import relying_party as rp
from olympus.auth.models import (
    CeremonyKind,
    Passkey,
    PasskeyChallenge,
)
from olympus.auth.service.components import AuthComponents
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id

CHALLENGE_TTL = timedelta(milliseconds=rp.CEREMONY_TIMEOUT_MS)


def relying_party(auth: AuthComponents) -> rp.RelyingParty:
    return rp.RelyingParty.of(auth.settings)


def _challenge_hash(challenge: bytes) -> str:
    return hashlib.sha256(challenge).hexdigest()


def stored(passkeys: list[Passkey]) -> list[rp.StoredCredential]:
    return [rp.StoredCredential(p.credential_id, tuple(p.transports.split())) for p in passkeys]


def new_challenge(
    uow: WriteUnitOfWork,
    kind: CeremonyKind,
    *,
    user_id: uuid.UUID | None = None,
    session_id: uuid.UUID | None = None,
    mfa_challenge_id: uuid.UUID | None = None,
) -> bytes:
    challenge = rp.new_challenge()
    now = uow.clock.now()
    uow.session.add(
        PasskeyChallenge(
            id=new_id(),
            kind=kind.value,
            challenge_hash=_challenge_hash(challenge),
            user_id=user_id,
            session_id=session_id,
            mfa_challenge_id=mfa_challenge_id,
            created_at=now,
            expires_at=now + CHALLENGE_TTL,
            used_at=None,
        )
    )
    return challenge


async def spend_challenge(
    uow: WriteUnitOfWork, credential: dict[str, Any], kind: CeremonyKind, **bound_to: Any
) -> tuple[bytes, PasskeyChallenge] | None:
    """Spend the challenge the answer claims to respond to, if it was issued for this
    ceremony (`bound_to`: its user, session or sign-in step), is unused and alive: one
    conditional update, so a replay, even concurrent, finds nothing."""
    challenge = rp.client_challenge(str(credential.get("response", {}).get("clientDataJSON", "")))
    if challenge is None:
        return None
    now = uow.clock.now()
    conditions = [
        PasskeyChallenge.challenge_hash == _challenge_hash(challenge),
        PasskeyChallenge.kind == kind.value,
        PasskeyChallenge.used_at.is_(None),
        PasskeyChallenge.expires_at > now,
    ]
    conditions += [getattr(PasskeyChallenge, column) == value for column, value in bound_to.items()]
    spent = await uow.session.execute(
        sa.update(PasskeyChallenge)
        .where(*conditions)
        .values(used_at=now)
        .returning(PasskeyChallenge.id)
        .execution_options(synchronize_session=False)
    )
    row_id = spent.scalar_one_or_none()
    if row_id is None:
        return None
    row = await uow.session.get(PasskeyChallenge, (uow.require_tenant(), row_id))
    assert row is not None
    return challenge, row


def decoded(text: Any) -> bytes | None:
    """Base64url text of an answer as bytes; None when it is not."""
    try:
        return rp.from_b64url(str(text))
    except ValueError:
        return None


async def passkey_of(uow: ReadUnitOfWork, credential: dict[str, Any]) -> Passkey | None:
    """The passkey of the tenant in scope whose id the answer carries, if any."""
    raw = decoded(credential.get("rawId") or credential.get("id") or "")
    if raw is None or len(raw) > rp.MAX_CREDENTIAL_ID_BYTES:
        return None
    stmt = sa.select(Passkey).where(Passkey.credential_id == raw)
    return (await uow.session.scalars(stmt)).one_or_none()
