"""Refresh, in transactions of its own: the most frequent write of the API. On PostgreSQL the
success path is one statement on the driver's connection; whenever it does not succeed
outright (a spent or unknown token, an ended session, a disabled user, a suspended tenant) it
changes nothing, and the refresh is decided again in a unit of work by
`sessions.rotate_refresh_token`, which answers every refusal (and is the whole path on
SQLite)."""

import uuid
from datetime import timedelta

from olympus.auth import repository
from olympus.auth.errors import InvalidToken
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.sessions import MIN_IDLE_TIMEOUT, Rotation, rotate_refresh_token
from olympus.auth.tokens import hash_token, new_opaque_token, parse_opaque_token
from olympus.core.db import Database
from olympus.platform.settings import service as tenant_settings


async def refresh(
    db: Database,
    *,
    auth: AuthComponents,
    refresh_token: str,
    ip: str,
    request_id: str | None = None,
) -> Rotation:
    """Spend a refresh token for a new pair. A token spent before (or by a concurrent call)
    is a reuse: the whole session is revoked (RFC 9700 4.14)."""
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


class _NotOnTheFastPath(Exception):
    """Roll the driver transaction back: the unit-of-work path decides this refresh."""


async def _rotate_on_driver(
    db: Database, *, auth: AuthComponents, tenant_id: uuid.UUID, token_hash: str, ip: str
) -> Rotation | None:
    now = auth.clock.now()
    new_token = new_opaque_token(tenant_id)
    try:
        async with db.driver_transaction(tenant_id) as conn:
            row = await repository.rotate_on(
                conn,
                tenant_id,
                token_hash=token_hash,
                now=now,
                idle_ceiling=timedelta(seconds=auth.settings.session_idle_timeout_seconds),
                new_token_hash=hash_token(new_token),
                ip=ip,
            )
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
    access = auth.signer.issue(
        user_id=row["user_id"],
        tenant_id=tenant_id,
        session_id=row["id"],
        amr=row["amr"],
        scope=row["scope"],
    )
    return Rotation(access, new_token, row["expires_at"])
