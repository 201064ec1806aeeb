"""POST /api/v1/auth/login: the token pair and session it opens, and why a refusal says nothing
about which of tenant, email or password was wrong."""

import uuid
from typing import Any

import httpx
import jwt
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.auth.models import AuthSession
from tests.fixtures.accounts import (
    PASSWORD,
    Account,
    AccountFactory,
    TenantFactory,
    TenantInfo,
    login_owner,
)
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem

LOGIN = "/api/v1/auth/login"
REGISTER = "/api/v1/auth/register"
ME = "/api/v1/auth/me"


async def sessions_of(
    app: FastAPI, clock: MovableClock, tenant_id: uuid.UUID, user_id: str
) -> list[AuthSession]:
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant_id, write=False) as uow:
        stmt = sa.select(AuthSession).where(AuthSession.user_id == uuid.UUID(user_id))
        return list((await uow.session.scalars(stmt)).all())


async def register(client: httpx.AsyncClient, tenant: TenantInfo, email: str) -> dict[str, Any]:
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    assert r.status_code == 201, r.text
    user: dict[str, Any] = r.json()["user"]
    return user


async def test_login_answers_the_token_pair_and_the_user(
    client: httpx.AsyncClient, tenant: TenantInfo, app: FastAPI, clock: MovableClock
) -> None:
    email = f"login-{uuid.uuid4().hex[:8]}@example.com"
    registered = await register(client, tenant, email)
    r = await client.post(
        LOGIN,
        json={"tenant": tenant.slug, "email": email, "password": PASSWORD},
        headers={"User-Agent": "olympus-test-agent/1.0"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {
        "access_token",
        "refresh_token",
        "token_type",
        "expires_in",
        "refresh_expires_in",
        "user",
    }
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert 30 * 86400 - 60 <= body["refresh_expires_in"] <= 30 * 86400
    assert body["user"] == registered
    assert body["access_token"] != body["refresh_token"]
    # The refresh token is opaque and long enough to carry 256 random bits.
    assert body["refresh_token"].count(".") == 1
    assert len(body["refresh_token"]) >= 32 + 1 + 43

    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == registered["id"]
    assert claims["tid"] == str(tenant.id)

    sessions = await sessions_of(app, clock, tenant.id, registered["id"])
    assert [str(s.id) for s in sessions] == [claims["sid"]]
    assert sessions[0].revoked_at is None
    assert sessions[0].user_agent == "olympus-test-agent/1.0"
    assert sessions[0].ip == "203.0.113.10"

    r = await client.get(ME, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert r.status_code == 200
    assert r.json()["id"] == registered["id"]


async def test_each_login_opens_its_own_session(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    r = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug, "email": account.email, "password": PASSWORD},
    )
    assert r.status_code == 200
    assert r.json()["refresh_token"] != account.refresh_token
    sid = jwt.decode(r.json()["access_token"], options={"verify_signature": False})["sid"]
    assert sid != account.session_id
    sessions = await sessions_of(app, clock, account.tenant_id, account.user_id)
    assert {str(s.id) for s in sessions} == {sid, account.session_id}


async def test_the_tenant_owner_can_sign_in(client: httpx.AsyncClient, tenant: TenantInfo) -> None:
    r = await client.post(
        LOGIN,
        json={
            "tenant": tenant.slug,
            "email": tenant.owner_email,
            "password": tenant.owner_password,
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == str(tenant.owner_id)


@pytest.mark.parametrize(
    "transform",
    [str.upper, str.title, lambda e: e.replace("@example", "@EXAMPLE")],
    ids=["upper", "title", "domain"],
)
async def test_the_email_is_case_insensitive(
    client: httpx.AsyncClient, account: Account, transform: Any
) -> None:
    r = await client.post(
        LOGIN,
        json={
            "tenant": account.tenant_slug,
            "email": transform(account.email),
            "password": PASSWORD,
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == account.user_id


async def test_an_email_registered_in_mixed_case_signs_in_in_lower_case(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    email = f"Mixed.Case-{uuid.uuid4().hex[:6]}@Example.com"
    registered = await register(client, tenant, email)
    r = await client.post(
        LOGIN, json={"tenant": tenant.slug, "email": email.lower(), "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == registered["id"]


async def test_the_tenant_slug_is_case_insensitive(
    client: httpx.AsyncClient, account: Account
) -> None:
    r = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug.upper(), "email": account.email, "password": PASSWORD},
    )
    assert r.status_code == 200, r.text


def assert_invalid_credentials(r: httpx.Response) -> dict[str, Any]:
    body = assert_problem(r, 401, "invalid_credentials")
    assert r.headers["www-authenticate"] == "Bearer"
    assert "access_token" not in body
    return body


async def test_a_wrong_password_and_an_unknown_email_answer_alike(
    client: httpx.AsyncClient, account: Account, make_tenant: TenantFactory
) -> None:
    slug = account.tenant_slug
    wrong_password = await client.post(
        LOGIN, json={"tenant": slug, "email": account.email, "password": "Not-The-Password-42"}
    )
    unknown_email = await client.post(
        LOGIN, json={"tenant": slug, "email": "nobody-here@example.com", "password": PASSWORD}
    )
    unknown_tenant = await client.post(
        LOGIN, json={"tenant": "no-such-tenant-q7", "email": account.email, "password": PASSWORD}
    )
    other = await make_tenant()
    other_tenant = await client.post(
        LOGIN, json={"tenant": other.slug, "email": account.email, "password": PASSWORD}
    )
    bodies = [
        assert_invalid_credentials(r)
        for r in (wrong_password, unknown_email, unknown_tenant, other_tenant)
    ]
    assert all(b == bodies[0] for b in bodies), bodies
    headers = [
        {k: v for k, v in r.headers.items() if k not in {"x-request-id", "content-length"}}
        for r in (wrong_password, unknown_email, unknown_tenant, other_tenant)
    ]
    assert all(h == headers[0] for h in headers), headers
    assert account.email not in str(bodies[0])


async def test_a_failed_login_opens_no_session_and_publishes_no_event(
    client: httpx.AsyncClient,
    account: Account,
    app: FastAPI,
    clock: MovableClock,
    events: Any,
) -> None:
    r = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug, "email": account.email, "password": "Wrong-Pass-913"},
    )
    assert_invalid_credentials(r)
    assert len(await sessions_of(app, clock, account.tenant_id, account.user_id)) == 1
    logged_in = await events.of_type("user.logged_in")
    # Only the sign-in that made the account is there.
    mine = [e["data"]["session_id"] for e in logged_in if e["data"]["user_id"] == account.user_id]
    assert mine == [account.session_id]


async def test_the_password_is_case_sensitive(client: httpx.AsyncClient, account: Account) -> None:
    r = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug, "email": account.email, "password": PASSWORD.lower()},
    )
    assert_invalid_credentials(r)


async def test_user_logged_in_event_is_published(
    client: httpx.AsyncClient, tenant: TenantInfo, events: Any
) -> None:
    email = f"evt-{uuid.uuid4().hex[:8]}@example.com"
    user = await register(client, tenant, email)
    r = await client.post(LOGIN, json={"tenant": tenant.slug, "email": email, "password": PASSWORD})
    assert r.status_code == 200
    sid = jwt.decode(r.json()["access_token"], options={"verify_signature": False})["sid"]
    published = [
        e for e in await events.of_type("user.logged_in") if e["data"]["user_id"] == user["id"]
    ]
    assert len(published) == 1
    event = published[0]
    assert set(event) == {"id", "type", "tenant_id", "occurred_at", "version", "data"}
    assert event["tenant_id"] == str(tenant.id)
    assert event["version"] == 1
    assert event["data"]["session_id"] == sid
    assert PASSWORD not in str(event)
    assert r.json()["refresh_token"] not in str(event)
    assert r.json()["access_token"] not in str(event)


async def test_repeated_failures_lock_the_account_for_a_while(
    client: httpx.AsyncClient, make_account: AccountFactory, tenant: TenantInfo, clock: MovableClock
) -> None:
    account = await make_account(tenant)
    body = {"tenant": tenant.slug, "email": account.email, "password": "Wrong-Pass-913"}
    for _ in range(5):
        assert_invalid_credentials(await client.post(LOGIN, json=body))
    r = await client.post(LOGIN, json=body | {"password": PASSWORD})
    assert_problem(r, 429, "too_many_attempts")
    retry_after = int(r.headers["retry-after"])
    assert 0 < retry_after <= 900
    # Another account of the same tenant is not locked.
    r = await client.post(
        LOGIN, json={"tenant": tenant.slug, "email": tenant.owner_email, "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    clock.advance(seconds=retry_after + 1)
    r = await client.post(LOGIN, json=body | {"password": PASSWORD})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"tenant": "acme", "email": "a@example.com"},
        {"tenant": "acme", "password": PASSWORD},
        {"email": "a@example.com", "password": PASSWORD},
        {"tenant": "acme", "email": "not-an-email", "password": PASSWORD},
        {"tenant": "acme", "email": "a@example.com", "password": ""},
        {"tenant": "acme", "email": "a@example.com", "password": PASSWORD, "remember": True},
        {"tenant": "acme", "email": "a@example.com", "password": PASSWORD, "tenant_id": "x"},
    ],
)
async def test_a_malformed_login_is_422(client: httpx.AsyncClient, body: dict[str, Any]) -> None:
    r = await client.post(LOGIN, json=body)
    problem = assert_problem(r, 422, "validation_error")
    assert problem["errors"]


@pytest.fixture
def connections_held_by_task(app: FastAPI) -> Any:
    """Which task holds which pooled connection right now (pool checkout and checkin)."""
    import asyncio

    from sqlalchemy import event

    pool = app.state.db.engine.sync_engine.pool
    held: dict[int, asyncio.Task[Any] | None] = {}

    def checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        try:
            held[id(dbapi_conn)] = asyncio.current_task()
        except RuntimeError:
            held[id(dbapi_conn)] = None

    def checkin(dbapi_conn: Any, _record: Any) -> None:
        held.pop(id(dbapi_conn), None)

    event.listen(pool, "checkout", checkout)
    event.listen(pool, "checkin", checkin)
    yield lambda task: [c for c, t in held.items() if t is task]
    event.remove(pool, "checkout", checkout)
    event.remove(pool, "checkin", checkin)


async def test_no_database_connection_is_held_while_the_password_is_checked(
    client: httpx.AsyncClient,
    account: Account,
    app: FastAPI,
    monkeypatch: pytest.MonkeyPatch,
    connections_held_by_task: Any,
) -> None:
    """The hash takes tens of milliseconds by design: a sign-in must not keep a pooled
    connection (nor a transaction) waiting on it, or a burst of sign-ins drains the pool."""
    import asyncio

    hashing = app.state.auth.hashing
    real_verify = hashing.verify
    held_during: list[list[int]] = []

    async def verify(password_hash: str, password: str) -> bool:
        held_during.append(connections_held_by_task(asyncio.current_task()))
        result: bool = await real_verify(password_hash, password)
        return result

    monkeypatch.setattr(hashing, "verify", verify)
    r = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug, "email": account.email, "password": PASSWORD},
    )
    assert r.status_code == 200, r.text
    assert held_during == [[]]


async def test_a_user_deactivated_while_signing_in_gets_no_session(
    client: httpx.AsyncClient,
    account: Account,
    app: FastAPI,
    clock: MovableClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Deactivation that lands between the look-up and the write wins: no session opens."""
    from olympus.platform.users.models import User

    hashing = app.state.auth.hashing
    real_verify = hashing.verify

    async def verify(password_hash: str, password: str) -> bool:
        async with app.state.db.unit_of_work(clock=clock, tenant_id=account.tenant_id) as uow:
            user = await uow.session.get(User, (account.tenant_id, uuid.UUID(account.user_id)))
            assert user is not None
            user.is_active = False
        result: bool = await real_verify(password_hash, password)
        return result

    before = await sessions_of(app, clock, account.tenant_id, account.user_id)
    monkeypatch.setattr(hashing, "verify", verify)
    r = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug, "email": account.email, "password": PASSWORD},
    )
    assert_problem(r, 401, "account_disabled")
    assert len(await sessions_of(app, clock, account.tenant_id, account.user_id)) == len(before)


async def test_sign_ins_racing_a_deactivation_leave_no_live_session(
    client: httpx.AsyncClient, tenant: TenantInfo, app: FastAPI, clock: MovableClock
) -> None:
    """Many sign-ins of one member while the owner deactivates them: whichever way each
    race goes, no session of the member is left alive (a sign-in that committed first was
    ended by the deactivation; one that came after was refused)."""
    import asyncio

    owner = await login_owner(client, tenant)
    email = f"racer-{uuid.uuid4().hex[:8]}@example.com"
    member = await register(client, tenant, email)
    body = {"tenant": tenant.slug, "email": email, "password": PASSWORD}

    async def deactivate() -> httpx.Response:
        await asyncio.sleep(0.005)
        return await client.delete(f"/api/v1/users/{member['id']}", headers=owner.headers)

    results = await asyncio.gather(
        *(client.post(LOGIN, json=body) for _ in range(12)), deactivate()
    )
    *logins, deactivated = results
    assert deactivated.status_code == 204, deactivated.text
    assert {r.status_code for r in logins} <= {200, 401}, [r.text for r in logins]
    for r in logins:
        if r.status_code == 401:
            assert r.json()["code"] == "account_disabled"
    sessions = await sessions_of(app, clock, tenant.id, member["id"])
    assert sum(r.status_code == 200 for r in logins) == len(sessions)
    assert all(s.revoked_at is not None for s in sessions), sessions
