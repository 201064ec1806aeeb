"""A tenant's requirement of a second factor for chosen roles: during the grace period the
users concerned sign in and are told; after it their tokens reach only the enrolment
endpoints, until they enrol."""

from datetime import datetime, timedelta

import httpx
import jwt

from olympus.auth import totp
from tests.fixtures.accounts import Account, TenantInfo, login, login_owner, make_member
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem

SETTINGS = "/api/v1/settings"
LOGIN = "/api/v1/auth/login"


async def require_mfa(
    client: httpx.AsyncClient, owner: Account, roles: list[str], grace_days: int
) -> dict[str, object]:
    r = await client.put(
        SETTINGS,
        headers=owner.headers,
        json={"mfa_required_roles": roles, "mfa_grace_period_days": grace_days},
    )
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


async def sign_in(client: httpx.AsyncClient, account: Account) -> dict[str, object]:
    r = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug, "email": account.email, "password": account.password},
    )
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


async def test_the_policy_is_a_validated_tenant_setting(
    client: httpx.AsyncClient, tenant: TenantInfo, clock: MovableClock
) -> None:
    owner = await login_owner(client, tenant)
    for bad in (
        {"mfa_required_roles": "admin"},
        {"mfa_required_roles": ["Not A Role!"]},
        {"mfa_required_roles": ["Admin"]},
        {"mfa_grace_period_days": 366},
        {"mfa_grace_period_days": -1},
    ):
        assert_problem(
            await client.put(SETTINGS, headers=owner.headers, json=bad), 422, "validation_error"
        )
    body = await require_mfa(client, owner, ["owner", "admin", "admin"], 3)
    assert body["mfa_required_roles"] == ["admin", "owner"]
    assert body["mfa_grace_period_days"] == 3
    since = datetime.fromisoformat(str(body["mfa_required_since"]))
    assert abs(since - clock.now()) < timedelta(minutes=1)
    # Its start is the service's to set: a value sent is ignored.
    r = await client.put(
        SETTINGS, headers=owner.headers, json={"mfa_required_since": "2020-01-01T00:00:00Z"}
    )
    assert r.json()["mfa_required_since"] == body["mfa_required_since"]
    # Emptied, the requirement has no start any more.
    body = await require_mfa(client, owner, [], 3)
    assert body["mfa_required_roles"] == [] and body["mfa_required_since"] is None


async def test_during_the_grace_period_users_are_told(
    client: httpx.AsyncClient, tenant: TenantInfo, clock: MovableClock
) -> None:
    owner = await login_owner(client, tenant)
    await require_mfa(client, owner, ["admin"], 2)
    admin = await make_member(client, owner, roles=("admin",))
    staff = await make_member(client, owner, roles=("staff",))

    body = await sign_in(client, admin)
    assert body["mfa_enrollment_required"] is True
    deadline = datetime.fromisoformat(str(body["mfa_enrollment_deadline"]))
    assert timedelta(days=2) - timedelta(minutes=1) < deadline - clock.now() <= timedelta(days=2)
    assert "access_token" in body
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert (await client.get("/api/v1/users", headers=headers)).status_code == 200
    status = (await client.get("/api/v1/auth/mfa", headers=headers)).json()
    assert status["enrollment_required"] is True

    plain = await sign_in(client, staff)
    assert "mfa_enrollment_required" not in plain and "mfa_enrollment_deadline" not in plain


async def test_after_the_grace_period_users_can_only_enrol(
    client: httpx.AsyncClient, tenant: TenantInfo, clock: MovableClock
) -> None:
    owner = await login_owner(client, tenant)
    await require_mfa(client, owner, ["admin"], 1)
    admin = await make_member(client, owner, roles=("admin",))
    clock.advance(days=1, minutes=1)

    body = await sign_in(client, admin)
    assert body["mfa_enrollment_required"] is True
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert jwt.decode(str(body["access_token"]), options={"verify_signature": False})["scope"]
    r = await client.get("/api/v1/users", headers=headers)
    assert_problem(r, 403, "mfa_enrollment_required")
    assert_problem(
        await client.get("/api/v1/auth/sessions", headers=headers), 403, "mfa_enrollment_required"
    )
    # A refresh does not lift the limit.
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert r.status_code == 200, r.text
    rotated = r.json()
    refreshed = {"Authorization": f"Bearer {rotated['access_token']}"}
    assert_problem(
        await client.get("/api/v1/users", headers=refreshed), 403, "mfa_enrollment_required"
    )
    assert (await client.get("/api/v1/auth/me", headers=refreshed)).status_code == 200

    # Enrolling is allowed, and lifts the limit of this session from its next refresh.
    secret = (await client.post("/api/v1/auth/mfa/totp/setup", headers=refreshed)).json()["secret"]
    r = await client.post(
        "/api/v1/auth/mfa/totp/confirm",
        headers=refreshed,
        json={"code": totp.code_at(secret, clock.now())},
    )
    assert r.status_code == 200, r.text
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    assert r.status_code == 200, r.text
    claims = jwt.decode(r.json()["access_token"], options={"verify_signature": False})
    assert "scope" not in claims and claims["amr"] == ["pwd", "otp"]
    full = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert (await client.get("/api/v1/users", headers=full)).status_code == 200
    # From now on sign-in asks for the factor.
    assert (await sign_in(client, admin))["mfa_required"] is True


async def test_staff_and_users_with_a_factor_are_not_limited(
    client: httpx.AsyncClient, tenant: TenantInfo, clock: MovableClock
) -> None:
    owner = await login_owner(client, tenant)
    await require_mfa(client, owner, ["admin"], 0)
    staff = await make_member(client, owner, roles=("staff",))
    assert (await client.get("/api/v1/auth/sessions", headers=staff.headers)).status_code == 200
    owner = await login(client, tenant.slug, tenant.owner_email, tenant.owner_password)
    assert (await client.get("/api/v1/users", headers=owner.headers)).status_code == 200
