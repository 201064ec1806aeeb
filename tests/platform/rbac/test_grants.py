"""Role grants: granting and revoking reach the holder's next request; nobody grants more than
they hold; only an owner makes or unmakes an owner, and a tenant always keeps one; a grant
may be bound to one location."""

import asyncio
import uuid

import httpx
import pytest
from fastapi import FastAPI

from olympus.platform.rbac import service as rbac
from olympus.platform.rbac.service import SYSTEM_ROLES
from olympus.platform.users import service as users
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
from tests.fixtures.platform_api import (
    audit_rows,
    create_location,
    create_role,
    grant,
    role_ids,
    stored_grants,
    stored_user,
)
from tests.fixtures.problems import assert_problem


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Account:
    return await login_owner(client, tenant)


@pytest.fixture
async def roles(client: httpx.AsyncClient, owner: Account) -> dict[str, str]:
    return await role_ids(client, owner.headers)


def revoke_path(user_id: str, role_id: str) -> str:
    return f"/api/v1/users/{user_id}/roles/{role_id}"


async def owner_ids(app: FastAPI, clock: MovableClock, tenant: TenantInfo) -> set[str]:
    """The tenant's active owners, from the database."""
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant.id, write=False) as uow:
        ids = await users.active_ids(uow, await rbac.user_ids_with_role(uow, "owner"))
    return {str(i) for i in ids}


# --- granting ------------------------------------------------------------------------------


async def test_a_grant_reaches_the_holder_at_once(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
    make_account: AccountFactory,
    events: EventLog,
) -> None:
    customer = await make_account(tenant)
    assert (await me(client, customer))["permissions"] == []  # cached from here on
    assert_problem(
        await client.get("/api/v1/users", headers=customer.headers), 403, "permission_denied"
    )

    r = await grant(client, owner.headers, customer.user_id, roles["manager"])

    assert r.status_code == 201, r.text
    body = r.json()
    assert body["user_id"] == customer.user_id
    assert body["role_id"] == roles["manager"]
    assert body["role_name"] == "manager"
    assert body["location_id"] is None
    who = await me(client, customer)
    assert who["roles"] == ["customer", "manager"]
    assert "catalog:write" in who["permissions"]
    assert (await client.get("/api/v1/users", headers=customer.headers)).status_code == 200

    stored = await stored_grants(app, clock, tenant.id, customer.user_id)
    assert {str(g.role_id) for g in stored} == {roles["customer"], roles["manager"]}
    assert body["id"] in {str(g.id) for g in stored}
    granted = of(await events.of_type("role.granted"), user_id=customer.user_id)
    assert [e["data"]["role"] for e in granted] == ["manager"]
    rows = await audit_rows(
        app, clock, tenant.id, action="role.granted", target_id=customer.user_id
    )
    assert len(rows) == 1
    assert str(rows[0].actor_id) == owner.user_id
    assert rows[0].changes["role_id"] == roles["manager"]
    assert rows[0].ip == "203.0.113.10"
    assert rows[0].request_id


async def test_granting_a_role_twice_is_a_conflict(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
    make_account: AccountFactory,
) -> None:
    customer = await make_account(tenant)
    assert (await grant(client, owner.headers, customer.user_id, roles["staff"])).status_code == 201

    r = await grant(client, owner.headers, customer.user_id, roles["staff"])

    assert_problem(r, 409, "role_already_granted")
    r = await grant(client, owner.headers, customer.user_id, roles["customer"])
    assert_problem(r, 409, "role_already_granted")
    stored = await stored_grants(app, clock, tenant.id, customer.user_id)
    assert sorted(str(g.role_id) for g in stored) == sorted([roles["customer"], roles["staff"]])


async def test_only_an_owner_makes_an_owner(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
    make_account: AccountFactory,
) -> None:
    admin = await make_member(client, owner, roles=("admin",))
    customer = await make_account(tenant)

    r = await grant(client, admin.headers, customer.user_id, roles["owner"])
    assert_problem(r, 403, "privilege_escalation")
    r = await grant(client, admin.headers, admin.user_id, roles["owner"])
    assert_problem(r, 403, "privilege_escalation")
    assert await owner_ids(app, clock, tenant) == {str(tenant.owner_id)}

    r = await grant(client, owner.headers, customer.user_id, roles["owner"])
    assert r.status_code == 201, r.text
    assert "owner" in (await me(client, customer))["roles"]
    assert await owner_ids(app, clock, tenant) == {str(tenant.owner_id), customer.user_id}


async def test_nobody_grants_a_role_holding_more_than_they_do(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
    make_account: AccountFactory,
) -> None:
    delegate_role = await create_role(
        client, owner.headers, ["users:read", "users:manage", "roles:manage"]
    )
    delegate = await make_member(client, owner, role_ids_to_grant=(delegate_role["id"],))
    customer = await make_account(tenant)

    for name in ("manager", "staff", "admin"):
        r = await grant(client, delegate.headers, customer.user_id, roles[name])
        body = assert_problem(r, 403, "privilege_escalation")
        assert "catalog" in body["detail"] or "orders" in body["detail"]
    # Not to themselves either.
    r = await grant(client, delegate.headers, delegate.user_id, roles["manager"])
    assert_problem(r, 403, "privilege_escalation")
    stored = await stored_grants(app, clock, tenant.id, customer.user_id)
    assert [str(g.role_id) for g in stored] == [roles["customer"]]
    assert "catalog:write" not in (await me(client, delegate))["permissions"]

    # A role within what they hold is fine.
    lesser = await create_role(client, owner.headers, ["users:read"])
    r = await grant(client, delegate.headers, customer.user_id, lesser["id"])
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    "extra",
    [{"user_id": "00000000-0000-0000-0000-000000000001"}, {"tenant_id": str(uuid.uuid4())}],
)
async def test_unknown_fields_of_a_grant_are_refused(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
    make_account: AccountFactory,
    extra: dict[str, str],
) -> None:
    customer = await make_account(tenant)
    r = await client.post(
        f"/api/v1/users/{customer.user_id}/roles",
        json={"role_id": roles["staff"], **extra},
        headers=owner.headers,
    )
    assert_problem(r, 422, "validation_error")
    assert len(await stored_grants(app, clock, tenant.id, customer.user_id)) == 1


# --- revoking ------------------------------------------------------------------------------


async def test_a_revocation_reaches_the_holder_at_once(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
    events: EventLog,
) -> None:
    member = await make_member(client, owner, roles=("manager",))
    assert "catalog:write" in (await me(client, member))["permissions"]
    assert (await client.get("/api/v1/users", headers=member.headers)).status_code == 200

    r = await client.delete(revoke_path(member.user_id, roles["manager"]), headers=owner.headers)

    assert r.status_code == 204, r.text
    assert r.content == b""
    who = await me(client, member)
    assert (who["roles"], who["permissions"]) == ([], [])
    assert_problem(
        await client.get("/api/v1/users", headers=member.headers), 403, "permission_denied"
    )
    assert await stored_grants(app, clock, tenant.id, member.user_id) == []
    revoked = of(await events.of_type("role.revoked"), user_id=member.user_id)
    assert [e["data"]["role"] for e in revoked] == ["manager"]
    rows = await audit_rows(app, clock, tenant.id, action="role.revoked", target_id=member.user_id)
    assert len(rows) == 1 and str(rows[0].actor_id) == owner.user_id

    r = await client.delete(revoke_path(member.user_id, roles["manager"]), headers=owner.headers)
    assert_problem(r, 404, "grant_not_found")


async def test_the_last_owner_keeps_the_owner_role(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
) -> None:
    admin = await make_member(client, owner, roles=("admin",))

    r = await client.delete(revoke_path(owner.user_id, roles["owner"]), headers=owner.headers)
    assert_problem(r, 409, "last_owner")
    r = await client.delete(revoke_path(owner.user_id, roles["owner"]), headers=admin.headers)
    assert_problem(r, 403, "privilege_escalation")
    assert await owner_ids(app, clock, tenant) == {owner.user_id}
    assert "owner" in (await me(client, owner))["roles"]

    # An inactive second owner doesn't count.
    second = await make_member(client, owner, roles=("owner",))
    assert (
        await client.delete(f"/api/v1/users/{second.user_id}", headers=owner.headers)
    ).status_code == 204
    r = await client.delete(revoke_path(owner.user_id, roles["owner"]), headers=owner.headers)
    assert_problem(r, 409, "last_owner")

    # An active one does: the first owner may step down.
    third = await make_member(client, owner, roles=("owner",))
    r = await client.delete(revoke_path(owner.user_id, roles["owner"]), headers=third.headers)
    assert r.status_code == 204, r.text
    assert await owner_ids(app, clock, tenant) == {third.user_id}
    assert_problem(
        await client.get("/api/v1/users", headers=owner.headers), 403, "permission_denied"
    )


async def test_owners_removing_each_other_at_once_leave_one_owner(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    make_tenant: TenantFactory,
) -> None:
    for _ in range(3):
        tenant = await make_tenant()
        first = await login_owner(client, tenant)
        second = await make_member(client, first, roles=("owner",))
        owner_role = (await role_ids(client, first.headers))["owner"]

        answers = await asyncio.gather(
            client.delete(revoke_path(second.user_id, owner_role), headers=first.headers),
            client.delete(revoke_path(first.user_id, owner_role), headers=second.headers),
        )

        assert sorted(r.status_code for r in answers) == [204, 409], [r.text for r in answers]
        loser = next(r for r in answers if r.status_code == 409)
        assert_problem(loser, 409, "last_owner")
        remaining = await owner_ids(app, clock, tenant)
        assert len(remaining) == 1
        assert remaining <= {first.user_id, second.user_id}


async def test_owners_deactivating_each_other_at_once_leave_one_owner(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    make_tenant: TenantFactory,
) -> None:
    for _ in range(3):
        tenant = await make_tenant()
        first = await login_owner(client, tenant)
        second = await make_member(client, first, roles=("owner",))

        answers = await asyncio.gather(
            client.delete(f"/api/v1/users/{second.user_id}", headers=first.headers),
            client.delete(f"/api/v1/users/{first.user_id}", headers=second.headers),
        )

        assert sorted(r.status_code for r in answers) == [204, 409], [r.text for r in answers]
        assert len(await owner_ids(app, clock, tenant)) == 1
        active = [
            user
            for user_id in (first.user_id, second.user_id)
            if (user := await stored_user(app, clock, tenant.id, user_id)) and user.is_active
        ]
        assert len(active) == 1


# --- location-scoped grants ------------------------------------------------------------------


async def test_a_grant_at_one_location_shows_only_that_location(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
    make_account: AccountFactory,
    events: EventLog,
) -> None:
    paris = await create_location(client, owner.headers)
    lyon = await create_location(client, owner.headers)
    customer = await make_account(tenant)
    assert_problem(
        await client.get("/api/v1/locations", headers=customer.headers), 403, "permission_denied"
    )

    r = await grant(client, owner.headers, customer.user_id, roles["manager"], paris["id"])

    assert r.status_code == 201, r.text
    assert r.json()["location_id"] == paris["id"]
    listed = await client.get("/api/v1/locations", headers=customer.headers)
    assert listed.status_code == 200, listed.text
    assert [loc["id"] for loc in listed.json()["items"]] == [paris["id"]]
    assert (
        await client.get(f"/api/v1/locations/{paris['id']}", headers=customer.headers)
    ).status_code == 200
    assert_problem(
        await client.get(f"/api/v1/locations/{lyon['id']}", headers=customer.headers),
        404,
        "location_not_found",
    )
    everything = await client.get("/api/v1/locations", headers=owner.headers)
    assert {paris["id"], lyon["id"]} <= {loc["id"] for loc in everything.json()["items"]}
    who = await me(client, customer)
    assert "manager" in who["roles"] and "catalog:write" in who["permissions"]
    shown = await client.get(f"/api/v1/users/{customer.user_id}", headers=owner.headers)
    assert {(g["role_name"], g["location_id"]) for g in shown.json()["roles"]} == {
        ("customer", None),
        ("manager", paris["id"]),
    }
    granted = of(await events.of_type("role.granted"), user_id=customer.user_id)
    assert [e["data"]["location_id"] for e in granted] == [paris["id"]]

    # The same role at another location is another grant; tenant-wide is yet another.
    r = await grant(client, owner.headers, customer.user_id, roles["manager"], paris["id"])
    assert_problem(r, 409, "role_already_granted")
    r = await grant(client, owner.headers, customer.user_id, roles["manager"], lyon["id"])
    assert r.status_code == 201, r.text
    listed = await client.get("/api/v1/locations", headers=customer.headers)
    assert {loc["id"] for loc in listed.json()["items"]} == {paris["id"], lyon["id"]}

    # Revoking at one location keeps the other.
    r = await client.delete(
        revoke_path(customer.user_id, roles["manager"]),
        params={"location_id": lyon["id"]},
        headers=owner.headers,
    )
    assert r.status_code == 204, r.text
    listed = await client.get("/api/v1/locations", headers=customer.headers)
    assert [loc["id"] for loc in listed.json()["items"]] == [paris["id"]]


async def test_a_grant_at_an_unknown_or_foreign_location_is_not_found(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    make_tenant: TenantFactory,
    make_account: AccountFactory,
) -> None:
    mine, other = await make_tenant(), await make_tenant()
    owner = await login_owner(client, mine)
    other_owner = await login_owner(client, other)
    foreign = await create_location(client, other_owner.headers)
    customer = await make_account(mine)
    manager = (await role_ids(client, owner.headers))["manager"]

    for location_id in (str(uuid.uuid4()), foreign["id"]):
        r = await grant(client, owner.headers, customer.user_id, manager, location_id)
        assert_problem(r, 404, "location_not_found")
    assert len(await stored_grants(app, clock, mine.id, customer.user_id)) == 1

    # The owner role is tenant-wide only.
    paris = await create_location(client, owner.headers)
    owner_role = (await role_ids(client, owner.headers))["owner"]
    r = await grant(client, owner.headers, customer.user_id, owner_role, paris["id"])
    assert r.status_code == 422, r.text
    assert len(await stored_grants(app, clock, mine.id, customer.user_id)) == 1


# --- who may -----------------------------------------------------------------------------


async def test_another_tenants_users_and_roles_are_not_found(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    make_tenant: TenantFactory,
    make_account: AccountFactory,
    events: EventLog,
) -> None:
    mine, other = await make_tenant(), await make_tenant()
    owner = await login_owner(client, mine)
    other_owner = await login_owner(client, other)
    my_roles = await role_ids(client, owner.headers)
    their_roles = await role_ids(client, other_owner.headers)
    my_customer = await make_account(mine)
    their_customer = await make_account(other)

    # Their user, my role.
    r = await grant(client, owner.headers, their_customer.user_id, my_roles["manager"])
    assert_problem(r, 404, "user_not_found")
    # My user, their role.
    r = await grant(client, owner.headers, my_customer.user_id, their_roles["manager"])
    assert_problem(r, 404, "role_not_found")
    # Revoking theirs.
    r = await client.delete(
        revoke_path(their_customer.user_id, their_roles["customer"]), headers=owner.headers
    )
    assert r.status_code == 404, r.text
    r = await client.delete(
        revoke_path(str(other.owner_id), their_roles["owner"]), headers=owner.headers
    )
    assert r.status_code == 404, r.text
    r = await client.delete(
        revoke_path(their_customer.user_id, my_roles["customer"]), headers=owner.headers
    )
    assert r.status_code == 404, r.text

    assert [
        str(g.role_id) for g in await stored_grants(app, clock, other.id, their_customer.user_id)
    ] == [their_roles["customer"]]
    assert await owner_ids(app, clock, other) == {str(other.owner_id)}
    assert [
        str(g.role_id) for g in await stored_grants(app, clock, mine.id, my_customer.user_id)
    ] == [my_roles["customer"]]
    assert of(await events.of_type("role.granted"), user_id=their_customer.user_id) == []
    assert of(await events.of_type("role.revoked"), user_id=str(other.owner_id)) == []


async def test_a_customer_may_not_grant_or_revoke(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
    make_account: AccountFactory,
) -> None:
    customer = await make_account(tenant)
    assert set(roles) == set(SYSTEM_ROLES)

    r = await grant(client, customer.headers, customer.user_id, roles["admin"])
    assert_problem(r, 403, "permission_denied")
    r = await client.delete(revoke_path(owner.user_id, roles["owner"]), headers=customer.headers)
    assert_problem(r, 403, "permission_denied")
    r = await client.delete(
        revoke_path(customer.user_id, roles["customer"]), headers=customer.headers
    )
    assert_problem(r, 403, "permission_denied")

    assert [
        str(g.role_id) for g in await stored_grants(app, clock, tenant.id, customer.user_id)
    ] == [roles["customer"]]
    assert await owner_ids(app, clock, tenant) == {owner.user_id}


async def test_a_permission_held_at_one_location_does_not_reach_tenant_wide_objects(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    roles: dict[str, str],
    make_account: AccountFactory,
) -> None:
    paris = await create_location(client, owner.headers)
    delegated = await create_role(
        client, owner.headers, ["users:read", "users:manage", "roles:manage", "audit:read"]
    )
    store_admin = await make_member(client, owner)
    r = await grant(client, owner.headers, store_admin.user_id, delegated["id"], paris["id"])
    assert r.status_code == 201, r.text
    admin = await make_member(client, owner, roles=("admin",))
    empty_role = await create_role(client, owner.headers, [])
    headers = store_admin.headers

    # Users, role definitions and the audit log belong to the whole tenant.
    for r in (
        await client.delete(f"/api/v1/users/{admin.user_id}", headers=headers),
        await client.patch(
            f"/api/v1/users/{admin.user_id}", json={"full_name": "Gone"}, headers=headers
        ),
        await client.post(
            "/api/v1/users",
            json={"email": f"x-{uuid.uuid4().hex[:8]}@example.com", "password": "x" * 20},
            headers=headers,
        ),
        await client.post(
            "/api/v1/roles", json={"name": "mine", "permissions": []}, headers=headers
        ),
        await client.patch(
            f"/api/v1/roles/{empty_role['id']}", json={"description": "x"}, headers=headers
        ),
        await client.delete(f"/api/v1/roles/{empty_role['id']}", headers=headers),
        await client.get("/api/v1/audit-logs", headers=headers),
    ):
        assert_problem(r, 403, "permission_denied")
    stored = await stored_user(app, clock, tenant.id, admin.user_id)
    assert stored is not None and stored.is_active and stored.full_name == ""
    assert (await client.get(f"/api/v1/roles/{empty_role['id']}", headers=owner.headers)).json()[
        "description"
    ] == ""

    # At their location they hand out what they hold there, and nothing tenant-wide.
    reader = await create_role(client, owner.headers, ["users:read"])
    customer = await make_account(tenant)
    r = await grant(client, headers, customer.user_id, reader["id"])
    assert_problem(r, 403, "privilege_escalation")
    r = await grant(client, headers, customer.user_id, reader["id"], paris["id"])
    assert r.status_code == 201, r.text
    assert r.json()["location_id"] == paris["id"]
