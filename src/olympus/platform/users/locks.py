"""Row locks on users. A sign-in holds its user's row (shared) until it commits, so a
concurrent deactivation waits for it and then ends the session it made; see
`olympus.core.locking` for the order rule."""

import uuid
from typing import cast

import sqlalchemy as sa

from olympus.core.db import DriverConnection, WriteUnitOfWork
from olympus.platform.users.models import User

_USERS = cast(sa.Table, User.__table__)
_HOLD_IF_ACTIVE_SQL = "SELECT is_active FROM users WHERE tenant_id = $1 AND id = $2 FOR SHARE"


async def hold_if_active(uow: WriteUnitOfWork, user_id: uuid.UUID) -> bool:
    """Whether the user is active, holding that answer to the end of the transaction: the
    row is share-locked on PostgreSQL. (SQLite's writing transactions are serial already.)"""
    conn = await uow.session.connection()
    active = await conn.scalar(
        sa.select(_USERS.c.is_active)
        .where(_USERS.c.tenant_id == uow.require_tenant(), _USERS.c.id == user_id)
        .with_for_update(read=True)
    )
    return bool(active)


async def hold_if_active_on(
    conn: DriverConnection, tenant_id: uuid.UUID, user_id: uuid.UUID
) -> bool:
    """`hold_if_active` on the driver's connection (PostgreSQL's sign-in)."""
    return bool(await conn.fetchval(_HOLD_IF_ACTIVE_SQL, tenant_id, user_id))
