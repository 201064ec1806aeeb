"""POST /api/v1/auth/register: the account it creates, and every request it refuses without
creating anything."""

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.accounts import service as accounts
from olympus.platform.rbac.models import Role, RoleGrant
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.models import Tenant
from olympus.platform.users.models import User
from tests.fixtures.accounts import PASSWORD, TenantFactory, TenantInfo
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import Mailbox
from tests.fixtures.problems import assert_problem

REGISTER = "/api/v1/auth/register"


def new_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


async def users_with_email(
    app: FastAPI, clock: MovableClock, tenant_id: uuid.UUID, email: str
) -> list[User]:
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant_id, write=False) as uow:
        stmt = sa.select(User).where(User.email_normalized == email.strip().lower())
        return list((await uow.session.scalars(stmt)).all())


async def role_names(
    app: FastAPI, clock: MovableClock, tenant_id: uuid.UUID, user_id: uuid.UUID
) -> list[str]:
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant_id, write=False) as uow:
        stmt = (
            sa.select(Role.name)
            .join(RoleGrant, RoleGrant.role_id == Role.id)
            .where(RoleGrant.user_id == user_id)
        )
        return sorted((await uow.session.scalars(stmt)).all())


async def test_register_answers_201_with_the_new_user(
    client: httpx.AsyncClient, tenant: TenantInfo, app: FastAPI, clock: MovableClock
) -> None:
    email = new_email()
    before = clock.now()
    r = await client.post(
        REGISTER,
        json={
            "tenant": tenant.slug,
            "email": email,
            "password": PASSWORD,
            "full_name": "Ada Lovelace",
        },
    )
    assert r.status_code == 201, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"user"}
    user = body["user"]
    assert set(user) == {"id", "tenant_id", "email", "full_name", "email_verified", "created_at"}
    assert uuid.UUID(user["id"]).version == 7
    assert user["tenant_id"] == str(tenant.id)
    assert user["email"] == email
    assert user["full_name"] == "Ada Lovelace"
    assert user["email_verified"] is False
    created = datetime.fromisoformat(user["created_at"].replace("Z", "+00:00"))
    assert created.utcoffset() == UTC.utcoffset(None)
    assert abs((created - before).total_seconds()) < 60

    stored = await users_with_email(app, clock, tenant.id, email)
    assert len(stored) == 1
    assert str(stored[0].id) == user["id"]
    assert stored[0].is_active
    assert stored[0].password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored[0].password_hash
    assert await role_names(app, clock, tenant.id, stored[0].id) == ["customer"]


async def test_full_name_is_optional(client: httpx.AsyncClient, tenant: TenantInfo) -> None:
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": new_email(), "password": PASSWORD}
    )
    assert r.status_code == 201, r.text
    assert r.json()["user"]["full_name"] == ""


async def test_the_new_account_can_sign_in(client: httpx.AsyncClient, tenant: TenantInfo) -> None:
    email = new_email()
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    assert r.status_code == 201
    r = await client.post(
        "/api/v1/auth/login", json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    assert r.status_code == 200, r.text


async def test_a_verification_email_is_sent(
    client: httpx.AsyncClient, tenant: TenantInfo, mailbox: Mailbox
) -> None:
    email = new_email()
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    assert r.status_code == 201
    messages = await mailbox.messages(email)
    assert len(messages) == 1
    assert await mailbox.last_token(email)


async def test_user_registered_event_is_published(
    client: httpx.AsyncClient, tenant: TenantInfo, events: Any
) -> None:
    email = new_email()
    r = await client.post(
        REGISTER,
        json={"tenant": tenant.slug, "email": email, "password": PASSWORD, "full_name": "Bo"},
    )
    assert r.status_code == 201
    user_id = r.json()["user"]["id"]
    published = [
        e for e in await events.of_type("user.registered") if e["data"]["user_id"] == user_id
    ]
    assert len(published) == 1
    event = published[0]
    assert set(event) == {"id", "type", "tenant_id", "occurred_at", "version", "data"}
    assert uuid.UUID(event["id"])
    assert event["type"] == "user.registered"
    assert event["tenant_id"] == str(tenant.id)
    assert event["version"] == 1
    occurred = datetime.fromisoformat(event["occurred_at"].replace("Z", "+00:00"))
    assert occurred.utcoffset() == UTC.utcoffset(None)
    assert event["data"]["email"] == email
    assert event["data"]["full_name"] == "Bo"
    assert PASSWORD not in str(event)


async def test_a_refused_registration_publishes_no_event(
    client: httpx.AsyncClient, tenant: TenantInfo, events: Any
) -> None:
    email = new_email()
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": email, "password": "short"}
    )
    assert r.status_code == 422
    published = await events.of_type("user.registered")
    assert all(e["data"]["email"] != email for e in published)


async def test_a_duplicate_email_in_the_same_tenant_is_409(
    client: httpx.AsyncClient, tenant: TenantInfo, app: FastAPI, clock: MovableClock
) -> None:
    email = new_email()
    body = {"tenant": tenant.slug, "email": email, "password": PASSWORD}
    assert (await client.post(REGISTER, json=body)).status_code == 201
    r = await client.post(REGISTER, json=body | {"password": "Another-Quiet-Lamp-71"})
    assert_problem(r, 409, "email_taken")
    assert len(await users_with_email(app, clock, tenant.id, email)) == 1


@pytest.mark.parametrize("variant", [str.upper, str.title, lambda e: e.replace("user", "UsEr")])
async def test_a_case_variant_of_a_taken_email_is_409(
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    app: FastAPI,
    clock: MovableClock,
    variant: Any,
) -> None:
    email = new_email()
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    assert r.status_code == 201
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": variant(email), "password": PASSWORD}
    )
    assert_problem(r, 409, "email_taken")
    assert len(await users_with_email(app, clock, tenant.id, email)) == 1


async def test_the_owner_email_is_taken_too(client: httpx.AsyncClient, tenant: TenantInfo) -> None:
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": tenant.owner_email, "password": PASSWORD}
    )
    assert_problem(r, 409, "email_taken")


async def test_the_same_email_in_another_tenant_is_a_separate_account(
    client: httpx.AsyncClient, make_tenant: TenantFactory, app: FastAPI, clock: MovableClock
) -> None:
    first, second = await make_tenant(), await make_tenant()
    email = new_email()
    r1 = await client.post(
        REGISTER, json={"tenant": first.slug, "email": email, "password": PASSWORD}
    )
    r2 = await client.post(
        REGISTER,
        json={"tenant": second.slug, "email": email, "password": "Another-Quiet-Lamp-71"},
    )
    assert r1.status_code == 201, r1.text
    assert r2.status_code == 201, r2.text
    u1, u2 = r1.json()["user"], r2.json()["user"]
    assert u1["id"] != u2["id"]
    assert (u1["tenant_id"], u2["tenant_id"]) == (str(first.id), str(second.id))
    assert len(await users_with_email(app, clock, first.id, email)) == 1
    assert len(await users_with_email(app, clock, second.id, email)) == 1
    # Each password opens only its own tenant's account.
    login = "/api/v1/auth/login"
    r = await client.post(login, json={"tenant": second.slug, "email": email, "password": PASSWORD})
    assert_problem(r, 401, "invalid_credentials")
    r = await client.post(login, json={"tenant": first.slug, "email": email, "password": PASSWORD})
    assert r.status_code == 200
    assert r.json()["user"]["id"] == u1["id"]


WEAK_PASSWORDS = {
    "too short": "Sh0rt-pass!",
    "longer than 128": "Quiet-Harbour-Lamp-93-" * 6,
    "common": "Password1234!",
    "common with a suffix": "qwertyuiop2024",
    "a repetition": "aaaaaaaaaaaaaaaa",
    "a sequence": "abcdefghijklmnop",
    "contains the email": "{local}-Blue-Kettle-7",
    "is the email": "{email}",
    "contains the tenant slug": "{slug}-Blue-Kettle-7",
}


@pytest.mark.parametrize("case", list(WEAK_PASSWORDS), ids=list(WEAK_PASSWORDS))
async def test_a_weak_password_is_422_and_creates_nothing(
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    app: FastAPI,
    clock: MovableClock,
    case: str,
) -> None:
    local = f"marguerite{uuid.uuid4().hex[:6]}"
    email = f"{local}@example.com"
    password = WEAK_PASSWORDS[case].format(local=local, email=email, slug=tenant.slug)
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": email, "password": password}
    )
    body = assert_problem(r, 422, "weak_password")
    assert password not in body["detail"]
    assert await users_with_email(app, clock, tenant.id, email) == []


async def test_a_password_of_128_characters_is_accepted(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    password = ("Quiet-Harbour-Lamp-93-" * 6)[:128]
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": new_email(), "password": password}
    )
    assert r.status_code == 201, r.text


async def test_an_unknown_tenant_is_404(client: httpx.AsyncClient) -> None:
    r = await client.post(
        REGISTER, json={"tenant": "no-such-tenant-x9", "email": new_email(), "password": PASSWORD}
    )
    assert_problem(r, 404, "tenant_not_found")


@pytest.mark.parametrize("slug", ["platform", "PLATFORM", "Platform"])
async def test_the_reserved_platform_tenant_is_404(
    client: httpx.AsyncClient, app: FastAPI, clock: MovableClock, slug: str
) -> None:
    async with app.state.db.unit_of_work(clock=clock) as uow:
        platform = await tenants.enter_platform_tenant(uow) or await accounts.create_tenant(
            uow, slug=tenants.PLATFORM_SLUG, name="Platform operators"
        )
    email = new_email()
    r = await client.post(REGISTER, json={"tenant": slug, "email": email, "password": PASSWORD})
    assert_problem(r, 404, "tenant_not_found")
    assert await users_with_email(app, clock, platform.id, email) == []


async def test_a_suspended_tenant_is_404(
    client: httpx.AsyncClient, tenant: TenantInfo, app: FastAPI, clock: MovableClock
) -> None:
    async with app.state.db.unit_of_work(clock=clock) as uow:
        row = await uow.session.get(Tenant, tenant.id)
        assert row is not None
        row.status = "suspended"
    email = new_email()
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    assert_problem(r, 404, "tenant_not_found")
    assert await users_with_email(app, clock, tenant.id, email) == []


@pytest.mark.parametrize(
    "extra",
    [
        {"tenant_id": "{other}"},
        {"role": "owner"},
        {"roles": ["owner"]},
        {"is_platform_operator": True},
        {"email_verified": True},
        {"is_active": True},
        {"id": "0190f000-0000-7000-8000-000000000000"},
    ],
    ids=lambda extra: next(iter(extra)),
)
async def test_unknown_fields_are_422_and_create_nothing(
    client: httpx.AsyncClient,
    make_tenant: TenantFactory,
    app: FastAPI,
    clock: MovableClock,
    extra: dict[str, Any],
) -> None:
    tenant, other = await make_tenant(), await make_tenant()
    field = next(iter(extra))
    value = str(other.id) if extra[field] == "{other}" else extra[field]
    email = new_email()
    body = {"tenant": tenant.slug, "email": email, "password": PASSWORD, field: value}
    r = await client.post(REGISTER, json=body)
    problem = assert_problem(r, 422, "validation_error")
    assert [field] in [issue["loc"][-1:] for issue in problem["errors"]]
    assert await users_with_email(app, clock, tenant.id, email) == []
    assert await users_with_email(app, clock, other.id, email) == []


@pytest.mark.parametrize(
    "email",
    [
        "not-an-email",
        "missing-domain@",
        "@example.com",
        "two@@example.com",
        "spaces in@example.com",
        "",
        "a" * 300 + "@example.com",
    ],
)
async def test_an_invalid_email_is_422(
    client: httpx.AsyncClient, tenant: TenantInfo, email: str
) -> None:
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    problem = assert_problem(r, 422, "validation_error")
    assert any(issue["loc"][-1] == "email" for issue in problem["errors"])


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "x@example.com", "password": PASSWORD},
        {"tenant": "acme", "password": PASSWORD},
        {"tenant": "acme", "email": "x@example.com"},
        {"tenant": 7, "email": "x@example.com", "password": PASSWORD},
        {"tenant": "acme", "email": "x@example.com", "password": ["a", "list"]},
        {"tenant": "acme", "email": "x@example.com", "password": "p" * 1025},
        {"tenant": "", "email": "x@example.com", "password": PASSWORD},
        {"tenant": "acme", "email": "x@example.com", "password": PASSWORD, "full_name": "n" * 201},
    ],
)
async def test_a_malformed_body_is_422(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    r = await client.post(REGISTER, json=body)
    problem = assert_problem(r, 422, "validation_error")
    assert problem["errors"]
    assert all({"loc", "msg"} <= issue.keys() for issue in problem["errors"])


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b"null", b'{"tenant": '])
async def test_a_body_that_is_not_a_json_object_is_422(
    client: httpx.AsyncClient, payload: bytes
) -> None:
    r = await client.post(REGISTER, content=payload, headers={"content-type": "application/json"})
    assert_problem(r, 422, "validation_error")


@pytest.mark.parametrize(
    "field", ["tenant", "full_name", "password"], ids=["in tenant", "in full_name", "in password"]
)
async def test_a_nul_character_is_422_on_every_backend(
    client: httpx.AsyncClient, tenant: TenantInfo, app: FastAPI, clock: MovableClock, field: str
) -> None:
    """PostgreSQL text can't hold U+0000; the answer is a validation error, never a 500."""
    email = new_email()
    body = {"tenant": tenant.slug, "email": email, "password": PASSWORD, "full_name": "Ann"}
    body[field] = body[field][:2] + "\x00" + body[field][2:]
    r = await client.post(REGISTER, json=body)
    problem = assert_problem(r, 422, "validation_error")
    assert any(issue["loc"][-1] == field for issue in problem["errors"])
    assert await users_with_email(app, clock, tenant.id, email) == []


async def test_concurrent_registrations_of_one_email_create_one_account(
    client: httpx.AsyncClient, tenant: TenantInfo, app: FastAPI, clock: MovableClock
) -> None:
    email = new_email()
    variants = [email, email.upper(), email.title()]
    responses = await asyncio.gather(
        *(
            client.post(
                REGISTER,
                json={"tenant": tenant.slug, "email": variants[i % 3], "password": PASSWORD},
            )
            for i in range(10)
        )
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 9, [r.text for r in responses]
    for r in responses:
        if r.status_code == 409:
            assert_problem(r, 409, "email_taken")
    stored = await users_with_email(app, clock, tenant.id, email)
    assert len(stored) == 1
    winner = next(r for r in responses if r.status_code == 201)
    assert str(stored[0].id) == winner.json()["user"]["id"]
    assert await role_names(app, clock, tenant.id, stored[0].id) == ["customer"]
