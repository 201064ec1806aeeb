"""Sessions: logout, logout-all, listing the caller's sessions and revoking one of them. A
revoked session's access token is refused at once, not only when it expires."""

import uuid
from typing import Any

import httpx
import jwt
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.auth.models import AuthSession
from tests.fixtures.accounts import Account, AccountFactory, TenantFactory, TenantInfo
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem

ME = "/api/v1/auth/me"
SESSIONS = "/api/v1/auth/sessions"
LOGOUT = "/api/v1/auth/logout"
LOGOUT_ALL = "/api/v1/auth/logout-all"
REFRESH = "/api/v1/auth/refresh"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def sign_in(
    client: httpx.AsyncClient, account: Account, user_agent: str = "test-client"
) -> dict[str, Any]:
    """Another session of the same user; its tokens and session id."""
    r = await client.post(
        "/api/v1/auth/login",
        json={"tenant": account.tenant_slug, "email": account.email, "password": account.password},
        headers={"User-Agent": user_agent},
    )
    assert r.status_code == 200, r.text
    pair: dict[str, Any] = r.json()
    pair["session_id"] = jwt.decode(pair["access_token"], options={"verify_signature": False})[
        "sid"
    ]
    return pair


async def stored_sessions(
    app: FastAPI, clock: MovableClock, account: Account
) -> dict[str, AuthSession]:
    async with app.state.db.unit_of_work(
        clock=clock, tenant_id=account.tenant_id, write=False
    ) as uow:
        stmt = sa.select(AuthSession).where(AuthSession.user_id == uuid.UUID(account.user_id))
        return {str(s.id): s for s in (await uow.session.scalars(stmt)).all()}


def assert_revoked(r: httpx.Response) -> None:
    assert_problem(r, 401, "token_revoked")
    assert r.headers["www-authenticate"] == "Bearer"


# --- logout ----------------------------------------------------------------------------------


async def test_logout_revokes_the_session_at_once(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    r = await client.post(LOGOUT, headers=account.headers)
    assert r.status_code == 204
    assert r.content == b""
    assert_revoked(await client.get(ME, headers=account.headers))
    assert_revoked(await client.get(SESSIONS, headers=account.headers))
    assert_revoked(await client.post(LOGOUT, headers=account.headers))
    assert_revoked(await client.post(REFRESH, json={"refresh_token": account.refresh_token}))
    session = (await stored_sessions(app, clock, account))[account.session_id]
    assert session.revoked_at is not None
    assert session.revoked_reason == "logout"


async def test_logout_leaves_the_other_sessions_alone(
    client: httpx.AsyncClient, account: Account
) -> None:
    other = await sign_in(client, account)
    assert (await client.post(LOGOUT, headers=account.headers)).status_code == 204
    r = await client.get(ME, headers=bearer(other["access_token"]))
    assert r.status_code == 200
    r = await client.post(REFRESH, json={"refresh_token": other["refresh_token"]})
    assert r.status_code == 200


async def test_logout_publishes_an_event(
    client: httpx.AsyncClient, account: Account, events: Any
) -> None:
    assert (await client.post(LOGOUT, headers=account.headers)).status_code == 204
    published = [
        e
        for e in await events.of_type("user.logged_out")
        if e["data"].get("session_id") == account.session_id
    ]
    assert len(published) == 1
    assert published[0]["tenant_id"] == str(account.tenant_id)
    assert published[0]["data"]["user_id"] == account.user_id


async def test_logout_without_a_token_is_401(client: httpx.AsyncClient) -> None:
    r = await client.post(LOGOUT)
    assert_problem(r, 401, "not_authenticated")
    assert r.headers["www-authenticate"] == "Bearer"


async def test_logout_all_revokes_every_session_of_the_user(
    client: httpx.AsyncClient,
    make_account: AccountFactory,
    tenant: TenantInfo,
    app: FastAPI,
    clock: MovableClock,
) -> None:
    account = await make_account(tenant)
    second = await sign_in(client, account)
    third = await sign_in(client, account)
    bystander = await make_account(tenant)

    r = await client.post(LOGOUT_ALL, headers=bearer(second["access_token"]))
    assert r.status_code == 204

    for access, refresh in (
        (account.access_token, account.refresh_token),
        (second["access_token"], second["refresh_token"]),
        (third["access_token"], third["refresh_token"]),
    ):
        assert_revoked(await client.get(ME, headers=bearer(access)))
        assert_revoked(await client.post(REFRESH, json={"refresh_token": refresh}))
    stored = await stored_sessions(app, clock, account)
    assert len(stored) == 3
    assert all(s.revoked_at is not None for s in stored.values())
    assert {s.revoked_reason for s in stored.values()} == {"logout_all"}

    # Another user of the tenant keeps their session.
    assert (await client.get(ME, headers=bystander.headers)).status_code == 200
    # Signing in again works.
    fresh = await sign_in(client, account)
    assert (await client.get(ME, headers=bearer(fresh["access_token"]))).status_code == 200


# --- listing ---------------------------------------------------------------------------------


async def test_sessions_lists_the_active_sessions_with_the_current_one_marked(
    client: httpx.AsyncClient, account: Account
) -> None:
    other = await sign_in(client, account, user_agent="Phone/2.0")
    ended = await sign_in(client, account)
    assert (await client.post(LOGOUT, headers=bearer(ended["access_token"]))).status_code == 204

    r = await client.get(SESSIONS, headers=account.headers)
    assert r.status_code == 200, r.text
    page = r.json()
    assert set(page) == {"items", "next_cursor"}
    assert page["next_cursor"] is None
    items = {item["id"]: item for item in page["items"]}
    assert set(items) == {account.session_id, other["session_id"]}
    assert items[account.session_id]["current"] is True
    assert items[other["session_id"]]["current"] is False
    assert items[other["session_id"]]["user_agent"] == "Phone/2.0"
    assert items[other["session_id"]]["ip"] == "203.0.113.10"
    assert {"id", "created_at", "last_used_at", "user_agent", "ip", "current"} <= set(
        items[account.session_id]
    )
    # Newest first.
    assert [i["id"] for i in page["items"]] == [other["session_id"], account.session_id]

    # Seen from the other session, the marker moves.
    r = await client.get(SESSIONS, headers=bearer(other["access_token"]))
    current = [i["id"] for i in r.json()["items"] if i["current"]]
    assert current == [other["session_id"]]


async def test_sessions_shows_only_the_callers_sessions(
    client: httpx.AsyncClient, make_account: AccountFactory, tenant: TenantInfo
) -> None:
    mine, theirs = await make_account(tenant), await make_account(tenant)
    r = await client.get(SESSIONS, headers=mine.headers)
    assert [i["id"] for i in r.json()["items"]] == [mine.session_id]
    assert theirs.session_id not in r.text


async def test_expired_sessions_are_not_listed(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    clock.advance(days=14, seconds=1)
    fresh = await sign_in(client, account)
    r = await client.get(SESSIONS, headers=bearer(fresh["access_token"]))
    assert [i["id"] for i in r.json()["items"]] == [fresh["session_id"]]


async def test_sessions_are_paginated(client: httpx.AsyncClient, account: Account) -> None:
    extra = [await sign_in(client, account) for _ in range(4)]
    expected = [s["session_id"] for s in reversed(extra)] + [account.session_id]

    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        r = await client.get(SESSIONS, params=params, headers=account.headers)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= 2
        seen += [i["id"] for i in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert pages < 10
    assert pages == 3
    assert seen == expected


async def test_a_full_last_page_has_no_next_cursor(
    client: httpx.AsyncClient, account: Account
) -> None:
    await sign_in(client, account)
    r = await client.get(SESSIONS, params={"limit": 2}, headers=account.headers)
    assert len(r.json()["items"]) == 2
    assert r.json()["next_cursor"] is None


@pytest.mark.parametrize("limit", ["0", "-1", "201", "500", "ten", "1.5"])
async def test_an_out_of_range_limit_is_422(
    client: httpx.AsyncClient, account: Account, limit: str
) -> None:
    r = await client.get(SESSIONS, params={"limit": limit}, headers=account.headers)
    problem = assert_problem(r, 422, "validation_error")
    assert any(issue["loc"][-1] == "limit" for issue in problem["errors"])


@pytest.mark.parametrize("limit", ["1", "200"])
async def test_the_limit_bounds_are_accepted(
    client: httpx.AsyncClient, account: Account, limit: str
) -> None:
    r = await client.get(SESSIONS, params={"limit": limit}, headers=account.headers)
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 1


@pytest.mark.parametrize(
    "cursor", ["not-a-cursor!", "W10", "eyJpZCI6IDEyM30", "eyJpZCI6ICJ4In0", "bnVsbA"]
)
async def test_a_cursor_we_did_not_issue_is_422(
    client: httpx.AsyncClient, account: Account, cursor: str
) -> None:
    r = await client.get(SESSIONS, params={"cursor": cursor}, headers=account.headers)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] in {"invalid_cursor", "validation_error"}


# --- revoking one session --------------------------------------------------------------------


async def test_delete_a_session_revokes_it(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    other = await sign_in(client, account)
    r = await client.delete(f"{SESSIONS}/{other['session_id']}", headers=account.headers)
    assert r.status_code == 204
    assert r.content == b""
    assert_revoked(await client.get(ME, headers=bearer(other["access_token"])))
    assert_revoked(await client.post(REFRESH, json={"refresh_token": other["refresh_token"]}))
    # The caller's own session goes on.
    r = await client.get(SESSIONS, headers=account.headers)
    assert [i["id"] for i in r.json()["items"]] == [account.session_id]
    stored = (await stored_sessions(app, clock, account))[other["session_id"]]
    assert stored.revoked_reason == "revoked"


async def test_delete_the_current_session_is_a_logout(
    client: httpx.AsyncClient, account: Account
) -> None:
    r = await client.delete(f"{SESSIONS}/{account.session_id}", headers=account.headers)
    assert r.status_code == 204
    assert_revoked(await client.get(ME, headers=account.headers))


async def test_delete_an_already_revoked_session_is_404(
    client: httpx.AsyncClient, account: Account
) -> None:
    other = await sign_in(client, account)
    path = f"{SESSIONS}/{other['session_id']}"
    assert (await client.delete(path, headers=account.headers)).status_code == 204
    assert_problem(await client.delete(path, headers=account.headers), 404, "session_not_found")


async def test_delete_another_users_session_is_404_and_changes_nothing(
    client: httpx.AsyncClient, make_account: AccountFactory, tenant: TenantInfo
) -> None:
    mine, theirs = await make_account(tenant), await make_account(tenant)
    r = await client.delete(f"{SESSIONS}/{theirs.session_id}", headers=mine.headers)
    assert_problem(r, 404, "session_not_found")
    assert (await client.get(ME, headers=theirs.headers)).status_code == 200


async def test_delete_another_tenants_session_is_404_and_changes_nothing(
    client: httpx.AsyncClient, make_account: AccountFactory, make_tenant: TenantFactory
) -> None:
    mine = await make_account(await make_tenant())
    # The same email in another tenant is another person: their session is out of reach.
    theirs = await make_account(await make_tenant(), email=mine.email)
    r = await client.delete(f"{SESSIONS}/{theirs.session_id}", headers=mine.headers)
    body = assert_problem(r, 404, "session_not_found")
    random = await client.delete(f"{SESSIONS}/{uuid.uuid4()}", headers=mine.headers)
    # Existence does not leak: a foreign id answers exactly like an id nobody has.
    assert body == random.json()
    assert (await client.get(ME, headers=theirs.headers)).status_code == 200
    r = await client.post(REFRESH, json={"refresh_token": theirs.refresh_token})
    assert r.status_code == 200


async def test_delete_a_random_session_id_is_404(
    client: httpx.AsyncClient, account: Account
) -> None:
    r = await client.delete(f"{SESSIONS}/{uuid.uuid4()}", headers=account.headers)
    assert_problem(r, 404, "session_not_found")


@pytest.mark.parametrize("session_id", ["not-a-uuid", "123", "0190f000-0000-7000-8000"])
async def test_delete_with_a_non_uuid_is_422(
    client: httpx.AsyncClient, account: Account, session_id: str
) -> None:
    r = await client.delete(f"{SESSIONS}/{session_id}", headers=account.headers)
    assert_problem(r, 422, "validation_error")
    assert (await client.get(ME, headers=account.headers)).status_code == 200


async def test_delete_needs_a_token(client: httpx.AsyncClient, account: Account) -> None:
    r = await client.delete(f"{SESSIONS}/{account.session_id}")
    assert_problem(r, 401, "not_authenticated")
    assert (await client.get(ME, headers=account.headers)).status_code == 200
