"""Sessions and refresh tokens inside a unit of work: open a session, rotate its refresh token
(answering every refusal), list, revoke and prune sessions. Revoked sessions reach the
denylist after commit."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

import sqlalchemy as sa

from olympus.auth import repository
from olympus.auth.errors import (
    AccountDisabled,
    InvalidToken,
    SessionExpired,
    SessionNotFound,
    TokenReused,
    TokenRevoked,
)
from olympus.auth.models import (
    AuthSession,
    MfaChallenge,
    OneTimeToken,
    PasskeyChallenge,
    RefreshToken,
)
from olympus.auth.service.components import AuthComponents
from olympus.auth.tokens import AccessClaims, hash_token, new_opaque_token
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.security_events.models import SecurityEventKind
from olympus.platform.settings import service as tenant_settings
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound
from olympus.platform.users import service as users

MIN_IDLE_TIMEOUT = timedelta(minutes=5)  # the shortest a tenant may set


@dataclass(frozen=True)
class Rotation:
    """A refresh's answer: the new pair and when the session ends."""

    access_token: str
    refresh_token: str
    session_expires_at: datetime


async def open_session(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    user_id: uuid.UUID,
    ip: str,
    user_agent: str,
    amr: str = "pwd",
    scope: str | None = None,
) -> tuple[uuid.UUID, datetime, str]:
    """A new session of the user and its first refresh token (Core inserts: sign-in is a hot
    path); returns the session's id, its end and the refresh token."""
    now = uow.clock.now()
    session_id = new_id()
    expires_at = now + timedelta(seconds=auth.settings.refresh_token_ttl_seconds)
    await repository.insert_session(
        uow,
        session_id=session_id,
        user_id=user_id,
        now=now,
        expires_at=expires_at,
        ip=ip,
        user_agent=user_agent,
        amr=amr,
        scope=scope,
    )
    refresh_token = await _issue_refresh_token(uow, session_id=session_id, now=now)
    return session_id, expires_at, refresh_token


async def _issue_refresh_token(
    uow: WriteUnitOfWork, *, session_id: uuid.UUID, now: datetime
) -> str:
    """A new refresh token of the session; only its hash is stored."""
    token = new_opaque_token(uow.require_tenant())
    await repository.insert_refresh_token(
        uow, session_id=session_id, token_hash=hash_token(token), now=now
    )
    return token


async def rotate_refresh_token(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    tenant_id: uuid.UUID,
    token_hash: str,
    ip: str,
) -> Rotation:
    """The whole rotation, refusals included: Core statements on the transaction's
    connection for the common case; the rare refusals go through the ORM."""
    try:
        await tenants.enter_open_tenant(uow, tenant_id)
    except TenantNotFound as exc:
        raise InvalidToken("The refresh token is not valid") from exc
    now = uow.clock.now()
    # Spend first (one conditional update), then look at the session: a spent token is a
    # reuse whatever became of its session since (a concurrent reuse may already have revoked
    # it), so every loser of a race answers `token_reused`, not sometimes `token_revoked`.
    session_id = await repository.spend_refresh_token(uow, token_hash=token_hash, now=now)
    if session_id is None:
        await _refuse_spent_token(uow, auth=auth, tenant_id=tenant_id, token_hash=token_hash, ip=ip)
    session = await repository.session_state(uow, session_id)
    if session.revoked_at is not None:
        raise TokenRevoked("This session has ended")  # rolls the spending back
    idle_limit = session.last_used_at + await idle_timeout(
        uow, auth, idle_for=now - session.last_used_at
    )
    if now >= session.expires_at or now >= idle_limit:
        ended = await uow.session.get(AuthSession, (tenant_id, session_id))
        assert ended is not None
        await revoke_sessions(uow, auth=auth, sessions=[ended], reason="expired")
        raise SessionExpired("This session has expired; sign in again")
    if not await users.is_active(uow, session.user_id):
        raise AccountDisabled("This account is disabled")
    new_token = await _issue_refresh_token(uow, session_id=session_id, now=now)
    await repository.touch_session(uow, session_id, now=now, ip=ip)
    access = auth.signer.issue(
        user_id=session.user_id,
        tenant_id=tenant_id,
        session_id=session_id,
        amr=session.amr,
        scope=session.scope,
    )
    return Rotation(access, new_token, session.expires_at)


async def _refuse_spent_token(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    tenant_id: uuid.UUID,
    token_hash: str,
    ip: str,
) -> NoReturn:
    """An unknown token is invalid; a spent one is a reuse, which revokes its session (and
    that revocation commits with the 401) and goes to the security event log."""
    spent_session = await uow.session.scalar(
        sa.select(RefreshToken.session_id).where(RefreshToken.token_hash == token_hash)
    )
    if spent_session is None:
        raise InvalidToken("The refresh token is not valid")
    reused = await uow.session.get(AuthSession, (tenant_id, spent_session))
    assert reused is not None
    await revoke_sessions(uow, auth=auth, sessions=[reused], reason="token_reused")
    auth.security_events.record(
        SecurityEventKind.REFRESH_REUSE,
        tenant_id=tenant_id,
        user_id=reused.user_id,
        ip=ip,
        reason="session_revoked",
        request_id=uow.request_id,
    )
    raise TokenReused("This refresh token was already used; the session is revoked")


async def idle_timeout(
    uow: ReadUnitOfWork, auth: AuthComponents, *, idle_for: timedelta | None = None
) -> timedelta:
    """The tenant's session idle timeout, never longer than the service's. A session idle
    for less than the shortest timeout a tenant may set can't have timed out: no need to
    read the settings (the common case of a busy client refreshing)."""
    ceiling = timedelta(seconds=auth.settings.session_idle_timeout_seconds)
    if idle_for is not None and idle_for < MIN_IDLE_TIMEOUT:
        return min(MIN_IDLE_TIMEOUT, ceiling)
    minutes = (await tenant_settings.get_tenant_settings(uow)).session_idle_timeout_minutes
    return min(timedelta(minutes=minutes), ceiling)


async def revoke_sessions(
    uow: WriteUnitOfWork, *, auth: AuthComponents, sessions: list[AuthSession], reason: str
) -> list[uuid.UUID]:
    """End these sessions; after commit, their access tokens go on the denylist."""
    now = uow.clock.now()
    revoked = []
    for session in sessions:
        if session.revoked_at is None:
            session.revoked_at = now
            session.revoked_reason = reason
            revoked.append(session.id)
    if revoked:
        ids = list(revoked)
        # The event makes the revocation durable beyond the cache: the relay writes the
        # denylist again until the cache takes it (`auth.revocations`).
        users = sorted({str(s.user_id) for s in sessions if s.id in revoked})
        record_event(
            uow,
            "session.revoked",
            {"session_ids": [str(i) for i in ids], "user_ids": users, "reason": reason},
        )

        async def _deny() -> None:
            await auth.deny_sessions(ids)

        uow.after_commit(_deny)
    return revoked


async def revoke_user_sessions(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
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
    return len(await revoke_sessions(uow, auth=auth, sessions=sessions, reason=reason))


async def logout(uow: WriteUnitOfWork, *, auth: AuthComponents, claims: AccessClaims) -> None:
    session = await uow.session.get(AuthSession, (claims.tenant_id, claims.session_id))
    if session is not None:
        await revoke_sessions(uow, auth=auth, sessions=[session], reason="logout")
    record_event(
        uow,
        "user.logged_out",
        {"user_id": str(claims.user_id), "session_id": str(claims.session_id)},
    )


async def logout_all(uow: WriteUnitOfWork, *, auth: AuthComponents, claims: AccessClaims) -> int:
    count = await revoke_user_sessions(uow, auth=auth, user_id=claims.user_id, reason="logout_all")
    record_event(
        uow,
        "user.logged_out",
        {"user_id": str(claims.user_id), "all_sessions": True, "count": count},
    )
    return count


async def list_sessions(
    uow: ReadUnitOfWork, *, auth: AuthComponents, user_id: uuid.UUID, page: PageParams
) -> tuple[list[AuthSession], str | None]:
    """The user's live sessions, newest first, and the cursor of the next page."""
    now = uow.clock.now()
    idle_cutoff = now - await idle_timeout(uow, auth)
    stmt = sa.select(AuthSession).where(
        AuthSession.user_id == user_id,
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > now,
        AuthSession.last_used_at > idle_cutoff,
    )
    return await fetch_page(uow.session, stmt, page, AuthSession.id, newest_first=True)


async def revoke_session(
    uow: WriteUnitOfWork, *, auth: AuthComponents, user_id: uuid.UUID, session_id: uuid.UUID
) -> None:
    session = await uow.session.get(AuthSession, (uow.require_tenant(), session_id))
    if session is None or session.user_id != user_id or session.revoked_at is not None:
        raise SessionNotFound("No active session of yours has this id")
    await revoke_sessions(uow, auth=auth, sessions=[session], reason="revoked")
    record_event(
        uow, "user.session_revoked", {"user_id": str(user_id), "session_id": str(session_id)}
    )


async def prune_ended_sessions(
    uow: WriteUnitOfWork, *, older_than_days: int, idle_timeout_seconds: int
) -> int:
    """Delete sessions that ended (revoked or expired) more than `older_than_days` ago,
    their refresh tokens with them, and single-use tokens used or expired as long ago (and
    second steps of sign-in and passkey challenges expired as long ago).
    Runs in a system unit of work, across tenants (ORM statements, unscoped there)."""
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
    challenges = await uow.session.execute(
        sa.delete(PasskeyChallenge)
        .where(PasskeyChallenge.expires_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    steps = await uow.session.execute(
        sa.delete(MfaChallenge)
        .where(MfaChallenge.expires_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return (
        int(sessions.rowcount)  # type: ignore[attr-defined]
        + int(tokens.rowcount)  # type: ignore[attr-defined]
        + int(steps.rowcount)  # type: ignore[attr-defined]
        + int(challenges.rowcount)  # type: ignore[attr-defined]
    )
