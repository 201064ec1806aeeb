"""The rules of roles and grants with many branches, exercised on the service with a real
unit of work (both backends): no privilege escalation, and a tenant never loses its last
active owner. The HTTP tests beside this file cover the same rules through the API."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from fastapi import FastAPI

from olympus.accounts import service as accounts
from olympus.core.db import WriteUnitOfWork
from olympus.core.errors import InvalidInput
from olympus.core.pagination import PageParams
from olympus.platform.locations import service as locations
from olympus.platform.rbac import service as rbac
from olympus.platform.rbac.authorization import Authorization
from olympus.platform.rbac.errors import LastOwner, PrivilegeEscalation, SystemRoleProtected
from olympus.platform.rbac.models import Role
from tests.fixtures.accounts import PASSWORD, TenantFactory, TenantInfo
from tests.fixtures.apps import MovableClock

OWNER = Authorization(roles=("owner",), permissions=frozenset(rbac.PERMISSIONS))
ADMIN = Authorization(
    roles=("admin",), permissions=frozenset(p for p in rbac.PERMISSIONS if p != "tenants:manage")
)
ROLE_MANAGER = Authorization(roles=("custom",), permissions=frozenset({"roles:manage"}))


@asynccontextmanager
async def in_tenant(
    app: FastAPI, clock: MovableClock, tenant: TenantInfo
) -> AsyncIterator[WriteUnitOfWork]:
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant.id) as uow:
        yield uow


async def _role(app: FastAPI, clock: MovableClock, tenant: TenantInfo, name: str) -> Role:
    async with in_tenant(app, clock, tenant) as uow:
        for role in (await rbac.list_roles(uow, page=_page()))[0]:
            if role.name == name:
                return role
    raise AssertionError(f"no role {name}")


def _page() -> PageParams:
    return PageParams(limit=200, cursor=None)


async def _member(app: FastAPI, clock: MovableClock, tenant: TenantInfo) -> uuid.UUID:
    async with in_tenant(app, clock, tenant) as uow:
        user = await accounts.create_member(
            uow,
            auth=app.state.auth,
            actor=OWNER,
            email=f"m-{uuid.uuid4().hex[:8]}@example.com",
            full_name="Member",
            password=PASSWORD,
            role_ids=[],
        )
    return user.id


@pytest.fixture
async def shop(make_tenant: TenantFactory) -> TenantInfo:
    return await make_tenant()


async def test_a_role_can_hold_only_what_its_creator_holds(
    app: FastAPI, clock: MovableClock, shop: TenantInfo
) -> None:
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(PrivilegeEscalation):
            await rbac.create_role(
                uow, actor=ROLE_MANAGER, name="x", description="", permissions=["orders:read"]
            )
    async with in_tenant(app, clock, shop) as uow:
        role = await rbac.create_role(
            uow, actor=ROLE_MANAGER, name="y", description="", permissions=["roles:manage"]
        )
    assert role.permissions == ["roles:manage"]


async def test_a_role_beyond_the_editor_cant_be_edited_or_deleted(
    app: FastAPI, clock: MovableClock, shop: TenantInfo
) -> None:
    manager = await _role(app, clock, shop, "manager")
    cache = app.state.auth.cache
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(PrivilegeEscalation):
            await rbac.update_role(
                uow, actor=ROLE_MANAGER, cache=cache, role_id=manager.id, description="mine"
            )
    async with in_tenant(app, clock, shop) as uow:
        custom = await rbac.create_role(
            uow, actor=ADMIN, name="cashier", description="", permissions=["orders:write"]
        )
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(PrivilegeEscalation):
            await rbac.delete_role(uow, actor=ROLE_MANAGER, cache=cache, role_id=custom.id)
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(PrivilegeEscalation):  # adding what the editor lacks
            await rbac.update_role(
                uow,
                actor=Authorization(roles=("c",), permissions=frozenset({"orders:write"})),
                cache=cache,
                role_id=custom.id,
                permissions=["orders:write", "payments:refund"],
            )


async def test_the_owner_role_keeps_every_permission(
    app: FastAPI, clock: MovableClock, shop: TenantInfo
) -> None:
    owner = await _role(app, clock, shop, "owner")
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(SystemRoleProtected):
            await rbac.update_role(
                uow,
                actor=OWNER,
                cache=app.state.auth.cache,
                role_id=owner.id,
                permissions=["orders:read"],
            )


async def test_only_an_owner_makes_an_owner_and_only_tenant_wide(
    app: FastAPI, clock: MovableClock, shop: TenantInfo
) -> None:
    owner = await _role(app, clock, shop, "owner")
    member = await _member(app, clock, shop)
    cache = app.state.auth.cache
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(PrivilegeEscalation):
            await rbac.grant_role(uow, actor=ADMIN, cache=cache, user_id=member, role_id=owner.id)
    async with in_tenant(app, clock, shop) as uow:
        store = await locations.create_location(
            uow, name="Store", code="S1", kind="store", address={}, timezone="UTC",
            currency="EUR",
        )  # fmt: skip
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(InvalidInput):
            await rbac.grant_role(
                uow,
                actor=OWNER,
                cache=cache,
                user_id=member,
                role_id=owner.id,
                location_id=store.id,
            )
    async with in_tenant(app, clock, shop) as uow:
        await rbac.grant_role(uow, actor=OWNER, cache=cache, user_id=member, role_id=owner.id)
        assert member in await rbac.user_ids_with_role(uow, "owner")


async def test_a_grant_at_a_location_needs_the_permissions_there(
    app: FastAPI, clock: MovableClock, shop: TenantInfo
) -> None:
    staff = await _role(app, clock, shop, "staff")
    member = await _member(app, clock, shop)
    cache = app.state.auth.cache
    async with in_tenant(app, clock, shop) as uow:
        north = await locations.create_location(
            uow, name="North", code="N1", kind="store", address={}, timezone="UTC",
            currency="EUR",
        )  # fmt: skip
        south = await locations.create_location(
            uow, name="South", code="S2", kind="store", address={}, timezone="UTC",
            currency="EUR",
        )  # fmt: skip
    local_manager = Authorization(
        roles=("manager",),
        permissions=frozenset({"roles:manage"}),
        location_permissions={north.id: frozenset(staff.permissions)},
    )
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(PrivilegeEscalation):
            await rbac.grant_role(
                uow, actor=local_manager, cache=cache, user_id=member, role_id=staff.id,
                location_id=south.id,
            )  # fmt: skip
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(PrivilegeEscalation):  # tenant-wide is beyond a local manager
            await rbac.grant_role(
                uow, actor=local_manager, cache=cache, user_id=member, role_id=staff.id
            )
    async with in_tenant(app, clock, shop) as uow:
        grant, _ = await rbac.grant_role(
            uow, actor=local_manager, cache=cache, user_id=member, role_id=staff.id,
            location_id=north.id,
        )  # fmt: skip
    assert grant.location_id == north.id


async def test_the_last_owner_is_kept(app: FastAPI, clock: MovableClock, shop: TenantInfo) -> None:
    owner = await _role(app, clock, shop, "owner")
    cache = app.state.auth.cache
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(LastOwner):
            await rbac.revoke_role(
                uow, actor=OWNER, cache=cache, user_id=shop.owner_id, role_id=owner.id
            )
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(LastOwner):
            await accounts.update_member(
                uow,
                auth=app.state.auth,
                actor=OWNER,
                user_id=shop.owner_id,
                full_name=None,
                is_active=False,
            )
    # With a second owner, the first may go; then the second is the last.
    second = await _member(app, clock, shop)
    async with in_tenant(app, clock, shop) as uow:
        await rbac.grant_role(uow, actor=OWNER, cache=cache, user_id=second, role_id=owner.id)
    async with in_tenant(app, clock, shop) as uow:
        await rbac.revoke_role(
            uow, actor=OWNER, cache=cache, user_id=shop.owner_id, role_id=owner.id
        )
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(LastOwner):
            await accounts.update_member(
                uow, auth=app.state.auth, actor=OWNER, user_id=second, full_name=None,
                is_active=False,
            )  # fmt: skip


async def test_only_an_owner_removes_or_deactivates_an_owner(
    app: FastAPI, clock: MovableClock, shop: TenantInfo
) -> None:
    owner = await _role(app, clock, shop, "owner")
    cache = app.state.auth.cache
    second = await _member(app, clock, shop)
    async with in_tenant(app, clock, shop) as uow:
        await rbac.grant_role(uow, actor=OWNER, cache=cache, user_id=second, role_id=owner.id)
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(PrivilegeEscalation):
            await rbac.revoke_role(uow, actor=ADMIN, cache=cache, user_id=second, role_id=owner.id)
    async with in_tenant(app, clock, shop) as uow:
        with pytest.raises(PrivilegeEscalation):
            await accounts.update_member(
                uow, auth=app.state.auth, actor=ADMIN, user_id=second, full_name=None,
                is_active=False,
            )  # fmt: skip
    async with in_tenant(app, clock, shop) as uow:
        user = await accounts.update_member(
            uow, auth=app.state.auth, actor=OWNER, user_id=second, full_name=None,
            is_active=False,
        )  # fmt: skip
    assert user.is_active is False
