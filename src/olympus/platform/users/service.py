"""User rules other domains rely on: create, find by email, change the password hash, the
profile /auth/me shows. The cache key `profile:` is spelled here only."""

import contextlib
import uuid
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.core.cache import Cache, CacheUnavailable, forget_after_commit
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.users import locks, repository
from olympus.platform.users.errors import EmailTaken, UserNotFound
from olympus.platform.users.models import Credentials, User

__all__ = ["Credentials"]

# What the sign-in and refresh hot paths use of the repository and the locks, through this
# service like every other rule of the domain.
normalise_email = repository.normalise_email
find_credentials = repository.find_credentials
find_credentials_on = repository.find_credentials_on
set_password_hash_of = repository.set_password_hash_of
set_password_hash_on = repository.set_password_hash_on
is_active = repository.is_active
hold_if_active = locks.hold_if_active
hold_if_active_on = locks.hold_if_active_on


async def find_by_email(uow: ReadUnitOfWork, email: str) -> User | None:
    stmt = sa.select(User).where(User.email_normalized == normalise_email(email))
    return (await uow.session.scalars(stmt)).one_or_none()


async def get(uow: ReadUnitOfWork, user_id: uuid.UUID) -> User:
    user = await uow.session.get(User, (uow.require_tenant(), user_id))
    if user is None:
        raise UserNotFound()
    return user


async def create_user(
    uow: WriteUnitOfWork,
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


async def set_password_hash(uow: WriteUnitOfWork, user: User, password_hash: str) -> None:
    user.password_hash = password_hash
    user.updated_at = uow.clock.now()


async def set_mfa_enabled(uow: WriteUnitOfWork, user: User, enabled: bool) -> None:
    """Whether the user has a confirmed second factor (sign-in asks for it when set)."""
    user.mfa_enabled = enabled
    user.updated_at = uow.clock.now()


async def mark_email_verified(uow: WriteUnitOfWork, user: User) -> None:
    user.email_verified = True
    user.updated_at = uow.clock.now()


async def count_users(uow: ReadUnitOfWork) -> int:
    return int(await uow.session.scalar(sa.select(sa.func.count()).select_from(User)) or 0)


async def active_ids(uow: ReadUnitOfWork, user_ids: list[uuid.UUID]) -> list[uuid.UUID]:
    if not user_ids:
        return []
    stmt = sa.select(User.id).where(User.id.in_(user_ids), User.is_active.is_(True))
    return list((await uow.session.scalars(stmt)).all())


async def list_users(
    uow: ReadUnitOfWork,
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
    uow: WriteUnitOfWork, user: User, *, full_name: str | None
) -> dict[str, object]:
    changes: dict[str, object] = {}
    if full_name is not None and full_name != user.full_name:
        changes["full_name"] = {"from": user.full_name, "to": full_name}
        user.full_name = full_name
    if changes:
        user.updated_at = uow.clock.now()
    return changes


async def set_active(uow: WriteUnitOfWork, user: User, active: bool) -> bool:
    """Returns whether anything changed."""
    if user.is_active == active:
        return False
    user.is_active = active
    user.updated_at = uow.clock.now()
    return True


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


async def load_profile(uow: ReadUnitOfWork, cache: Cache, user_id: uuid.UUID) -> dict[str, Any]:
    """The user's profile from the database, kept in the cache for the next request."""
    profile = profile_of(await get(uow, user_id))
    with contextlib.suppress(CacheUnavailable):
        await cache.set(
            profile_cache_key(uow.require_tenant(), user_id),
            orjson.dumps(profile).decode(),
            ttl=PROFILE_TTL_SECONDS,
        )
    return profile


def forget_profiles(uow: WriteUnitOfWork, cache: Cache, user_ids: list[uuid.UUID]) -> None:
    """After commit, drop the cached profiles of these users."""
    tenant_id = uow.require_tenant()
    forget_after_commit(uow, cache, *(profile_cache_key(tenant_id, u) for u in user_ids))
