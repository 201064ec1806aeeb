"""Accounts and their passwords, inside a unit of work: self-registration, users made by an
operator or an administrator (with a password, or invited to choose one), and password
changes.

A password is hashed before the unit of work's first statement (or, for a change, checked
in a reading transaction before the writing one): a writing transaction never waits on a
hash, so it never holds the embedded database's one writer slot for tens of milliseconds."""

import uuid
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError

from olympus.auth.errors import InvalidCurrentPassword, WeakPassword
from olympus.auth.models import TokenPurpose
from olympus.auth.passwords import check_password_policy
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.email_tokens import (
    email_one_time_token,
    send_security_notice,
    send_verification,
)
from olympus.auth.service.sessions import revoke_user_sessions
from olympus.auth.tokens import AccessClaims
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.errors import InvalidInput
from olympus.core.events import record_event
from olympus.core.schemas import EmailAddress
from olympus.platform.rbac import service as rbac
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound
from olympus.platform.users import service as users
from olympus.platform.users.errors import EmailTaken
from olympus.platform.users.models import User

UNUSABLE_PASSWORD = "!"  # no Argon2 hash: nothing verifies against it
INVITATION_TTL_SECONDS = 7 * 86400

_EMAIL = TypeAdapter(EmailAddress)


def _valid_email(email: str) -> str:
    try:
        return str(_EMAIL.validate_python(email))
    except ValidationError as exc:
        raise InvalidInput(f"{email!r} is not a valid email address") from exc


async def register(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    tenant_slug: str,
    email: str,
    password: str,
    full_name: str = "",
    ip: str = "",
) -> User:
    slug = tenant_slug.strip().lower()
    if slug == tenants.PLATFORM_SLUG:
        raise TenantNotFound("No open tenant with this slug")
    # Each registration costs a hash and sends an email: limited per client address and per
    # tenant before either happens.
    limits = auth.settings
    await auth.limiter.take(
        f"register:ip:{ip}", limit=limits.registrations_per_address_per_hour, window=3600
    )
    await auth.limiter.take(
        f"register:tenant:{slug}", limit=limits.registrations_per_tenant_per_hour, window=3600
    )
    check_password_policy(password, email=email, context=(slug, "olympus"))
    password_hash = await auth.hashing.hash(password)  # before the first statement
    await tenants.enter_active_tenant(uow, slug)
    if await users.find_by_email(uow, email) is not None:
        raise EmailTaken("An account with this email already exists in this tenant")
    user = await users.create_user(
        uow, email=email, password_hash=password_hash, full_name=full_name
    )
    await rbac.grant_role_by_name(uow, user_id=user.id, role_name="customer")
    await send_verification(uow, auth=auth, user=user)
    record_event(
        uow,
        "user.registered",
        {"user_id": str(user.id), "email": user.email, "full_name": user.full_name},
    )
    return user


@dataclass(frozen=True)
class NewPassword:
    """A password checked against the policy and hashed, ready for a unit of work."""

    email: str
    password_hash: str


async def hash_new_password(auth: AuthComponents, *, email: str, password: str) -> NewPassword:
    """Check a new account's address and password and hash the password: called before the
    unit of work that creates the account runs its first statement."""
    email = _valid_email(email)
    check_password_policy(password, email=email)
    return NewPassword(email, await auth.hashing.hash(password))


async def create_user_with_password(
    uow: WriteUnitOfWork,
    *,
    password: NewPassword,
    full_name: str = "",
    role: str | None,
    email_verified: bool = True,
) -> User:
    """A user made by an operator or an administrator (not self-registered), with a password
    from `hash_new_password`, granted `role`."""
    user = await users.create_user(
        uow,
        email=password.email,
        password_hash=password.password_hash,
        full_name=full_name,
        email_verified=email_verified,
    )
    if role is not None:
        await rbac.grant_role_by_name(uow, user_id=user.id, role_name=role)
    record_event(uow, "user.created", {"user_id": str(user.id), "email": user.email, "role": role})
    return user


async def invite_user(
    uow: WriteUnitOfWork, *, auth: AuthComponents, email: str, full_name: str = ""
) -> User:
    """A user created by an administrator without a password: they receive a single-use
    token (7 days) to choose one through POST /auth/password-reset/confirm."""
    email = _valid_email(email)
    user = await users.create_user(
        uow, email=email, password_hash=UNUSABLE_PASSWORD, full_name=full_name
    )
    await email_one_time_token(
        uow,
        auth=auth,
        user=user,
        purpose=TokenPurpose.PASSWORD_RESET,
        ttl_seconds=INVITATION_TTL_SECONDS,
        kind="invitation",
    )
    record_event(uow, "user.invited", {"user_id": str(user.id), "email": user.email})
    return user


@dataclass(frozen=True)
class PasswordChange:
    """A change checked in a reading transaction: the hash it replaces and the new one."""

    user_id: uuid.UUID
    replaces: str
    password_hash: str


async def check_password_change(
    reader: ReadUnitOfWork,
    *,
    auth: AuthComponents,
    claims: AccessClaims,
    current_password: str,
    new_password: str,
    ip: str,
) -> PasswordChange:
    """Verify the current password (counted by the sign-in limiter) and hash the new one,
    with no writing transaction open."""
    user = await users.get(reader, claims.user_id)
    tenant = await tenants.find(reader, claims.tenant_id)
    slug = tenant.slug if tenant else ""
    await auth.limiter.check(tenant=slug, email=user.email, ip=ip)
    if not await auth.hashing.verify(user.password_hash, current_password):
        await auth.limiter.record_failure(tenant=slug, email=user.email, ip=ip)
        raise InvalidCurrentPassword("The current password is wrong")
    check_password_policy(new_password, email=user.email, context=(slug,))
    if new_password == current_password:
        raise WeakPassword("The new password must differ from the current one")
    return PasswordChange(user.id, user.password_hash, await auth.hashing.hash(new_password))


async def change_password(
    uow: WriteUnitOfWork, *, auth: AuthComponents, claims: AccessClaims, change: PasswordChange
) -> None:
    """Store a checked change, unless the password changed meanwhile; every other session of
    the user ends."""
    user = await users.get(uow, change.user_id)
    if user.password_hash != change.replaces:  # changed by a concurrent request
        raise InvalidCurrentPassword("The current password is wrong")
    await users.set_password_hash(uow, user, change.password_hash)
    await revoke_user_sessions(
        uow, auth=auth, user_id=user.id, reason="password_changed", keep=claims.session_id
    )
    record_event(uow, "user.password_changed", {"user_id": str(user.id)})
    await send_security_notice(uow, auth=auth, user=user, what="Your password was changed")
