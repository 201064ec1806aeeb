"""The permission catalogue, the system roles every tenant has, and effective permissions."""

import contextlib
import uuid

import sqlalchemy as sa

from olympus.core.cache import Cache, CacheUnavailable
from olympus.core.db import UnitOfWork, new_id
from olympus.platform.rbac.authorization import Authorization
from olympus.platform.rbac.models import Role, RoleGrant

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


async def create_system_roles(uow: UnitOfWork) -> dict[str, Role]:
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
    uow: UnitOfWork, *, user_id: uuid.UUID, role_name: str, location_id: uuid.UUID | None = None
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
    uow: UnitOfWork, user_id: uuid.UUID, *, is_operator: bool = False
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


async def forget_authorization(uow: UnitOfWork, cache: Cache, user_ids: list[uuid.UUID]) -> None:
    """After commit, drop the cached permissions of these users (every replica reads the
    same Redis, so the change holds everywhere at once)."""
    tenant_id = uow.require_tenant()
    keys = [authorization_cache_key(tenant_id, u) for u in user_ids]
    if not keys:
        return

    async def _forget() -> None:
        # If the cache is down, entries still expire within AUTHORIZATION_TTL_SECONDS.
        with contextlib.suppress(CacheUnavailable):
            await cache.delete(*keys)

    uow.after_commit(_forget)
