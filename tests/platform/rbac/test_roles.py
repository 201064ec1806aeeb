"""The roles API and the permission catalogue: custom roles hold only catalogue permissions the
creator holds; system roles keep their names (and the owner its permissions); a change reaches
every holder's next request."""

import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.platform.rbac.models import Role
from olympus.platform.rbac.service import PERMISSIONS, SYSTEM_ROLES
from tests.fixtures.accounts import (
    Account,
    AccountFactory,
    TenantFactory,
    TenantInfo,
    login_owner,
    make_member,
    me,
)
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, of
from tests.fixtures.platform_api import audit_rows, create_role, role_ids, stored_grants
from tests.fixtures.problems import assert_problem

ROLES = "/api/v1/roles"


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Account:
    return await login_owner(client, tenant)


async def stored_roles(app: FastAPI, clock: MovableClock, tenant_id: uuid.UUID) -> dict[str, Role]:
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant_id, write=False) as uow:
        return {r.name: r for r in (await uow.session.scalars(sa.select(Role))).all()}


async def role_holder(
    client: httpx.AsyncClient, owner: Account, permissions: list[str]
) -> tuple[dict[str, Any], Account]:
    """A custom role with these permissions and a member holding it (signed in)."""
    role = await create_role(client, owner.headers, permissions)
    return role, await make_member(client, owner, role_ids_to_grant=(role["id"],))


# --- the catalogue and the list ------------------------------------------------------------


async def test_the_permission_catalogue_is_readable_by_any_signed_in_user(
    client: httpx.AsyncClient, tenant: TenantInfo, make_account: AccountFactory
) -> None:
    customer = await make_account(tenant)

    r = await client.get("/api/v1/permissions", headers=customer.headers)

    assert r.status_code == 200, r.text
    items = r.json()["items"]
    names = [p["name"] for p in items]
    assert names == sorted(PERMISSIONS)
    assert {"catalog:write", "users:manage", "roles:manage", "audit:read"} <= set(names)
    assert all(p["description"] for p in items)
    assert_problem(await client.get("/api/v1/permissions"), 401, "not_authenticated")


async def test_every_tenant_lists_its_system_roles(
    client: httpx.AsyncClient, owner: Account, make_account: AccountFactory, tenant: TenantInfo
) -> None:
    r = await client.get(ROLES, headers=owner.headers)

    assert r.status_code == 200, r.text
    roles = {role["name"]: role for role in r.json()["items"]}
    assert set(roles) == set(SYSTEM_ROLES)
    assert all(role["is_system"] for role in roles.values())
    assert set(roles["owner"]["permissions"]) == set(PERMISSIONS) - {"tenants:manage"}
    assert roles["customer"]["permissions"] == []
    assert "catalog:write" in roles["manager"]["permissions"]
    assert "catalog:write" not in roles["staff"]["permissions"]
    single = await client.get(f"{ROLES}/{roles['staff']['id']}", headers=owner.headers)
    assert single.json() == roles["staff"]

    customer = await make_account(tenant)
    assert_problem(await client.get(ROLES, headers=customer.headers), 403, "permission_denied")
    assert_problem(
        await client.get(f"{ROLES}/{roles['staff']['id']}", headers=customer.headers),
        403,
        "permission_denied",
    )


# --- creating ----------------------------------------------------------------------------


async def test_the_owner_creates_a_custom_role(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> None:
    r = await client.post(
        ROLES,
        json={
            "name": "cashier",
            "description": "Takes payments",
            "permissions": ["payments:process", "orders:read", "orders:read"],
        },
        headers=owner.headers,
    )

    assert r.status_code == 201, r.text
    body = r.json()
    assert body["name"] == "cashier"
    assert body["description"] == "Takes payments"
    assert body["permissions"] == ["orders:read", "payments:process"]
    assert body["is_system"] is False
    stored = (await stored_roles(app, clock, tenant.id))["cashier"]
    assert str(stored.id) == body["id"]
    assert sorted(stored.permissions) == ["orders:read", "payments:process"]
    assert (await client.get(f"{ROLES}/{body['id']}", headers=owner.headers)).json() == body

    created = of(await events.of_type("role.created"), role_id=body["id"])
    assert len(created) == 1 and created[0]["tenant_id"] == str(tenant.id)
    rows = await audit_rows(app, clock, tenant.id, action="role.created", target_id=body["id"])
    assert len(rows) == 1 and str(rows[0].actor_id) == owner.user_id

    holder = await make_member(client, owner, role_ids_to_grant=(body["id"],))
    who = await me(client, holder)
    assert who["roles"] == ["cashier"]
    assert who["permissions"] == ["orders:read", "payments:process"]


async def test_an_unknown_permission_is_refused(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, tenant: TenantInfo, owner: Account
) -> None:
    r = await client.post(
        ROLES,
        json={"name": "weird", "permissions": ["catalog:read", "catalog:destroy"]},
        headers=owner.headers,
    )

    body = assert_problem(r, 422, "unknown_permission")
    assert "catalog:destroy" in body["detail"]
    assert "weird" not in await stored_roles(app, clock, tenant.id)
    # tenants:manage is in the catalogue but no tenant owner holds it.
    r = await client.post(
        ROLES, json={"name": "operator", "permissions": ["tenants:manage"]}, headers=owner.headers
    )
    assert_problem(r, 403, "privilege_escalation")


async def test_nobody_creates_a_role_with_a_permission_they_lack(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> None:
    _, delegate = await role_holder(client, owner, ["users:manage", "roles:manage"])

    r = await client.post(
        ROLES,
        json={"name": "shelver", "permissions": ["catalog:write", "roles:manage"]},
        headers=delegate.headers,
    )

    body = assert_problem(r, 403, "privilege_escalation")
    assert "catalog:write" in body["detail"]
    assert "shelver" not in await stored_roles(app, clock, tenant.id)
    assert [e for e in await events.of_type("role.created") if e["data"]["name"] == "shelver"] == []
    # What they hold, they may hand out.
    r = await client.post(
        ROLES, json={"name": "helper", "permissions": ["users:manage"]}, headers=delegate.headers
    )
    assert r.status_code == 201, r.text


async def test_role_names_are_unique_and_system_names_reserved(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, tenant: TenantInfo, owner: Account
) -> None:
    await create_role(client, owner.headers, ["orders:read"], name="runner")

    for name in ("runner", "admin", "owner", "customer"):
        r = await client.post(ROLES, json={"name": name, "permissions": []}, headers=owner.headers)
        assert_problem(r, 409, "role_name_taken")
    for name in ("Runner", "", "has space", "-dash"):
        r = await client.post(ROLES, json={"name": name, "permissions": []}, headers=owner.headers)
        assert_problem(r, 422, "validation_error")
    roles = await stored_roles(app, clock, tenant.id)
    assert set(roles) == {*SYSTEM_ROLES, "runner"}
    assert roles["admin"].is_system


async def test_the_same_name_in_another_tenant_is_fine(
    client: httpx.AsyncClient, make_tenant: TenantFactory
) -> None:
    first, second = await make_tenant(), await make_tenant()
    for tenant in (first, second):
        owner = await login_owner(client, tenant)
        await create_role(client, owner.headers, ["orders:read"], name="runner")


@pytest.mark.parametrize(
    "extra",
    [{"is_system": True}, {"tenant_id": "00000000-0000-0000-0000-000000000001"}, {"id": "x"}],
)
async def test_unknown_fields_are_refused(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    extra: dict[str, Any],
) -> None:
    r = await client.post(
        ROLES, json={"name": "sneaky", "permissions": [], **extra}, headers=owner.headers
    )
    assert_problem(r, 422, "validation_error")
    assert "sneaky" not in await stored_roles(app, clock, tenant.id)

    staff = (await role_ids(client, owner.headers))["staff"]
    r = await client.patch(f"{ROLES}/{staff}", json=extra, headers=owner.headers)
    assert_problem(r, 422, "validation_error")


# --- changing ------------------------------------------------------------------------------


async def test_a_permission_change_reaches_holders_on_their_next_request(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> None:
    role, holder = await role_holder(client, owner, ["orders:read"])
    # Warm the holder's cached permissions first.
    assert (await me(client, holder))["permissions"] == ["orders:read"]
    assert_problem(
        await client.get("/api/v1/users", headers=holder.headers), 403, "permission_denied"
    )

    r = await client.patch(
        f"{ROLES}/{role['id']}",
        json={"permissions": ["orders:read", "users:read"], "description": "Now reads users"},
        headers=owner.headers,
    )

    assert r.status_code == 200, r.text
    assert r.json()["permissions"] == ["orders:read", "users:read"]
    assert r.json()["name"] == role["name"]
    assert (await me(client, holder))["permissions"] == ["orders:read", "users:read"]
    assert (await client.get("/api/v1/users", headers=holder.headers)).status_code == 200

    r = await client.patch(f"{ROLES}/{role['id']}", json={"permissions": []}, headers=owner.headers)
    assert r.status_code == 200, r.text
    assert (await me(client, holder))["permissions"] == []
    assert_problem(
        await client.get("/api/v1/users", headers=holder.headers), 403, "permission_denied"
    )

    stored = (await stored_roles(app, clock, tenant.id))[role["name"]]
    assert stored.permissions == [] and stored.description == "Now reads users"
    updated = of(await events.of_type("role.updated"), role_id=role["id"])
    assert len(updated) == 2
    assert updated[0]["data"]["changes"]["permissions"] == {
        "from": ["orders:read"],
        "to": ["orders:read", "users:read"],
    }
    rows = await audit_rows(app, clock, tenant.id, action="role.updated", target_id=role["id"])
    assert len(rows) == 2 and {str(row.actor_id) for row in rows} == {owner.user_id}


async def test_a_change_to_a_system_role_reaches_its_holders(
    client: httpx.AsyncClient, owner: Account
) -> None:
    staff = await make_member(client, owner, roles=("staff",))
    assert "analytics:read" not in (await me(client, staff))["permissions"]
    staff_id = (await role_ids(client, owner.headers))["staff"]
    current = (await client.get(f"{ROLES}/{staff_id}", headers=owner.headers)).json()

    r = await client.patch(
        f"{ROLES}/{staff_id}",
        json={"permissions": [*current["permissions"], "analytics:read"]},
        headers=owner.headers,
    )

    assert r.status_code == 200, r.text
    assert r.json()["is_system"] is True
    assert "analytics:read" in (await me(client, staff))["permissions"]


async def test_a_custom_role_can_be_renamed_but_not_onto_a_taken_name(
    client: httpx.AsyncClient, owner: Account
) -> None:
    role = await create_role(client, owner.headers, ["orders:read"])
    other = await create_role(client, owner.headers, ["orders:read"])
    new_name = f"renamed-{uuid.uuid4().hex[:6]}"

    r = await client.patch(f"{ROLES}/{role['id']}", json={"name": new_name}, headers=owner.headers)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == new_name

    r = await client.patch(
        f"{ROLES}/{role['id']}", json={"name": other["name"]}, headers=owner.headers
    )
    assert_problem(r, 409, "role_name_taken")
    r = await client.patch(f"{ROLES}/{role['id']}", json={"name": "admin"}, headers=owner.headers)
    assert r.status_code == 409, r.text
    assert r.json()["code"] in {"role_name_taken", "system_role"}
    shown = await client.get(f"{ROLES}/{role['id']}", headers=owner.headers)
    assert shown.json()["name"] == new_name


async def test_system_roles_keep_their_names_and_the_owner_its_permissions(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
) -> None:
    ids = await role_ids(client, owner.headers)
    before = await stored_roles(app, clock, tenant.id)

    for name in SYSTEM_ROLES:
        r = await client.patch(
            f"{ROLES}/{ids[name]}", json={"name": f"{name}-x"}, headers=owner.headers
        )
        assert_problem(r, 409, "system_role")
        assert_problem(
            await client.delete(f"{ROLES}/{ids[name]}", headers=owner.headers), 409, "system_role"
        )
    r = await client.patch(
        f"{ROLES}/{ids['owner']}", json={"permissions": ["orders:read"]}, headers=owner.headers
    )
    assert_problem(r, 409, "system_role")

    after = await stored_roles(app, clock, tenant.id)
    assert {n: (r.name, sorted(r.permissions)) for n, r in after.items()} == {
        n: (r.name, sorted(r.permissions)) for n, r in before.items()
    }
    who = await me(client, owner)
    assert set(who["permissions"]) == set(PERMISSIONS) - {"tenants:manage"}


async def test_nobody_edits_a_role_beyond_their_own_permissions(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, tenant: TenantInfo, owner: Account
) -> None:
    _, delegate = await role_holder(client, owner, ["users:manage", "roles:manage"])
    own = await create_role(client, delegate.headers, ["users:manage"])
    ids = await role_ids(client, owner.headers)

    # Adding a permission they lack to a role they could edit...
    r = await client.patch(
        f"{ROLES}/{own['id']}",
        json={"permissions": ["users:manage", "catalog:write"]},
        headers=delegate.headers,
    )
    assert_problem(r, 403, "privilege_escalation")
    # ...or touching a role holding more than they do.
    r = await client.patch(
        f"{ROLES}/{ids['manager']}", json={"description": "mine"}, headers=delegate.headers
    )
    assert_problem(r, 403, "privilege_escalation")
    manager = await create_role(client, owner.headers, ["catalog:write"])
    r = await client.delete(f"{ROLES}/{manager['id']}", headers=delegate.headers)
    assert_problem(r, 403, "privilege_escalation")

    roles = await stored_roles(app, clock, tenant.id)
    assert roles[own["name"]].permissions == ["users:manage"]
    assert roles[manager["name"]].permissions == ["catalog:write"]
    assert roles["manager"].description != "mine"


# --- deleting ------------------------------------------------------------------------------


async def test_deleting_a_custom_role_takes_its_permissions_from_holders_at_once(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> None:
    role, holder = await role_holder(client, owner, ["users:read", "orders:read"])
    assert (await me(client, holder))["permissions"] == ["orders:read", "users:read"]
    assert (await client.get("/api/v1/users", headers=holder.headers)).status_code == 200

    r = await client.delete(f"{ROLES}/{role['id']}", headers=owner.headers)

    assert r.status_code == 204, r.text
    assert r.content == b""
    who = await me(client, holder)
    assert (who["roles"], who["permissions"]) == ([], [])
    assert_problem(
        await client.get("/api/v1/users", headers=holder.headers), 403, "permission_denied"
    )
    assert role["name"] not in await stored_roles(app, clock, tenant.id)
    assert await stored_grants(app, clock, tenant.id, holder.user_id) == []
    assert_problem(
        await client.get(f"{ROLES}/{role['id']}", headers=owner.headers), 404, "role_not_found"
    )
    assert_problem(
        await client.delete(f"{ROLES}/{role['id']}", headers=owner.headers), 404, "role_not_found"
    )

    assert len(of(await events.of_type("role.deleted"), role_id=role["id"])) == 1
    rows = await audit_rows(app, clock, tenant.id, action="role.deleted", target_id=role["id"])
    assert len(rows) == 1 and rows[0].changes["holders"] == 1
    # The name is free again.
    await create_role(client, owner.headers, ["orders:read"], name=role["name"])


# --- who may -----------------------------------------------------------------------------


async def test_another_tenants_role_is_not_found(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, make_tenant: TenantFactory
) -> None:
    mine, other = await make_tenant(), await make_tenant()
    owner = await login_owner(client, mine)
    other_owner = await login_owner(client, other)
    theirs = await create_role(client, other_owner.headers, ["orders:read"])
    their_admin = (await role_ids(client, other_owner.headers))["admin"]

    for role_id in (theirs["id"], their_admin, str(uuid.uuid4())):
        path = f"{ROLES}/{role_id}"
        assert_problem(await client.get(path, headers=owner.headers), 404, "role_not_found")
        r = await client.patch(path, json={"description": "x"}, headers=owner.headers)
        assert_problem(r, 404, "role_not_found")
        assert_problem(await client.delete(path, headers=owner.headers), 404, "role_not_found")

    roles = await stored_roles(app, clock, other.id)
    assert roles[theirs["name"]].description == ""
    listed = await client.get(ROLES, headers=owner.headers)
    assert theirs["id"] not in [r["id"] for r in listed.json()["items"]]


async def test_a_customer_may_not_manage_roles(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    make_account: AccountFactory,
) -> None:
    customer = await make_account(tenant)
    role = await create_role(client, owner.headers, [])
    path = f"{ROLES}/{role['id']}"

    for r in (
        await client.post(
            ROLES, json={"name": "mine", "permissions": []}, headers=customer.headers
        ),
        await client.patch(path, json={"description": "x"}, headers=customer.headers),
        await client.delete(path, headers=customer.headers),
    ):
        assert_problem(r, 403, "permission_denied")
    assert role["name"] in await stored_roles(app, clock, tenant.id)
    assert "mine" not in await stored_roles(app, clock, tenant.id)
