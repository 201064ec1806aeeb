"""Lean statements on the `users` table for the hot paths (sign-in, refresh): Core statements
on the unit of work's connection, and their twins on the driver's connection (`*_on`), which
PostgreSQL's sign-in uses inside a transaction scoped to the tenant. Every statement binds
`tenant_id` itself."""

import uuid
from datetime import datetime
from typing import cast

import sqlalchemy as sa

from olympus.core.db import DriverConnection, ReadUnitOfWork, WriteUnitOfWork
from olympus.platform.users.models import Credentials, User

_USERS = cast(sa.Table, User.__table__)
_CREDENTIALS = sa.select(*(_USERS.c[name] for name in Credentials.__dataclass_fields__))


def normalise_email(email: str) -> str:
    """Case variants of one address are one account (and share one rate-limit counter)."""
    return email.strip().lower()


async def find_credentials(uow: ReadUnitOfWork, email: str) -> Credentials | None:
    """The user of the tenant in scope with this email (any case), for sign-in."""
    conn = await uow.session.connection()
    row = (
        await conn.execute(
            _CREDENTIALS.where(
                _USERS.c.tenant_id == uow.require_tenant(),
                _USERS.c.email_normalized == normalise_email(email),
            )
        )
    ).one_or_none()
    return None if row is None else Credentials(**row._mapping)


async def set_password_hash_of(
    uow: WriteUnitOfWork, user_id: uuid.UUID, password_hash: str
) -> None:
    """A new password hash by id, without loading the user (sign-in's rehash)."""
    conn = await uow.session.connection()
    await conn.execute(
        sa.update(_USERS)
        .where(_USERS.c.tenant_id == uow.require_tenant(), _USERS.c.id == user_id)
        .values(password_hash=password_hash, updated_at=uow.clock.now())
    )


async def is_active(uow: ReadUnitOfWork, user_id: uuid.UUID) -> bool:
    """Whether the user exists and may sign in (the refresh hot path)."""
    conn = await uow.session.connection()
    active = await conn.scalar(
        sa.select(_USERS.c.is_active).where(
            _USERS.c.tenant_id == uow.require_tenant(), _USERS.c.id == user_id
        )
    )
    return bool(active)


_CREDENTIALS_SQL = (
    "SELECT id, tenant_id, email, full_name, password_hash, email_verified, is_active,"
    " created_at, mfa_enabled FROM users WHERE tenant_id = $1 AND email_normalized = $2"
)
_SET_PASSWORD_HASH_SQL = (
    "UPDATE users SET password_hash = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2"
)


async def find_credentials_on(
    conn: DriverConnection, tenant_id: uuid.UUID, email: str
) -> Credentials | None:
    row = await conn.fetchrow(_CREDENTIALS_SQL, tenant_id, normalise_email(email))
    return None if row is None else Credentials(**row)


async def set_password_hash_on(
    conn: DriverConnection,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    password_hash: str,
    now: datetime,
) -> None:
    await conn.execute(_SET_PASSWORD_HASH_SQL, tenant_id, user_id, password_hash, now)
