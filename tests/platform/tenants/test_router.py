"""The tenants API: platform operators create, list, suspend and reactivate tenants; a tenant's
owner reads and renames their own; nobody else sees one."""

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.models import Tenant
from tests.fixtures.accounts import (
    PASSWORD,
    Account,
    AccountFactory,
    TenantFactory,
    TenantInfo,
    login,
    login_owner,
    make_member,
    make_operator,
    me,
    try_login,
    unique_email,
)
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, of
from tests.fixtures.platform_api import audit_rows, role_ids
from tests.fixtures.problems import assert_problem

TENANTS = "/api/v1/tenants"
SYSTEM_ROLES = {"owner", "admin", "manager", "staff", "customer"}


def new_slug() -> str:
    return f"shop-{uuid.uuid4().hex[:10]}"


def tenant_body(slug: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "slug": slug,
        "name": "Acme Groceries",
        "owner": {"email": f"boss@{slug}.example.com", "password": PASSWORD, "full_name": "Ada"},
    }
    body.update(overrides)
    return body


async def stored_tenant(app: FastAPI, clock: MovableClock, slug: str) -> Tenant | None:
    async with app.state.db.unit_of_work(clock=clock, write=False) as uow:
        return await tenants.find_by_slug(uow, slug)


@pytest.fixture
async def operator(app: FastAPI, clock: MovableClock, client: httpx.AsyncClient) -> Account:
    return await make_operator(app, clock, client)


async def platform_id(client: httpx.AsyncClient, operator: Account) -> str:
    tenant_id: str = (await me(client, operator))["tenant"]["id"]
    return tenant_id


# --- creation ----------------------------------------------------------------------------


async def test_operator_creates_a_tenant_with_its_owner_and_system_roles(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    operator: Account,
    events: EventLog,
) -> None:
    slug = new_slug()

    r = await client.post(TENANTS, json=tenant_body(slug), headers=operator.headers)

    assert r.status_code == 201, r.text
    body = r.json()
    assert body["slug"] == slug
    assert body["name"] == "Acme Groceries"
    assert body["status"] == "active"
    uuid.UUID(body["owner_id"])
    stored = await stored_tenant(app, clock, slug)
    assert stored is not None and str(stored.id) == body["id"]

    owner = await login(client, slug, f"boss@{slug}.example.com")
    assert owner.user_id == body["owner_id"]
    who = await me(client, owner)
    assert who["tenant"]["slug"] == slug
    assert who["roles"] == ["owner"]
    assert "tenants:manage" not in who["permissions"]
    roles = await client.get("/api/v1/roles", headers=owner.headers)
    system = {r["name"] for r in roles.json()["items"] if r["is_system"]}
    assert system == SYSTEM_ROLES

    created = of(await events.of_type("tenant.created"), slug=slug)
    assert len(created) == 1
    assert created[0]["tenant_id"] == body["id"]
    assert created[0]["data"]["owner_id"] == body["owner_id"]

    # The operator's action is audited in the operator's own (platform) tenant.
    rows = await audit_rows(
        app, clock, await platform_id(client, operator), action="tenant.created"
    )
    mine = [row for row in rows if row.target_id == body["id"]]
    assert len(mine) == 1
    assert str(mine[0].actor_id) == operator.user_id
    assert mine[0].changes["slug"] == slug
    assert "password" not in str(mine[0].changes)
    assert await audit_rows(app, clock, body["id"], action="tenant.created") == []


async def test_operator_lists_tenants_with_search_status_filter_and_pages(
    client: httpx.AsyncClient, operator: Account, make_tenant: TenantFactory
) -> None:
    prefix = f"list-{uuid.uuid4().hex[:6]}"
    made = [await make_tenant(f"{prefix}-{i}") for i in range(3)]

    first = await client.get(TENANTS, params={"q": prefix, "limit": 2}, headers=operator.headers)
    assert first.status_code == 200, first.text
    assert first.json()["next_cursor"]
    second = await client.get(
        TENANTS,
        params={"q": prefix, "limit": 2, "cursor": first.json()["next_cursor"]},
        headers=operator.headers,
    )
    assert second.status_code == 200, second.text
    assert second.json()["next_cursor"] is None
    listed = [t["slug"] for t in first.json()["items"] + second.json()["items"]]
    assert listed == [t.slug for t in made]

    r = await client.delete(f"{TENANTS}/{made[1].id}", headers=operator.headers)
    assert r.status_code == 204, r.text
    suspended = await client.get(
        TENANTS, params={"q": prefix, "status": "suspended"}, headers=operator.headers
    )
    assert [t["slug"] for t in suspended.json()["items"]] == [made[1].slug]

    # Wildcards in the search are plain characters.
    for wildcard in (f"{prefix}%", f"{prefix[:6]}_{prefix[7:]}"):
        r = await client.get(TENANTS, params={"q": wildcard}, headers=operator.headers)
        assert r.status_code == 200, r.text
        assert r.json()["items"] == []

    # The reserved platform tenant is never listed.
    everything = await client.get(TENANTS, params={"q": "platform"}, headers=operator.headers)
    assert "platform" not in [t["slug"] for t in everything.json()["items"]]


@pytest.mark.parametrize(
    "slug",
    ["Acme-Shop", "ab", "platform", "api", "admin", "-acme", "acme-", "acme_shop"],
)
async def test_invalid_or_reserved_slugs_are_refused(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, operator: Account, slug: str
) -> None:
    r = await client.post(TENANTS, json=tenant_body(slug), headers=operator.headers)

    body = assert_problem(r, 422, "validation_error")
    assert any("slug" in e["loc"] for e in body["errors"])
    stored = await stored_tenant(app, clock, slug)
    if slug == "platform":  # the reserved one exists, untouched
        assert stored is not None and stored.name == "Platform operators"
    else:
        assert stored is None


async def test_a_taken_slug_is_a_conflict(
    client: httpx.AsyncClient, operator: Account, tenant: TenantInfo, events: EventLog
) -> None:
    r = await client.post(TENANTS, json=tenant_body(tenant.slug), headers=operator.headers)

    assert_problem(r, 409, "slug_taken")
    created = of(await events.of_type("tenant.created"), slug=tenant.slug)
    assert [e for e in created if e["tenant_id"] != str(tenant.id)] == []


async def test_a_weak_owner_password_creates_nothing(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    operator: Account,
    events: EventLog,
) -> None:
    slug = new_slug()
    body = tenant_body(slug)
    body["owner"]["password"] = "password"

    r = await client.post(TENANTS, json=body, headers=operator.headers)

    assert_problem(r, 422, "weak_password")
    assert await stored_tenant(app, clock, slug) is None
    assert of(await events.of_type("tenant.created"), slug=slug) == []
    assert (await try_login(client, slug, body["owner"]["email"], "password")).status_code == 401
    # The slug stays free: a retry with a good password works.
    body["owner"]["password"] = PASSWORD
    retry = await client.post(TENANTS, json=body, headers=operator.headers)
    assert retry.status_code == 201, retry.text


@pytest.mark.parametrize(
    "extra",
    [
        {"tenant_id": str(uuid.uuid4())},
        {"status": "suspended"},
        {"is_platform_operator": True},
        {"id": str(uuid.uuid4())},
    ],
)
async def test_unknown_fields_are_refused(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    operator: Account,
    extra: dict[str, Any],
) -> None:
    slug = new_slug()
    r = await client.post(TENANTS, json=tenant_body(slug, **extra), headers=operator.headers)

    assert_problem(r, 422, "validation_error")
    assert await stored_tenant(app, clock, slug) is None


async def test_unknown_fields_of_the_owner_are_refused(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, operator: Account
) -> None:
    slug = new_slug()
    body = tenant_body(slug)
    body["owner"]["role"] = "admin"
    body["owner"]["is_platform_operator"] = True

    r = await client.post(TENANTS, json=body, headers=operator.headers)

    assert_problem(r, 422, "validation_error")
    assert await stored_tenant(app, clock, slug) is None


async def test_ten_concurrent_creations_of_one_slug_make_one_tenant(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    operator: Account,
    events: EventLog,
) -> None:
    slug = new_slug()

    answers = await asyncio.gather(
        *(
            client.post(
                TENANTS,
                json=tenant_body(slug, owner={"email": unique_email("boss"), "password": PASSWORD}),
                headers=operator.headers,
            )
            for _ in range(10)
        )
    )

    statuses = sorted(r.status_code for r in answers)
    assert statuses == [201] + [409] * 9, [r.text for r in answers]
    for r in answers:
        if r.status_code == 409:
            assert_problem(r, 409, "slug_taken")
    winner = next(r.json() for r in answers if r.status_code == 201)
    stored = await stored_tenant(app, clock, slug)
    assert stored is not None and str(stored.id) == winner["id"]
    assert len(of(await events.of_type("tenant.created"), slug=slug)) == 1
    # The operator's action is logged in the platform tenant, not in the new tenant's log.
    assert await audit_rows(app, clock, winner["id"]) == []


# --- who may see and change a tenant -----------------------------------------------------


async def test_unauthenticated_calls_are_refused(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    assert_problem(await client.get(TENANTS), 401, "not_authenticated")
    assert_problem(await client.get(f"{TENANTS}/{tenant.id}"), 401, "not_authenticated")
    assert_problem(
        await client.post(TENANTS, json=tenant_body(new_slug())), 401, "not_authenticated"
    )


async def test_a_customer_may_not_list_create_or_suspend_tenants(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    make_account: AccountFactory,
    tenant: TenantInfo,
) -> None:
    customer = await make_account(tenant)
    slug = new_slug()

    assert_problem(await client.get(TENANTS, headers=customer.headers), 403, "permission_denied")
    r = await client.post(TENANTS, json=tenant_body(slug), headers=customer.headers)
    assert_problem(r, 403, "permission_denied")
    assert await stored_tenant(app, clock, slug) is None
    r = await client.delete(f"{TENANTS}/{tenant.id}", headers=customer.headers)
    assert_problem(r, 403, "permission_denied")
    # A member who is not the owner gets 403 on their own tenant.
    assert_problem(
        await client.get(f"{TENANTS}/{tenant.id}", headers=customer.headers),
        403,
        "permission_denied",
    )
    r = await client.patch(
        f"{TENANTS}/{tenant.id}", json={"name": "Mine now"}, headers=customer.headers
    )
    assert_problem(r, 403, "permission_denied")
    stored = await stored_tenant(app, clock, tenant.slug)
    assert stored is not None and stored.name == "Test Shop"


async def test_an_admin_who_is_not_the_owner_may_not_change_the_tenant(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    admin = await make_member(client, owner, roles=("admin",))

    assert_problem(
        await client.get(f"{TENANTS}/{tenant.id}", headers=admin.headers), 403, "permission_denied"
    )
    r = await client.patch(f"{TENANTS}/{tenant.id}", json={"name": "X"}, headers=admin.headers)
    assert_problem(r, 403, "permission_denied")
    stored = await stored_tenant(app, clock, tenant.slug)
    assert stored is not None and stored.name == "Test Shop"


async def test_the_owner_reads_and_renames_their_own_tenant(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    events: EventLog,
) -> None:
    owner = await login_owner(client, tenant)

    r = await client.get(f"{TENANTS}/{tenant.id}", headers=owner.headers)
    assert r.status_code == 200, r.text
    assert r.json()["slug"] == tenant.slug

    r = await client.patch(
        f"{TENANTS}/{tenant.id}", json={"name": "Acme Renamed"}, headers=owner.headers
    )

    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Acme Renamed"
    assert r.json()["status"] == "active"
    stored = await stored_tenant(app, clock, tenant.slug)
    assert stored is not None and stored.name == "Acme Renamed"
    updated = of(await events.of_type("tenant.updated"), tenant_id=str(tenant.id))
    assert len(updated) == 1
    assert updated[0]["data"]["changes"]["name"] == {"from": "Test Shop", "to": "Acme Renamed"}
    rows = await audit_rows(app, clock, tenant.id, action="tenant.updated")
    assert len(rows) == 1
    assert str(rows[0].actor_id) == owner.user_id
    assert rows[0].target_id == str(tenant.id)
    log = await client.get(
        "/api/v1/audit-logs", params={"action": "tenant.*"}, headers=owner.headers
    )
    assert [row["action"] for row in log.json()["items"]] == ["tenant.updated"]


async def test_the_owner_gets_404_for_another_tenant(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, make_tenant: TenantFactory
) -> None:
    mine, other = await make_tenant(), await make_tenant()
    owner = await login_owner(client, mine)

    for r in (
        await client.get(f"{TENANTS}/{other.id}", headers=owner.headers),
        await client.patch(f"{TENANTS}/{other.id}", json={"name": "Ha"}, headers=owner.headers),
        await client.get(f"{TENANTS}/{uuid.uuid4()}", headers=owner.headers),
    ):
        assert_problem(r, 404, "tenant_not_found")
    stored = await stored_tenant(app, clock, other.slug)
    assert stored is not None and stored.name == "Test Shop"


async def test_the_owner_may_not_change_the_status(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)

    r = await client.patch(
        f"{TENANTS}/{tenant.id}",
        json={"name": "Sneaky", "status": "suspended"},
        headers=owner.headers,
    )
    assert_problem(r, 403, "permission_denied")
    r = await client.delete(f"{TENANTS}/{tenant.id}", headers=owner.headers)
    assert_problem(r, 403, "permission_denied")

    stored = await stored_tenant(app, clock, tenant.slug)
    assert stored is not None
    assert (stored.status, stored.name) == ("active", "Test Shop")
    assert await audit_rows(app, clock, tenant.id, action="tenant.updated") == []


async def test_unknown_fields_in_a_tenant_change_are_refused(
    client: httpx.AsyncClient, operator: Account, tenant: TenantInfo
) -> None:
    for extra in ({"slug": "other-slug"}, {"tenant_id": str(uuid.uuid4())}, {"id": "x"}):
        r = await client.patch(f"{TENANTS}/{tenant.id}", json=extra, headers=operator.headers)
        assert_problem(r, 422, "validation_error")


# --- suspension ----------------------------------------------------------------------------


async def test_suspension_locks_the_tenant_out_at_once_and_reactivation_lets_it_back(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    operator: Account,
    make_account: AccountFactory,
    tenant: TenantInfo,
    events: EventLog,
) -> None:
    owner = await login_owner(client, tenant)
    customer = await make_account(tenant)
    assert (await client.get("/api/v1/auth/me", headers=owner.headers)).status_code == 200

    r = await client.delete(f"{TENANTS}/{tenant.id}", headers=operator.headers)

    assert r.status_code == 204, r.text
    assert r.content == b""
    stored = await stored_tenant(app, clock, tenant.slug)
    assert stored is not None and stored.status == "suspended"
    # Existing access tokens are refused at once...
    for session_headers in (owner.headers, customer.headers):
        me_r = await client.get("/api/v1/auth/me", headers=session_headers)
        assert_problem(me_r, 401, "tenant_suspended")
        assert me_r.headers["www-authenticate"].startswith("Bearer")
    assert_problem(
        await client.get("/api/v1/users", headers=owner.headers), 401, "tenant_suspended"
    )
    # ...and nobody signs in or refreshes.
    assert_problem(
        await try_login(client, tenant.slug, tenant.owner_email), 401, "tenant_suspended"
    )
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": owner.refresh_token})
    assert_problem(r, 401, "tenant_suspended")
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": customer.refresh_token})
    assert_problem(r, 401, "tenant_suspended")
    r = await client.post(
        "/api/v1/auth/register",
        json={"tenant": tenant.slug, "email": unique_email(), "password": PASSWORD},
    )
    assert r.status_code == 404, r.text
    # The operator still sees it.
    seen = await client.get(f"{TENANTS}/{tenant.id}", headers=operator.headers)
    assert seen.json()["status"] == "suspended"

    r = await client.patch(
        f"{TENANTS}/{tenant.id}", json={"status": "active"}, headers=operator.headers
    )

    assert r.status_code == 200, r.text
    assert r.json()["status"] == "active"
    again = await login_owner(client, tenant)
    assert (await me(client, again))["roles"] == ["owner"]
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": customer.refresh_token})
    assert r.status_code == 200, r.text

    assert len(of(await events.of_type("tenant.suspended"), tenant_id=str(tenant.id))) == 1
    assert len(of(await events.of_type("tenant.reactivated"), tenant_id=str(tenant.id))) == 1
    platform = await platform_id(client, operator)
    suspended_rows = await audit_rows(
        app, clock, platform, action="tenant.suspended", target_id=tenant.id
    )
    assert len(suspended_rows) == 1
    assert str(suspended_rows[0].actor_id) == operator.user_id
    assert suspended_rows[0].changes["status"] == {"from": "active", "to": "suspended"}
    reactivated = await audit_rows(
        app, clock, platform, action="tenant.updated", target_id=tenant.id
    )
    assert [row.changes["status"]["to"] for row in reactivated] == ["active"]
    # The operator reads the rows through the API too; the tenant's own log has none.
    log = await client.get(
        "/api/v1/audit-logs",
        params={"target_type": "tenant", "target_id": str(tenant.id)},
        headers=operator.headers,
    )
    assert [row["action"] for row in log.json()["items"]] == ["tenant.updated", "tenant.suspended"]
    assert await audit_rows(app, clock, tenant.id, action="tenant.suspended") == []


async def test_suspending_twice_changes_nothing_more(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, operator: Account
) -> None:
    r = await client.post(TENANTS, json=tenant_body(new_slug()), headers=operator.headers)
    tenant_id = r.json()["id"]

    for _ in range(2):
        r = await client.delete(f"{TENANTS}/{tenant_id}", headers=operator.headers)
        assert r.status_code == 204, r.text

    platform = await platform_id(client, operator)
    rows = await audit_rows(app, clock, platform, action="tenant.suspended", target_id=tenant_id)
    assert len(rows) == 1


async def test_the_platform_tenant_cannot_be_suspended(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, operator: Account
) -> None:
    platform = await platform_id(client, operator)

    assert_problem(
        await client.delete(f"{TENANTS}/{platform}", headers=operator.headers),
        409,
        "platform_tenant_protected",
    )
    r = await client.patch(
        f"{TENANTS}/{platform}", json={"status": "suspended"}, headers=operator.headers
    )
    assert_problem(r, 409, "platform_tenant_protected")

    stored = await stored_tenant(app, clock, "platform")
    assert stored is not None and stored.status == "active"
    assert (await client.get("/api/v1/auth/me", headers=operator.headers)).status_code == 200


async def test_operators_get_404_for_an_unknown_tenant(
    client: httpx.AsyncClient, operator: Account
) -> None:
    missing = f"{TENANTS}/{uuid.uuid4()}"
    assert_problem(await client.get(missing, headers=operator.headers), 404, "tenant_not_found")
    assert_problem(
        await client.patch(missing, json={"name": "x"}, headers=operator.headers),
        404,
        "tenant_not_found",
    )
    assert_problem(await client.delete(missing, headers=operator.headers), 404, "tenant_not_found")


async def test_an_owner_of_an_ordinary_tenant_is_no_operator(
    client: httpx.AsyncClient, make_tenant: TenantFactory
) -> None:
    mine = await make_tenant()
    owner = await login_owner(client, mine)
    ids = await role_ids(client, owner.headers)
    assert set(ids) == SYSTEM_ROLES

    assert_problem(await client.get(TENANTS, headers=owner.headers), 403, "permission_denied")
    r = await client.post(TENANTS, json=tenant_body(new_slug()), headers=owner.headers)
    assert_problem(r, 403, "permission_denied")
