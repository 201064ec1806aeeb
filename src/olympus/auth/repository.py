"""The statements of the authentication hot paths, beside the rules that use them: Core
statements on a unit of work's connection (sign-in's session, every rotation's token) and the
driver SQL of PostgreSQL's sign-in and refresh. Every statement binds `tenant_id` itself."""

import uuid
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa

from olympus.auth.models import AuthSession, RefreshToken
from olympus.core.db import DriverConnection, ReadUnitOfWork, WriteUnitOfWork, new_id

_TOKENS = cast(sa.Table, RefreshToken.__table__)
_SESSIONS = cast(sa.Table, AuthSession.__table__)


async def insert_session(
    uow: WriteUnitOfWork,
    *,
    session_id: uuid.UUID,
    user_id: uuid.UUID,
    now: datetime,
    expires_at: datetime,
    ip: str,
    user_agent: str,
    amr: str = "pwd",
    scope: str | None = None,
) -> None:
    conn = await uow.session.connection()
    await conn.execute(
        sa.insert(_SESSIONS).values(
            amr=amr,
            scope=scope,
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


async def insert_refresh_token(
    uow: WriteUnitOfWork, *, session_id: uuid.UUID, token_hash: str, now: datetime
) -> None:
    conn = await uow.session.connection()
    await conn.execute(
        sa.insert(_TOKENS).values(
            tenant_id=uow.require_tenant(),
            id=new_id(),
            session_id=session_id,
            token_hash=token_hash,
            created_at=now,
            spent_at=None,
        )
    )


async def spend_refresh_token(
    uow: WriteUnitOfWork, *, token_hash: str, now: datetime
) -> uuid.UUID | None:
    """Spend an unspent token in one conditional update; its session's id, or None if the
    token is unknown or was spent before (a concurrent spender loses here)."""
    conn = await uow.session.connection()
    session_id: uuid.UUID | None = (
        await conn.execute(
            sa.update(_TOKENS)
            .where(
                _TOKENS.c.tenant_id == uow.require_tenant(),
                _TOKENS.c.token_hash == token_hash,
                _TOKENS.c.spent_at.is_(None),
            )
            .values(spent_at=now)
            .returning(_TOKENS.c.session_id)
        )
    ).scalar_one_or_none()
    return session_id


async def session_state(uow: ReadUnitOfWork, session_id: uuid.UUID) -> Any:
    """The session's user, revocation, expiry and last use, as one row."""
    conn = await uow.session.connection()
    return (
        await conn.execute(
            sa.select(
                _SESSIONS.c.user_id,
                _SESSIONS.c.revoked_at,
                _SESSIONS.c.expires_at,
                _SESSIONS.c.last_used_at,
                _SESSIONS.c.amr,
                _SESSIONS.c.scope,
            ).where(_SESSIONS.c.tenant_id == uow.require_tenant(), _SESSIONS.c.id == session_id)
        )
    ).one()


async def touch_session(
    uow: WriteUnitOfWork, session_id: uuid.UUID, *, now: datetime, ip: str
) -> None:
    touched: dict[str, Any] = {"last_used_at": now}
    if ip:
        touched["ip"] = ip[:64]
    conn = await uow.session.connection()
    await conn.execute(
        sa.update(_SESSIONS)
        .where(_SESSIONS.c.tenant_id == uow.require_tenant(), _SESSIONS.c.id == session_id)
        .values(**touched)
    )


# --- PostgreSQL: the driver's connection ----------------------------------------------------

# A session and its first refresh token in one round trip (the token's foreign key is
# checked at the end of the statement, when the session row exists).
_OPEN_SESSION = """
WITH opened AS (
    INSERT INTO auth_sessions (tenant_id, id, user_id, created_at, last_used_at, expires_at,
                               revoked_at, revoked_reason, user_agent, ip, amr, scope)
    VALUES ($1, $2, $3, $4, $4, $5, NULL, NULL, $6, $7, 'pwd', $10)
)
INSERT INTO refresh_tokens (tenant_id, id, session_id, token_hash, created_at, spent_at)
VALUES ($1, $8, $2, $9, $4, NULL)
"""


async def open_session_on(
    conn: DriverConnection,
    tenant_id: uuid.UUID,
    *,
    session_id: uuid.UUID,
    user_id: uuid.UUID,
    now: datetime,
    expires_at: datetime,
    ip: str,
    user_agent: str,
    token_hash: str,
    scope: str | None = None,
) -> None:
    await conn.execute(
        _OPEN_SESSION, tenant_id, session_id, user_id, now, expires_at, user_agent[:500],
        ip[:64], new_id(), token_hash, scope,
    )  # fmt: skip


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
    SELECT s.id, s.user_id, s.expires_at, s.last_used_at, s.amr, s.scope
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
SELECT id, user_id, expires_at, last_used_at, amr, scope FROM live
"""


async def rotate_on(
    conn: DriverConnection,
    tenant_id: uuid.UUID,
    *,
    token_hash: str,
    now: datetime,
    idle_ceiling: timedelta,
    new_token_hash: str,
    ip: str,
) -> Any:
    """The whole successful rotation; the session's row, or None when anything fails."""
    return await conn.fetchrow(
        _ROTATE, tenant_id, token_hash, now, idle_ceiling, new_id(), new_token_hash, ip[:64]
    )
