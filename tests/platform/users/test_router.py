"""The users API: a tenant's administrators list, add (with a password or by invitation),
change, deactivate and reactivate its users; nobody reaches another tenant's users."""

import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.platform.users.models import User
from tests.fixtures.accounts import (
    PASSWORD,
    Account,
    AccountFactory,
    TenantFactory,
    TenantInfo,
    login,
    login_owner,
    make_member,
    me,
    try_login,
    unique_email,
)
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, Mailbox, of
from tests.fixtures.platform_api import audit_rows, role_ids, stored_grants, stored_user
from tests.fixtures.problems import assert_problem

USERS = "/api/v1/users"
NEW_PASSWORD = "Copper-Meadow-Lantern-71"


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Account:
    return await login_owner(client, tenant)


async def add_user(client: httpx.AsyncClient, owner: Account, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"email": unique_email(), "password": PASSWORD, **fields}
    r = await client.post(USERS, json=body, headers=owner.headers)
    assert r.status_code == 201, r.text
    created: dict[str, Any] = r.json()
    return created


async def count_users(app: FastAPI, clock: MovableClock, tenant_id: uuid.UUID) -> int:
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant_id, write=False) as uow:
        return int(await uow.session.scalar(sa.select(sa.func.count()).select_from(User)) or 0)


# --- creating ----------------------------------------------------------------------------


async def test_the_owner_adds_a_user_with_a_password_who_can_sign_in(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> None:
    staff_id = (await role_ids(client, owner.headers))["staff"]
    email = unique_email("Clerk")

    r = await client.post(
        USERS,
        json={"email": email, "password": PASSWORD, "full_name": "Cleo", "role_ids": [staff_id]},
        headers=owner.headers,
    )

    assert r.status_code == 201, r.text
    body = r.json()
    assert body["email"] == email
    assert body["full_name"] == "Cleo"
    assert body["tenant_id"] == str(tenant.id)
    assert body["is_active"] is True
    assert [(g["role_name"], g["role_id"], g["location_id"]) for g in body["roles"]] == [
        ("staff", staff_id, None)
    ]
    stored = await stored_user(app, clock, tenant.id, body["id"])
    assert stored is not None and stored.email_normalized == email.lower()
    assert stored.password_hash.startswith("$argon2id$")

    member = await login(client, tenant.slug, email.lower())
    assert member.user_id == body["id"]
    assert (await me(client, member))["roles"] == ["staff"]

    assert len(of(await events.of_type("user.created"), user_id=body["id"])) == 1
    assert len(of(await events.of_type("role.granted"), user_id=body["id"])) == 1
    rows = await audit_rows(app, clock, tenant.id, action="user.created", target_id=body["id"])
    assert len(rows) == 1
    assert str(rows[0].actor_id) == owner.user_id
    assert rows[0].changes["invited"] is False
    assert PASSWORD not in str(rows[0].changes)


async def test_an_invited_user_chooses_a_password_from_the_email(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    mailbox: Mailbox,
    events: EventLog,
) -> None:
    email = unique_email("invitee")

    r = await client.post(USERS, json={"email": email, "full_name": "Ivy"}, headers=owner.headers)

    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    assert r.json()["roles"] == []
    # No password yet: nothing signs in.
    for guess in (PASSWORD, "!"):
        assert_problem(
            await try_login(client, tenant.slug, email, guess), 401, "invalid_credentials"
        )
    messages = await mailbox.messages(email)
    assert [m["subject"] for m in messages] == ["You are invited"]
    token = await mailbox.last_token(email)

    r = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )
    assert r.status_code == 204, r.text
    invited = await login(client, tenant.slug, email, NEW_PASSWORD)
    assert invited.user_id == user_id
    # The token works once.
    r = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": PASSWORD}
    )
    assert_problem(r, 422, "invalid_email_token")

    assert len(of(await events.of_type("user.invited"), user_id=user_id)) == 1
    rows = await audit_rows(app, clock, tenant.id, action="user.created", target_id=user_id)
    assert len(rows) == 1 and rows[0].changes["invited"] is True


async def test_a_taken_email_is_a_conflict(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, tenant: TenantInfo, owner: Account
) -> None:
    before = await count_users(app, clock, tenant.id)
    for email in (tenant.owner_email, tenant.owner_email.upper()):
        r = await client.post(
            USERS, json={"email": email, "password": PASSWORD}, headers=owner.headers
        )
        assert_problem(r, 409, "email_taken")
        r = await client.post(USERS, json={"email": email}, headers=owner.headers)
        assert_problem(r, 409, "email_taken")
    assert await count_users(app, clock, tenant.id) == before


async def test_a_weak_password_or_an_unknown_role_creates_nobody(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, tenant: TenantInfo, owner: Account
) -> None:
    before = await count_users(app, clock, tenant.id)
    email = unique_email()

    r = await client.post(
        USERS, json={"email": email, "password": "12345678"}, headers=owner.headers
    )
    assert_problem(r, 422, "weak_password")
    r = await client.post(
        USERS,
        json={"email": email, "password": PASSWORD, "role_ids": [str(uuid.uuid4())]},
        headers=owner.headers,
    )
    assert_problem(r, 404, "role_not_found")

    assert await count_users(app, clock, tenant.id) == before
    assert (await try_login(client, tenant.slug, email)).status_code == 401


async def test_an_admin_cannot_create_an_owner(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, tenant: TenantInfo, owner: Account
) -> None:
    admin = await make_member(client, owner, roles=("admin",))
    owner_role = (await role_ids(client, owner.headers))["owner"]
    before = await count_users(app, clock, tenant.id)

    r = await client.post(
        USERS,
        json={"email": unique_email(), "password": PASSWORD, "role_ids": [owner_role]},
        headers=admin.headers,
    )

    assert_problem(r, 403, "privilege_escalation")
    assert await count_users(app, clock, tenant.id) == before


@pytest.mark.parametrize(
    "extra",
    [
        {"tenant_id": "00000000-0000-0000-0000-000000000001"},
        {"role": "owner"},
        {"is_platform_operator": True},
        {"email_verified": True},
        {"is_active": False},
    ],
)
async def test_mass_assignment_on_create_is_refused(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    extra: dict[str, Any],
) -> None:
    email = unique_email()
    before = await count_users(app, clock, tenant.id)

    r = await client.post(
        USERS, json={"email": email, "password": PASSWORD, **extra}, headers=owner.headers
    )

    body = assert_problem(r, 422, "validation_error")
    assert any(next(iter(extra)) in e["loc"] for e in body["errors"])
    assert await count_users(app, clock, tenant.id) == before


@pytest.mark.parametrize(
    "extra",
    [
        {"tenant_id": "00000000-0000-0000-0000-000000000001"},
        {"role": "owner"},
        {"is_platform_operator": True},
        {"email_verified": True},
        {"email": "someone-else@example.com"},
        {"password_hash": "x"},
    ],
)
async def test_mass_assignment_on_change_is_refused(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    extra: dict[str, Any],
) -> None:
    user = await add_user(client, owner, full_name="Before")

    r = await client.patch(
        f"{USERS}/{user['id']}", json={"full_name": "After", **extra}, headers=owner.headers
    )

    assert_problem(r, 422, "validation_error")
    stored = await stored_user(app, clock, tenant.id, user["id"])
    assert stored is not None
    assert (stored.full_name, stored.email, stored.email_verified) == (
        "Before",
        user["email"],
        True,
    )


# --- reading -------------------------------------------------------------------------------


async def test_the_owner_lists_users_with_search_filters_and_pages(
    client: httpx.AsyncClient, owner: Account
) -> None:
    marker = uuid.uuid4().hex[:8]
    ids = await role_ids(client, owner.headers)
    made = [
        await add_user(
            client,
            owner,
            email=f"{marker}-{i}@example.com",
            full_name=f"Member {i}",
            role_ids=[ids["staff"]] if i % 2 == 0 else [],
        )
        for i in range(4)
    ]
    named = await add_user(client, owner, full_name=f"Zed {marker.upper()}")

    found = await client.get(USERS, params={"q": marker}, headers=owner.headers)
    assert found.status_code == 200, found.text
    assert [u["id"] for u in found.json()["items"]] == [u["id"] for u in [*made, named]]

    first = await client.get(USERS, params={"q": marker, "limit": 2}, headers=owner.headers)
    assert len(first.json()["items"]) == 2 and first.json()["next_cursor"]
    pages = [first.json()]
    while pages[-1]["next_cursor"]:
        r = await client.get(
            USERS,
            params={"q": marker, "limit": 2, "cursor": pages[-1]["next_cursor"]},
            headers=owner.headers,
        )
        assert r.status_code == 200, r.text
        pages.append(r.json())
    assert [u["id"] for p in pages for u in p["items"]] == [u["id"] for u in [*made, named]]

    staff = await client.get(USERS, params={"q": marker, "role": "staff"}, headers=owner.headers)
    assert [u["id"] for u in staff.json()["items"]] == [made[0]["id"], made[2]["id"]]
    assert all(u["roles"][0]["role_name"] == "staff" for u in staff.json()["items"])
    owners = await client.get(USERS, params={"role": "owner"}, headers=owner.headers)
    assert [u["id"] for u in owners.json()["items"]] == [owner.user_id]

    r = await client.delete(f"{USERS}/{made[1]['id']}", headers=owner.headers)
    assert r.status_code == 204, r.text
    inactive = await client.get(
        USERS, params={"q": marker, "status": "inactive"}, headers=owner.headers
    )
    assert [u["id"] for u in inactive.json()["items"]] == [made[1]["id"]]
    active = await client.get(
        USERS, params={"q": marker, "status": "active"}, headers=owner.headers
    )
    assert made[1]["id"] not in [u["id"] for u in active.json()["items"]]
    assert len(active.json()["items"]) == 4

    # Wildcards in the search are plain characters.
    for wildcard in ("%", "_", f"{marker[:4]}_{marker[5:]}"):
        r = await client.get(USERS, params={"q": wildcard}, headers=owner.headers)
        assert r.status_code == 200, r.text
        assert r.json()["items"] == []

    r = await client.get(USERS, params={"cursor": "not-a-cursor"}, headers=owner.headers)
    assert r.status_code == 422, r.text


async def test_the_owner_reads_one_user_with_their_roles(
    client: httpx.AsyncClient, owner: Account
) -> None:
    ids = await role_ids(client, owner.headers)
    user = await add_user(client, owner, role_ids=[ids["staff"], ids["manager"]])

    r = await client.get(f"{USERS}/{user['id']}", headers=owner.headers)

    assert r.status_code == 200, r.text
    body = r.json()
    assert body["email"] == user["email"]
    assert sorted(g["role_name"] for g in body["roles"]) == ["manager", "staff"]
    assert {g["role_id"] for g in body["roles"]} == {ids["staff"], ids["manager"]}
    mine = await client.get(f"{USERS}/{owner.user_id}", headers=owner.headers)
    assert [g["role_name"] for g in mine.json()["roles"]] == ["owner"]
    assert_problem(
        await client.get(f"{USERS}/{uuid.uuid4()}", headers=owner.headers), 404, "user_not_found"
    )


# --- changing ------------------------------------------------------------------------------


async def test_the_owner_renames_a_user(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> None:
    user = await add_user(client, owner, full_name="Old Name")

    r = await client.patch(
        f"{USERS}/{user['id']}", json={"full_name": "New Name"}, headers=owner.headers
    )

    assert r.status_code == 200, r.text
    assert r.json()["full_name"] == "New Name"
    stored = await stored_user(app, clock, tenant.id, user["id"])
    assert stored is not None and stored.full_name == "New Name"
    updated = of(await events.of_type("user.updated"), user_id=user["id"])
    assert len(updated) == 1
    assert updated[0]["data"]["changes"] == {"full_name": {"from": "Old Name", "to": "New Name"}}
    rows = await audit_rows(app, clock, tenant.id, action="user.updated", target_id=user["id"])
    assert len(rows) == 1 and str(rows[0].actor_id) == owner.user_id
    # The same name again changes (and records) nothing.
    r = await client.patch(
        f"{USERS}/{user['id']}", json={"full_name": "New Name"}, headers=owner.headers
    )
    assert r.status_code == 200
    assert len(await audit_rows(app, clock, tenant.id, target_id=user["id"])) == 2  # created too


async def test_deactivation_ends_sessions_at_once_and_reactivation_restores_sign_in(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> None:
    member = await make_member(client, owner, roles=("staff",))
    assert (await client.get("/api/v1/auth/me", headers=member.headers)).status_code == 200

    r = await client.delete(f"{USERS}/{member.user_id}", headers=owner.headers)

    assert r.status_code == 204, r.text
    assert r.content == b""
    stored = await stored_user(app, clock, tenant.id, member.user_id)
    assert stored is not None and stored.is_active is False
    assert_problem(
        await client.get("/api/v1/auth/me", headers=member.headers), 401, "token_revoked"
    )
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": member.refresh_token})
    assert r.status_code == 401, r.text
    assert_problem(await try_login(client, tenant.slug, member.email), 401, "account_disabled")
    shown = await client.get(f"{USERS}/{member.user_id}", headers=owner.headers)
    assert shown.json()["is_active"] is False
    # Deactivating again changes nothing more.
    r = await client.delete(f"{USERS}/{member.user_id}", headers=owner.headers)
    assert r.status_code == 204, r.text

    r = await client.patch(
        f"{USERS}/{member.user_id}", json={"is_active": True}, headers=owner.headers
    )

    assert r.status_code == 200, r.text
    assert r.json()["is_active"] is True
    again = await login(client, tenant.slug, member.email)
    assert (await me(client, again))["roles"] == ["staff"]

    assert len(of(await events.of_type("user.deactivated"), user_id=member.user_id)) == 1
    assert len(of(await events.of_type("user.reactivated"), user_id=member.user_id)) == 1
    actions = [
        row.action for row in await audit_rows(app, clock, tenant.id, target_id=member.user_id)
    ]
    assert actions == ["user.created", "role.granted", "user.deactivated", "user.reactivated"]
    log = await client.get(
        "/api/v1/audit-logs",
        params={"target_type": "user", "target_id": member.user_id, "action": "user.*"},
        headers=owner.headers,
    )
    assert [row["action"] for row in log.json()["items"]] == [
        "user.reactivated",
        "user.deactivated",
        "user.created",
    ]
    assert {row["actor_id"] for row in log.json()["items"]} == {owner.user_id}


async def test_the_last_active_owner_cannot_be_deactivated(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> None:
    assert_problem(
        await client.delete(f"{USERS}/{owner.user_id}", headers=owner.headers), 409, "last_owner"
    )
    r = await client.patch(
        f"{USERS}/{owner.user_id}", json={"is_active": False}, headers=owner.headers
    )
    assert_problem(r, 409, "last_owner")
    stored = await stored_user(app, clock, tenant.id, owner.user_id)
    assert stored is not None and stored.is_active is True
    assert (await client.get("/api/v1/auth/me", headers=owner.headers)).status_code == 200
    assert of(await events.of_type("user.deactivated"), user_id=owner.user_id) == []

    # With a second active owner, the first may go.
    second = await make_member(client, owner, roles=("owner",))
    r = await client.delete(f"{USERS}/{owner.user_id}", headers=second.headers)
    assert r.status_code == 204, r.text
    # And now the second is the last one.
    r = await client.delete(f"{USERS}/{second.user_id}", headers=second.headers)
    assert_problem(r, 409, "last_owner")


# --- who may -----------------------------------------------------------------------------


async def test_another_tenants_user_is_not_found_and_untouched(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    make_tenant: TenantFactory,
    events: EventLog,
) -> None:
    mine, other = await make_tenant(), await make_tenant()
    owner = await login_owner(client, mine)
    other_owner = await login_owner(client, other)
    victim = await add_user(client, other_owner, full_name="Victim")

    for user_id in (victim["id"], other.owner_id):
        path = f"{USERS}/{user_id}"
        assert_problem(await client.get(path, headers=owner.headers), 404, "user_not_found")
        r = await client.patch(path, json={"full_name": "Pwned"}, headers=owner.headers)
        assert_problem(r, 404, "user_not_found")
        r = await client.patch(path, json={"is_active": False}, headers=owner.headers)
        assert_problem(r, 404, "user_not_found")
        assert_problem(await client.delete(path, headers=owner.headers), 404, "user_not_found")

    stored = await stored_user(app, clock, other.id, victim["id"])
    assert stored is not None
    assert (stored.full_name, stored.is_active) == ("Victim", True)
    assert (await login(client, other.slug, victim["email"])).user_id == victim["id"]
    listed = await client.get(USERS, params={"q": victim["email"]}, headers=owner.headers)
    assert listed.json()["items"] == []
    assert of(await events.of_type("user.deactivated"), user_id=victim["id"]) == []


async def test_a_customer_is_refused_every_endpoint(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    make_account: AccountFactory,
) -> None:
    customer = await make_account(tenant)
    target = await add_user(client, owner, full_name="Target")
    path = f"{USERS}/{target['id']}"
    before = await count_users(app, clock, tenant.id)

    answers = [
        await client.get(USERS, headers=customer.headers),
        await client.post(
            USERS, json={"email": unique_email(), "password": PASSWORD}, headers=customer.headers
        ),
        await client.get(path, headers=customer.headers),
        await client.patch(path, json={"full_name": "Changed"}, headers=customer.headers),
        await client.delete(path, headers=customer.headers),
        await client.get(f"{USERS}/{customer.user_id}", headers=customer.headers),
    ]

    for r in answers:
        assert_problem(r, 403, "permission_denied")
    assert await count_users(app, clock, tenant.id) == before
    stored = await stored_user(app, clock, tenant.id, target["id"])
    assert stored is not None and (stored.full_name, stored.is_active) == ("Target", True)


async def test_a_manager_reads_users_but_cannot_change_them(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, tenant: TenantInfo, owner: Account
) -> None:
    manager = await make_member(client, owner, roles=("manager",))
    target = await add_user(client, owner)

    assert (await client.get(USERS, headers=manager.headers)).status_code == 200
    r = await client.get(f"{USERS}/{target['id']}", headers=manager.headers)
    assert r.status_code == 200, r.text
    for r in (
        await client.post(
            USERS, json={"email": unique_email(), "password": PASSWORD}, headers=manager.headers
        ),
        await client.patch(
            f"{USERS}/{target['id']}", json={"is_active": False}, headers=manager.headers
        ),
        await client.delete(f"{USERS}/{target['id']}", headers=manager.headers),
    ):
        assert_problem(r, 403, "permission_denied")
    stored = await stored_user(app, clock, tenant.id, target["id"])
    assert stored is not None and stored.is_active is True
    assert len(await stored_grants(app, clock, tenant.id, target["id"])) == 0


async def test_unauthenticated_calls_are_refused(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    for r in (
        await client.get(USERS),
        await client.post(USERS, json={"email": unique_email(), "password": PASSWORD}),
        await client.get(f"{USERS}/{tenant.owner_id}"),
        await client.delete(f"{USERS}/{tenant.owner_id}"),
    ):
        assert_problem(r, 401, "not_authenticated")


async def test_only_an_owner_deactivates_or_reactivates_an_owner(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> None:
    second = await make_member(client, owner, roles=("owner",))
    admin = await make_member(client, owner, roles=("admin",))
    path = f"{USERS}/{second.user_id}"

    assert_problem(await client.delete(path, headers=admin.headers), 403, "privilege_escalation")
    r = await client.patch(path, json={"is_active": False}, headers=admin.headers)
    assert_problem(r, 403, "privilege_escalation")
    stored = await stored_user(app, clock, tenant.id, second.user_id)
    assert stored is not None and stored.is_active is True
    assert (await client.get("/api/v1/auth/me", headers=second.headers)).status_code == 200

    assert (await client.delete(path, headers=owner.headers)).status_code == 204
    r = await client.patch(path, json={"is_active": True}, headers=admin.headers)
    assert_problem(r, 403, "privilege_escalation")
    stored = await stored_user(app, clock, tenant.id, second.user_id)
    assert stored is not None and stored.is_active is False
    r = await client.patch(path, json={"is_active": True}, headers=owner.headers)
    assert r.status_code == 200, r.text
    assert len(of(await events.of_type("user.deactivated"), user_id=second.user_id)) == 1
    # An admin still manages everyone else.
    staff = await make_member(client, owner, roles=("staff",))
    assert (
        await client.delete(f"{USERS}/{staff.user_id}", headers=admin.headers)
    ).status_code == 204
