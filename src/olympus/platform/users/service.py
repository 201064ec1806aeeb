"""User rules other domains rely on: create, find by email, change the password hash."""

import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.core.db import UnitOfWork, new_id
from olympus.platform.users.errors import EmailTaken, UserNotFound
from olympus.platform.users.models import User


def normalise_email(email: str) -> str:
    """Case variants of one address are one account (and share one rate-limit counter)."""
    return email.strip().lower()


async def find_by_email(uow: UnitOfWork, email: str) -> User | None:
    stmt = sa.select(User).where(User.email_normalized == normalise_email(email))
    return (await uow.session.scalars(stmt)).one_or_none()


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
