"""Accounts and their passwords, inside a unit of work: self-registration, users made by an
operator or an administrator (with a password, or invited to choose one), and password
changes."""

from pydantic import EmailStr, TypeAdapter, ValidationError

from olympus.auth.email import invitation_email
from olympus.auth.errors import InvalidCurrentPassword, WeakPassword
from olympus.auth.models import TokenPurpose
from olympus.auth.passwords import check_password_policy
from olympus.auth.service.components import AuthComponents
from olympus.auth.service.email_tokens import email_one_time_token, send_verification
from olympus.auth.service.sessions import revoke_user_sessions
from olympus.auth.tokens import AccessClaims
from olympus.core.db import WriteUnitOfWork
from olympus.core.errors import InvalidInput
from olympus.core.events import record_event
from olympus.platform.rbac import service as rbac
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound
from olympus.platform.users import service as users
from olympus.platform.users.errors import EmailTaken
from olympus.platform.users.models import User

UNUSABLE_PASSWORD = "!"  # no Argon2 hash: nothing verifies against it
INVITATION_TTL_SECONDS = 7 * 86400

_EMAIL = TypeAdapter(EmailStr)


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
) -> User:
    if tenant_slug.strip().lower() == tenants.PLATFORM_SLUG:
        raise TenantNotFound("No open tenant with this slug")
    tenant = await tenants.enter_active_tenant(uow, tenant_slug)
    check_password_policy(password, email=email, context=(tenant.slug, "olympus"))
    if await users.find_by_email(uow, email) is not None:
        raise EmailTaken("An account with this email already exists in this tenant")
    password_hash = await auth.hashing.hash(password)
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


async def create_user_with_password(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    email: str,
    password: str,
    full_name: str = "",
    role: str | None,
    email_verified: bool = True,
) -> User:
    """A user made by an operator or an administrator (not self-registered): checked against
    the same password policy, granted `role`."""
    email = _valid_email(email)
    check_password_policy(password, email=email)
    password_hash = await auth.hashing.hash(password)
    user = await users.create_user(
        uow,
        email=email,
        password_hash=password_hash,
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
        compose=invitation_email,
    )
    record_event(uow, "user.invited", {"user_id": str(user.id), "email": user.email})
    return user


async def change_password(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    claims: AccessClaims,
    current_password: str,
    new_password: str,
    ip: str,
) -> None:
    user = await users.get(uow, claims.user_id)
    tenant = await tenants.find(uow, claims.tenant_id)
    slug = tenant.slug if tenant else ""
    await auth.limiter.check(tenant=slug, email=user.email, ip=ip)
    if not await auth.hashing.verify(user.password_hash, current_password):
        await auth.limiter.record_failure(tenant=slug, email=user.email, ip=ip)
        raise InvalidCurrentPassword("The current password is wrong")
    check_password_policy(new_password, email=user.email, context=(slug,))
    if new_password == current_password:
        raise WeakPassword("The new password must differ from the current one")
    await users.set_password_hash(uow, user, await auth.hashing.hash(new_password))
    await revoke_user_sessions(
        uow, auth=auth, user_id=user.id, reason="password_changed", keep=claims.session_id
    )
    record_event(uow, "user.password_changed", {"user_id": str(user.id)})
