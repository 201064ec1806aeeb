"""Accounts across domains, each in the caller's unit of work: a tenant created with its
system roles and its owner, the platform's operators, and members that an administrator
adds or changes together with their roles and sessions."""

import uuid

from olympus.auth import service as auth_service
from olympus.auth.service import AuthComponents
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.rbac import service as rbac
from olympus.platform.rbac.authorization import Authorization
from olympus.platform.rbac.errors import PrivilegeEscalation
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.models import Tenant
from olympus.platform.users import service as users
from olympus.platform.users.models import User


async def create_tenant(uow: WriteUnitOfWork, *, slug: str, name: str) -> Tenant:
    """A tenant with its system roles, put in scope."""
    tenant = await tenants.create_tenant(uow, slug=slug, name=name)
    await rbac.create_system_roles(uow)
    return tenant


async def create_tenant_with_owner(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    slug: str,
    name: str,
    owner_email: str,
    owner_password: str,
    owner_name: str = "",
) -> tuple[Tenant, User]:
    """Create a tenant, its system roles and its owner in one transaction (the owner's
    password is hashed before its first statement)."""
    tenants.check_new_slug(slug)
    password = await auth_service.hash_new_password(
        auth, email=owner_email, password=owner_password
    )
    tenant = await create_tenant(uow, slug=slug, name=name)
    owner = await auth_service.create_user_with_password(
        uow, password=password, full_name=owner_name, role="owner"
    )
    record_event(
        uow,
        "tenant.created",
        {
            "tenant_id": str(tenant.id),
            "slug": tenant.slug,
            "name": tenant.name,
            "owner_id": str(owner.id),
        },
    )
    return tenant, owner


async def operator_exists(uow: ReadUnitOfWork) -> bool:
    if await tenants.enter_platform_tenant(uow) is None:
        return False
    return await users.count_users(uow) > 0


async def create_operator(
    uow: WriteUnitOfWork, *, auth: AuthComponents, email: str, password: str, full_name: str = ""
) -> User:
    """A platform operator: an owner in the reserved `platform` tenant (made on first use)."""
    checked = await auth_service.hash_new_password(auth, email=email, password=password)
    if await tenants.enter_platform_tenant(uow) is None:
        await create_tenant(uow, slug=tenants.PLATFORM_SLUG, name="Platform operators")
    return await auth_service.create_user_with_password(
        uow, password=checked, full_name=full_name, role="owner"
    )


async def create_member(
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    actor: Authorization,
    email: str,
    full_name: str,
    password: str | None,
    role_ids: list[uuid.UUID],
) -> User:
    """An administrator adds a user: with a password, or invited by email to choose one;
    granted the given roles (never more than the administrator holds)."""
    if password is None:
        user = await auth_service.invite_user(uow, auth=auth, email=email, full_name=full_name)
    else:
        checked = await auth_service.hash_new_password(auth, email=email, password=password)
        user = await auth_service.create_user_with_password(
            uow, password=checked, full_name=full_name, role=None
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
    uow: WriteUnitOfWork,
    *,
    auth: AuthComponents,
    actor: Authorization,
    user_id: uuid.UUID,
    full_name: str | None,
    is_active: bool | None,
) -> User:
    """Change a user's profile; deactivating ends their sessions at once (the last active
    owner can't be deactivated), reactivating lets them sign in again. As with granting and
    revoking the owner role, only an owner deactivates or reactivates an owner."""
    user = await users.get(uow, user_id)
    if (
        is_active is not None
        and is_active != user.is_active
        and "owner" not in actor.roles
        and user.id in await rbac.user_ids_with_role(uow, "owner")
    ):
        raise PrivilegeEscalation("Only an owner deactivates or reactivates an owner")
    changes = await users.update_profile(uow, user, full_name=full_name)
    if is_active is False and user.is_active:
        await rbac.ensure_not_last_owner(uow, user.id)
    if is_active is not None and await users.set_active(uow, user, is_active):
        changes["is_active"] = {"from": not is_active, "to": is_active}
        if not is_active:
            await auth_service.revoke_user_sessions(
                uow, auth=auth, user_id=user.id, reason="deactivated"
            )
    if changes:
        users.forget_profiles(uow, auth.cache, [user.id])
        event = "user.updated"
        if "is_active" in changes:
            event = "user.reactivated" if is_active else "user.deactivated"
        record_event(uow, event, {"user_id": str(user.id), "changes": changes})
        audit.record(uow, action=event, target_type="user", target_id=user.id, changes=changes)
    return user
