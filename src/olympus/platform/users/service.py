"""User rules other domains rely on: create, find by email, change the password hash."""

import contextlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

import orjson
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.core.cache import CacheUnavailable, forget_after_commit
from olympus.core.db import DriverConnection, UnitOfWork, new_id
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.users.errors import EmailTaken, UserNotFound
from olympus.platform.users.models import User

if TYPE_CHECKING:
    from olympus.auth.service import Authenticator
    from olympus.core.cache import Cache
    from olympus.platform.rbac.authorization import Authorization


def normalise_email(email: str) -> str:
    """Case variants of one address are one account (and share one rate-limit counter)."""
    return email.strip().lower()


async def find_by_email(uow: UnitOfWork, email: str) -> User | None:
    stmt = sa.select(User).where(User.email_normalized == normalise_email(email))
    return (await uow.session.scalars(stmt)).one_or_none()


@dataclass(frozen=True)
class Credentials:
    """What sign-in needs of a user, read without loading the ORM object."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    email: str
    full_name: str
    password_hash: str
    email_verified: bool
    is_active: bool
    created_at: datetime


_USERS = cast(sa.Table, User.__table__)
_CREDENTIALS = sa.select(*(_USERS.c[name] for name in Credentials.__dataclass_fields__))


async def find_credentials(uow: UnitOfWork, email: str) -> Credentials | None:
    """The user of the tenant in scope with this email (any case), for sign-in: one Core
    read on the transaction's connection, binding the tenant itself."""
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


async def hold_if_active(uow: UnitOfWork, user_id: uuid.UUID) -> bool:
    """Whether the user is active, holding that answer to the end of the transaction: the
    row is share-locked on PostgreSQL, so a concurrent deactivation waits for this
    transaction, then ends what it made (a new session) with the rest. (SQLite's writing
    transactions are serial already.)"""
    conn = await uow.session.connection()
    active = await conn.scalar(
        sa.select(_USERS.c.is_active)
        .where(_USERS.c.tenant_id == uow.require_tenant(), _USERS.c.id == user_id)
        .with_for_update(read=True)
    )
    return bool(active)


async def set_password_hash_of(uow: UnitOfWork, user_id: uuid.UUID, password_hash: str) -> None:
    """`set_password_hash` by id, without loading the user (sign-in's rehash)."""
    conn = await uow.session.connection()
    await conn.execute(
        sa.update(_USERS)
        .where(_USERS.c.tenant_id == uow.require_tenant(), _USERS.c.id == user_id)
        .values(password_hash=password_hash, updated_at=uow.clock.now())
    )


# The same three on the driver's connection, for PostgreSQL's sign-in path; the transaction
# around them is scoped to the tenant, whose id every statement binds too.
_CREDENTIALS_SQL = (
    "SELECT id, tenant_id, email, full_name, password_hash, email_verified, is_active,"
    " created_at FROM users WHERE tenant_id = $1 AND email_normalized = $2"
)
_HOLD_IF_ACTIVE_SQL = "SELECT is_active FROM users WHERE tenant_id = $1 AND id = $2 FOR SHARE"
_SET_PASSWORD_HASH_SQL = (
    "UPDATE users SET password_hash = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2"
)


async def find_credentials_on(
    conn: DriverConnection, tenant_id: uuid.UUID, email: str
) -> Credentials | None:
    row = await conn.fetchrow(_CREDENTIALS_SQL, tenant_id, normalise_email(email))
    return None if row is None else Credentials(**row)


async def hold_if_active_on(
    conn: DriverConnection, tenant_id: uuid.UUID, user_id: uuid.UUID
) -> bool:
    return bool(await conn.fetchval(_HOLD_IF_ACTIVE_SQL, tenant_id, user_id))


async def set_password_hash_on(
    conn: DriverConnection,
    tenant_id: uuid.UUID,
    user_id: uuid.UUID,
    password_hash: str,
    now: datetime,
) -> None:
    await conn.execute(_SET_PASSWORD_HASH_SQL, tenant_id, user_id, password_hash, now)


async def get(uow: UnitOfWork, user_id: uuid.UUID) -> User:
    user = await uow.session.get(User, (uow.require_tenant(), user_id))
    if user is None:
        raise UserNotFound()
    return user


async def create_user(
    uow: UnitOfWork,
    *,
    email: str,
    password_hash: str,
    full_name: str = "",
    email_verified: bool = False,
) -> User:
    if await find_by_email(uow, email) is not None:
        raise EmailTaken("An account with this email already exists in this tenant")
    now = uow.clock.now()
    user = User(
        id=new_id(),
        email=email.strip(),
        email_normalized=normalise_email(email),
        full_name=full_name,
        password_hash=password_hash,
        email_verified=email_verified,
        is_active=True,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(user)
    try:
        async with uow.session.begin_nested():
            await uow.session.flush()
    except IntegrityError as exc:  # a concurrent registration of the same email won
        raise EmailTaken("An account with this email already exists in this tenant") from exc
    return user


async def set_password_hash(uow: UnitOfWork, user: User, password_hash: str) -> None:
    user.password_hash = password_hash
    user.updated_at = uow.clock.now()


async def mark_email_verified(uow: UnitOfWork, user: User) -> None:
    user.email_verified = True
    user.updated_at = uow.clock.now()


async def count_users(uow: UnitOfWork) -> int:
    return int(await uow.session.scalar(sa.select(sa.func.count()).select_from(User)) or 0)


async def active_ids(uow: UnitOfWork, user_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    if not user_ids:
        return []
    stmt = sa.select(User.id).where(User.id.in_(user_ids), User.is_active.is_(True))
    return list((await uow.session.scalars(stmt)).all())


async def list_users(
    uow: UnitOfWork,
    *,
    page: PageParams,
    q: str | None = None,
    only_ids: list[uuid.UUID] | None = None,
    active: bool | None = None,
) -> tuple[list[User], str | None]:
    """The tenant's users, oldest first; `q` searches email and name."""
    stmt = sa.select(User)
    if q:
        # autoescape: `%` and `_` in the search are literal characters, not wildcards.
        needle = q.lower()
        stmt = stmt.where(
            sa.or_(
                User.email_normalized.contains(needle, autoescape=True),
                sa.func.lower(User.full_name).contains(needle, autoescape=True),
            )
        )
    if only_ids is not None:
        stmt = stmt.where(User.id.in_(only_ids))
    if active is not None:
        stmt = stmt.where(User.is_active.is_(active))
    return await fetch_page(uow.session, stmt, page, User.id)


async def update_profile(
    uow: UnitOfWork, user: User, *, full_name: str | None
) -> dict[str, object]:
    changes: dict[str, object] = {}
    if full_name is not None and full_name != user.full_name:
        changes["full_name"] = {"from": user.full_name, "to": full_name}
        user.full_name = full_name
    if changes:
        user.updated_at = uow.clock.now()
    return changes


async def set_active(uow: UnitOfWork, user: User, active: bool) -> bool:
    """Returns whether anything changed."""
    if user.is_active == active:
        return False
    user.is_active = active
    user.updated_at = uow.clock.now()
    return True


async def create_member(
    uow: UnitOfWork,
    *,
    auth: "Authenticator",
    actor: "Authorization",
    email: str,
    full_name: str,
    password: str | None,
    role_ids: list[uuid.UUID],
) -> User:
    """An administrator adds a user: with a password, or invited by email to choose one;
    granted the given roles (never more than the administrator holds)."""
    from olympus.auth import service as auth_service
    from olympus.platform.audit import service as audit
    from olympus.platform.rbac import service as rbac

    if password is None:
        user = await auth_service.invite_user(uow, auth=auth, email=email, full_name=full_name)
    else:
        user = await auth_service.create_user_with_password(
            uow, auth=auth, email=email, password=password, full_name=full_name, role=None
        )
    # Recorded before the grants, so the log reads in the order things happened.
    audit.record(
        uow,
        action="user.created",
        target_type="user",
        target_id=user.id,
        changes={"email": user.email, "full_name": full_name, "invited": password is None},
    )
    for role_id in dict.fromkeys(role_ids):  # a role listed twice is granted once
        await rbac.grant_role(uow, actor=actor, cache=auth.cache, user_id=user.id, role_id=role_id)
    return user


async def update_member(
    uow: UnitOfWork,
    *,
    auth: "Authenticator",
    actor: "Authorization",
    user_id: uuid.UUID,
    full_name: str | None,
    is_active: bool | None,
) -> User:
    """Change a user's profile; deactivating ends their sessions at once (the last active
    owner can't be deactivated), reactivating lets them sign in again. As with granting and
    revoking the owner role, only an owner deactivates or reactivates an owner."""
    from olympus.auth import service as auth_service
    from olympus.core.events import record_event
    from olympus.platform.audit import service as audit
    from olympus.platform.rbac import service as rbac
    from olympus.platform.rbac.errors import PrivilegeEscalation

    user = await get(uow, user_id)
    if (
        is_active is not None
        and is_active != user.is_active
        and "owner" not in actor.roles
        and user.id in await rbac.user_ids_with_role(uow, "owner")
    ):
        raise PrivilegeEscalation("Only an owner deactivates or reactivates an owner")
    changes = await update_profile(uow, user, full_name=full_name)
    if is_active is False and user.is_active:
        await rbac.ensure_not_last_owner(uow, user.id)
    if is_active is not None and await set_active(uow, user, is_active):
        changes["is_active"] = {"from": not is_active, "to": is_active}
        if not is_active:
            await auth_service.revoke_user_sessions(
                uow, auth=auth, user_id=user.id, reason="deactivated"
            )
    if changes:
        forget_profiles(uow, auth.cache, [user.id])
        event = "user.updated"
        if "is_active" in changes:
            event = "user.reactivated" if is_active else "user.deactivated"
        record_event(uow, event, {"user_id": str(user.id), "changes": changes})
        audit.record(uow, action=event, target_type="user", target_id=user.id, changes=changes)
    return user


# --- the cached profile (what /auth/me shows of a user) --------------------------------------

PROFILE_TTL_SECONDS = 120


def profile_cache_key(tenant_id: uuid.UUID, user_id: uuid.UUID) -> str:
    return f"profile:{tenant_id}:{user_id}"


def profile_of(user: User) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "tenant_id": str(user.tenant_id),
        "email": user.email,
        "full_name": user.full_name,
        "email_verified": user.email_verified,
        "is_active": user.is_active,
        "created_at": user.created_at.isoformat(),
    }


async def load_profile(uow: UnitOfWork, cache: "Cache", user_id: uuid.UUID) -> dict[str, Any]:
    """The user's profile from the database, kept in the cache for the next request."""
    profile = profile_of(await get(uow, user_id))
    with contextlib.suppress(CacheUnavailable):
        await cache.set(
            profile_cache_key(uow.require_tenant(), user_id),
            orjson.dumps(profile).decode(),
            ttl=PROFILE_TTL_SECONDS,
        )
    return profile


def forget_profiles(uow: UnitOfWork, cache: "Cache", user_ids: list[uuid.UUID]) -> None:
    """After commit, drop the cached profiles of these users."""
    tenant_id = uow.require_tenant()
    forget_after_commit(uow, cache, *(profile_cache_key(tenant_id, u) for u in user_ids))


async def is_active(uow: UnitOfWork, user_id: uuid.UUID) -> bool:
    """Whether the user exists and may sign in; a lean read for the refresh hot path."""
    users = User.__table__
    conn = await uow.session.connection()
    active = await conn.scalar(
        sa.select(users.c.is_active).where(
            users.c.tenant_id == uow.require_tenant(), users.c.id == user_id
        )
    )
    return bool(active)
