"""GET /api/v1/auth/me: the caller with their tenant, roles and effective permissions."""

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from olympus.accounts import service as accounts
from olympus.platform.rbac.service import PERMISSIONS
from olympus.platform.tenants import service as tenants
from tests.fixtures.accounts import PASSWORD, Account, TenantInfo
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem

ME = "/api/v1/auth/me"
LOGIN = "/api/v1/auth/login"

ALL_PERMISSIONS = sorted(PERMISSIONS)
TENANT_PERMISSIONS = sorted(p for p in PERMISSIONS if p != "tenants:manage")


async def login(client: httpx.AsyncClient, tenant: str, email: str, password: str) -> str:
    r = await client.post(LOGIN, json={"tenant": tenant, "email": email, "password": password})
    assert r.status_code == 200, r.text
    token: str = r.json()["access_token"]
    return token


async def me(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    r = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def test_me_describes_a_registered_customer(
    client: httpx.AsyncClient, account: Account
) -> None:
    r = await client.get(ME, headers=account.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {
        "id",
        "tenant_id",
        "email",
        "full_name",
        "email_verified",
        "created_at",
        "is_active",
        "tenant",
        "roles",
        "permissions",
    }
    assert body["id"] == account.user_id
    assert body["tenant_id"] == str(account.tenant_id)
    assert body["email"] == account.email
    assert body["email_verified"] is False
    assert body["is_active"] is True
    assert body["tenant"] == {
        "id": str(account.tenant_id),
        "slug": account.tenant_slug,
        "name": "Test Shop",
    }
    assert body["roles"] == ["customer"]
    assert body["permissions"] == []
    assert "password" not in r.text
    assert "password_hash" not in body


async def test_me_of_the_tenant_owner_has_the_owner_role(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    token = await login(client, tenant.slug, tenant.owner_email, tenant.owner_password)
    body = await me(client, token)
    assert body["id"] == str(tenant.owner_id)
    assert body["roles"] == ["owner"]
    # Every permission of the tenant, and none over other tenants.
    assert body["permissions"] == TENANT_PERMISSIONS
    assert "users:manage" in body["permissions"]
    assert "tenants:manage" not in body["permissions"]
    assert body["tenant"]["slug"] == tenant.slug


async def test_me_of_a_platform_operator_has_tenants_manage(
    client: httpx.AsyncClient, app: FastAPI, clock: MovableClock
) -> None:
    email = f"operator-{uuid.uuid4().hex[:8]}@example.com"
    async with app.state.db.unit_of_work(clock=clock) as uow:
        operator = await accounts.create_operator(
            uow, auth=app.state.auth, email=email, password=PASSWORD, full_name="Ops"
        )
    token = await login(client, tenants.PLATFORM_SLUG, email, PASSWORD)
    body = await me(client, token)
    assert body["id"] == str(operator.id)
    assert body["full_name"] == "Ops"
    assert body["tenant"]["slug"] == tenants.PLATFORM_SLUG
    assert body["roles"] == ["owner"]
    assert body["permissions"] == ALL_PERMISSIONS
    assert "tenants:manage" in body["permissions"]


async def test_a_tenant_named_like_the_platform_grants_nothing_more(
    client: httpx.AsyncClient, make_tenant: Any
) -> None:
    """Only the reserved `platform` tenant makes operators; a look-alike slug does not."""
    tenant = await make_tenant(slug=f"platform-{uuid.uuid4().hex[:6]}")
    token = await login(client, tenant.slug, tenant.owner_email, tenant.owner_password)
    body = await me(client, token)
    assert "tenants:manage" not in body["permissions"]


async def test_me_sees_the_caller_not_the_owner_of_the_same_tenant(
    client: httpx.AsyncClient, tenant: TenantInfo, account: Account
) -> None:
    body = await me(client, account.access_token)
    assert body["id"] != str(tenant.owner_id)
    assert body["roles"] == ["customer"]


async def test_me_after_email_verification_says_verified(
    client: httpx.AsyncClient, account: Account, mailbox: Any
) -> None:
    token = await mailbox.last_token(account.email)
    r = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert r.status_code == 200, r.text
    assert (await me(client, account.access_token))["email_verified"] is True


async def test_me_after_a_refresh_is_the_same_user(
    client: httpx.AsyncClient, account: Account
) -> None:
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert r.status_code == 200
    assert (await me(client, r.json()["access_token"]))["id"] == account.user_id


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "not_authenticated"),
        ({"Authorization": "Bearer not-a-token"}, "invalid_token"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "invalid_token"),
    ],
    ids=["none", "garbage", "basic"],
)
async def test_me_without_a_valid_token_is_401(
    client: httpx.AsyncClient, headers: dict[str, str], code: str
) -> None:
    r = await client.get(ME, headers=headers)
    assert_problem(r, 401, code)
    assert r.headers["www-authenticate"] == "Bearer"


async def test_me_after_logout_is_401(client: httpx.AsyncClient, account: Account) -> None:
    assert (await client.post("/api/v1/auth/logout", headers=account.headers)).status_code == 204
    r = await client.get(ME, headers=account.headers)
    assert_problem(r, 401, "token_revoked")
