"""The permission catalogue, the system roles every tenant has, and effective permissions."""

import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.core.cache import Cache, forget_after_commit
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.errors import InvalidInput
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations
from olympus.platform.rbac.authorization import Authorization
from olympus.platform.rbac.errors import (
    GrantNotFound,
    LastOwner,
    PrivilegeEscalation,
    RoleAlreadyGranted,
    RoleNameTaken,
    RoleNotFound,
    SystemRoleProtected,
    UnknownPermission,
)
from olympus.platform.rbac.locks import lock_role_named
from olympus.platform.rbac.models import Role, RoleGrant
from olympus.platform.users import service as users

PERMISSIONS: dict[str, str] = {
    "tenants:manage": "Create, change and suspend tenants (platform operators)",
    "users:read": "See the tenant's users",
    "users:manage": "Invite, change and deactivate the tenant's users",
    "roles:manage": "Create roles and grant them",
    "locations:read": "See locations",
    "locations:write": "Create and change locations",
    "settings:write": "Change tenant settings",
    "audit:read": "Read the audit log",
    "catalog:read": "See products and categories",
    "catalog:write": "Create and change products and categories",
    "inventory:read": "See stock levels",
    "inventory:write": "Adjust and transfer stock",
    "customers:read": "See customers",
    "customers:write": "Create and change customers",
    "orders:read": "See orders",
    "orders:write": "Create, fulfil and cancel orders",
    "payments:process": "Take payments",
    "payments:refund": "Refund payments",
    "discounts:read": "See discounts",
    "discounts:write": "Create and change discounts",
    "analytics:read": "Read sales analytics",
    "webhooks:manage": "Create and change webhooks, read their deliveries",
}

_STAFF = [
    "catalog:read",
    "inventory:read",
    "customers:read",
    "customers:write",
    "orders:read",
    "orders:write",
    "payments:process",
    "discounts:read",
    "locations:read",
]
_MANAGER = [
    *_STAFF,
    "catalog:write",
    "inventory:write",
    "payments:refund",
    "discounts:write",
    "analytics:read",
    "users:read",
]
_ADMIN = [p for p in PERMISSIONS if p != "tenants:manage"]

SYSTEM_ROLES: dict[str, tuple[str, list[str]]] = {
    "owner": ("Owns the tenant: every permission", _ADMIN),
    "admin": ("Runs the tenant: every permission", _ADMIN),
    "manager": ("Runs a location: catalog, stock, orders, refunds, analytics", _MANAGER),
    "staff": ("Serves customers: orders and payments", _STAFF),
    "customer": ("A customer signing in to the tenant's shop", []),
}
OPERATOR_PERMISSIONS = sorted(PERMISSIONS)


async def create_system_roles(uow: WriteUnitOfWork) -> dict[str, Role]:
    now = uow.clock.now()
    roles = {}
    for name, (description, permissions) in SYSTEM_ROLES.items():
        role = Role(
            id=new_id(),
            name=name,
            description=description,
            permissions=sorted(permissions),
            is_system=True,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(role)
        roles[name] = role
    await uow.session.flush()
    return roles


async def grant_role_by_name(
    uow: WriteUnitOfWork,
    *,
    user_id: uuid.UUID,
    role_name: str,
    location_id: uuid.UUID | None = None,
) -> RoleGrant:
    role = (await uow.session.scalars(sa.select(Role).where(Role.name == role_name))).one()
    grant = RoleGrant(
        id=new_id(),
        user_id=user_id,
        role_id=role.id,
        location_id=location_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(grant)
    await uow.session.flush()
    return grant


async def load_authorization(
    uow: ReadUnitOfWork, user_id: uuid.UUID, *, is_operator: bool = False
) -> Authorization:
    """The user's roles and permissions from their grants; platform operators (owners in the
    `platform` tenant) also hold `tenants:manage`."""
    tenant_id = uow.require_tenant()
    stmt = (
        sa.select(Role.name, Role.permissions, RoleGrant.location_id)
        .join(
            RoleGrant, sa.and_(RoleGrant.tenant_id == Role.tenant_id, RoleGrant.role_id == Role.id)
        )
        .where(RoleGrant.tenant_id == tenant_id, RoleGrant.user_id == user_id)
    )
    names: set[str] = set()
    everywhere: set[str] = set()
    at: dict[uuid.UUID, set[str]] = {}
    for name, permissions, location_id in (await uow.session.execute(stmt)).all():
        names.add(name)
        if location_id is None:
            everywhere.update(permissions or [])
        else:
            at.setdefault(location_id, set()).update(permissions or [])
    if is_operator and "owner" in names:
        everywhere.update(OPERATOR_PERMISSIONS)
    return Authorization(
        roles=tuple(sorted(names)),
        permissions=frozenset(everywhere),
        location_permissions={
            k: frozenset(v - everywhere) for k, v in at.items() if v - everywhere
        },
    )


def authorization_cache_key(tenant_id: uuid.UUID, user_id: uuid.UUID) -> str:
    return f"authz:{tenant_id}:{user_id}"


AUTHORIZATION_TTL_SECONDS = 120


async def forget_authorization(
    uow: WriteUnitOfWork, cache: Cache, user_ids: list[uuid.UUID]
) -> None:
    """After commit, drop the cached permissions of these users."""
    tenant_id = uow.require_tenant()
    forget_after_commit(uow, cache, *(authorization_cache_key(tenant_id, u) for u in user_ids))


# --- the roles and grants API -----------------------------------------------------------------


def validate_permissions(permissions: list[str]) -> list[str]:
    unknown = sorted(set(permissions) - PERMISSIONS.keys())
    if unknown:
        raise UnknownPermission(f"Not in the permission catalogue: {', '.join(unknown)}")
    return sorted(set(permissions))


def ensure_holds(
    actor: Authorization, permissions: list[str], location_id: uuid.UUID | None = None
) -> None:
    """No privilege escalation: an actor hands out only what they hold (there)."""
    missing = sorted(p for p in permissions if not actor.can(p, location_id))
    if missing:
        raise PrivilegeEscalation(f"You don't hold: {', '.join(missing)}")


async def list_roles(uow: ReadUnitOfWork, *, page: PageParams) -> tuple[list[Role], str | None]:
    return await fetch_page(uow.session, sa.select(Role), page, Role.id)


async def get_role(uow: ReadUnitOfWork, role_id: uuid.UUID) -> Role:
    role = await uow.session.get(Role, (uow.require_tenant(), role_id))
    if role is None:
        raise RoleNotFound()
    return role


async def _flush_role(uow: WriteUnitOfWork, name: str) -> None:
    try:
        async with uow.session.begin_nested():
            await uow.session.flush()
    except IntegrityError as exc:
        raise RoleNameTaken(f"A role named {name!r} already exists") from exc


async def create_role(
    uow: WriteUnitOfWork,
    *,
    actor: Authorization,
    name: str,
    description: str,
    permissions: list[str],
) -> Role:
    permissions = validate_permissions(permissions)
    ensure_holds(actor, permissions)
    if name in SYSTEM_ROLES:
        raise RoleNameTaken(f"{name!r} is the name of a system role")
    now = uow.clock.now()
    role = Role(
        id=new_id(),
        name=name,
        description=description,
        permissions=permissions,
        is_system=False,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(role)
    await _flush_role(uow, name)
    data = {"role_id": str(role.id), "name": name, "permissions": permissions}
    record_event(uow, "role.created", data)
    audit.record(uow, action="role.created", target_type="role", target_id=role.id, changes=data)
    return role


async def _holders(uow: ReadUnitOfWork, role_id: uuid.UUID) -> list[uuid.UUID]:
    stmt = sa.select(RoleGrant.user_id).where(RoleGrant.role_id == role_id).distinct()
    return list((await uow.session.scalars(stmt)).all())


async def update_role(
    uow: WriteUnitOfWork,
    *,
    actor: Authorization,
    cache: Cache,
    role_id: uuid.UUID,
    name: str | None = None,
    description: str | None = None,
    permissions: list[str] | None = None,
) -> Role:
    role = await get_role(uow, role_id)
    ensure_holds(actor, list(role.permissions))  # only a role you dominate can be edited
    changes: dict[str, object] = {}
    if name is not None and name != role.name:
        if role.is_system or name in SYSTEM_ROLES:
            raise SystemRoleProtected("System roles keep their names")
        changes["name"] = {"from": role.name, "to": name}
        role.name = name
    if description is not None and description != role.description:
        changes["description"] = {"from": role.description, "to": description}
        role.description = description
    if permissions is not None:
        permissions = validate_permissions(permissions)
        if permissions != sorted(role.permissions):
            if role.name == "owner":
                raise SystemRoleProtected("The owner role always holds every permission")
            ensure_holds(actor, permissions)
            changes["permissions"] = {"from": sorted(role.permissions), "to": permissions}
            role.permissions = permissions
    if changes:
        role.updated_at = uow.clock.now()
        await _flush_role(uow, role.name)
        await forget_authorization(uow, cache, await _holders(uow, role.id))
        record_event(uow, "role.updated", {"role_id": str(role.id), "changes": changes})
        audit.record(
            uow, action="role.updated", target_type="role", target_id=role.id, changes=changes
        )
    return role


async def delete_role(
    uow: WriteUnitOfWork, *, actor: Authorization, cache: Cache, role_id: uuid.UUID
) -> None:
    role = await get_role(uow, role_id)
    if role.is_system:
        raise SystemRoleProtected("System roles can't be deleted")
    ensure_holds(actor, list(role.permissions))
    holders = await _holders(uow, role.id)
    await uow.session.execute(
        sa.delete(RoleGrant)
        .where(RoleGrant.role_id == role.id)
        .execution_options(synchronize_session=False)
    )
    await uow.session.delete(role)
    await forget_authorization(uow, cache, holders)
    record_event(uow, "role.deleted", {"role_id": str(role.id), "name": role.name})
    audit.record(
        uow,
        action="role.deleted",
        target_type="role",
        target_id=role.id,
        changes={"name": role.name, "holders": len(holders)},
    )


async def grants_of(
    uow: ReadUnitOfWork, user_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[tuple[RoleGrant, str]]]:
    """The grants of these users with their role names."""
    if not user_ids:
        return {}
    stmt = (
        sa.select(RoleGrant, Role.name)
        .join(Role, sa.and_(Role.tenant_id == RoleGrant.tenant_id, Role.id == RoleGrant.role_id))
        .where(RoleGrant.user_id.in_(user_ids))
        .order_by(RoleGrant.id)
    )
    found: dict[uuid.UUID, list[tuple[RoleGrant, str]]] = {u: [] for u in user_ids}
    for grant, role_name in (await uow.session.execute(stmt)).all():
        found[grant.user_id].append((grant, role_name))
    return found


async def user_ids_with_role(uow: ReadUnitOfWork, role_name: str) -> list[uuid.UUID]:
    stmt = (
        sa.select(RoleGrant.user_id)
        .join(Role, sa.and_(Role.tenant_id == RoleGrant.tenant_id, Role.id == RoleGrant.role_id))
        .where(Role.name == role_name)
        .distinct()
    )
    return list((await uow.session.scalars(stmt)).all())


async def ensure_not_last_owner(uow: WriteUnitOfWork, user_id: uuid.UUID) -> None:
    """Raise `LastOwner` if `user_id` is the tenant's only active owner. Callers hold the
    owner role's row lock (taken here) so two removals can't both pass."""
    await lock_role_named(uow, "owner")
    owners = await users.active_ids(uow, await user_ids_with_role(uow, "owner"))
    if owners == [user_id] or (user_id in owners and len(owners) == 1):
        raise LastOwner("A tenant keeps at least one active owner")


async def grant_role(
    uow: WriteUnitOfWork,
    *,
    actor: Authorization,
    cache: Cache,
    user_id: uuid.UUID,
    role_id: uuid.UUID,
    location_id: uuid.UUID | None = None,
) -> tuple[RoleGrant, Role]:
    await users.get(uow, user_id)
    role = await get_role(uow, role_id)
    if role.name == "owner":
        if location_id is not None:
            raise InvalidInput("The owner role is granted tenant-wide, not at a location")
        if "owner" not in actor.roles:
            raise PrivilegeEscalation("Only an owner makes another owner")
    if location_id is not None:
        await locations.get_active_location(uow, location_id)
    ensure_holds(actor, list(role.permissions), location_id)
    existing = await uow.session.scalar(
        sa.select(RoleGrant.id).where(
            RoleGrant.user_id == user_id,
            RoleGrant.role_id == role_id,
            RoleGrant.location_id.is_(None)
            if location_id is None
            else RoleGrant.location_id == location_id,
        )
    )
    if existing is not None:
        raise RoleAlreadyGranted("The user already holds this role there")
    grant = RoleGrant(
        id=new_id(),
        user_id=user_id,
        role_id=role_id,
        location_id=location_id,
        created_at=uow.clock.now(),
    )
    uow.session.add(grant)
    try:
        async with uow.session.begin_nested():
            await uow.session.flush()
    except IntegrityError as exc:  # the same grant made concurrently
        raise RoleAlreadyGranted("The user already holds this role there") from exc
    await forget_authorization(uow, cache, [user_id])
    data = {
        "user_id": str(user_id),
        "role_id": str(role_id),
        "role": role.name,
        "location_id": str(location_id) if location_id else None,
    }
    record_event(uow, "role.granted", data)
    audit.record(uow, action="role.granted", target_type="user", target_id=user_id, changes=data)
    return grant, role


async def revoke_role(
    uow: WriteUnitOfWork,
    *,
    actor: Authorization,
    cache: Cache,
    user_id: uuid.UUID,
    role_id: uuid.UUID,
    location_id: uuid.UUID | None = None,
) -> int:
    """Revoke the user's grants of a role (at one location, or all of them)."""
    role = await get_role(uow, role_id)
    stmt = sa.select(RoleGrant).where(RoleGrant.user_id == user_id, RoleGrant.role_id == role_id)
    if location_id is not None:
        stmt = stmt.where(RoleGrant.location_id == location_id)
    grants = list((await uow.session.scalars(stmt)).all())
    if not grants:
        raise GrantNotFound("The user does not hold this role")
    if role.name == "owner":
        if "owner" not in actor.roles:
            raise PrivilegeEscalation("Only an owner removes an owner")
        await ensure_not_last_owner(uow, user_id)
    for grant in grants:
        ensure_holds(actor, list(role.permissions), grant.location_id)
        await uow.session.delete(grant)
    await forget_authorization(uow, cache, [user_id])
    data = {"user_id": str(user_id), "role_id": str(role_id), "role": role.name}
    record_event(uow, "role.revoked", data)
    audit.record(uow, action="role.revoked", target_type="user", target_id=user_id, changes=data)
    return len(grants)
