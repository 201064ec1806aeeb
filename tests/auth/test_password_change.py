"""Changing the password while signed in: the current password is required, the new one must
pass the policy, and every other session ends while this one carries on."""

import httpx

from tests.fixtures.accounts import Account
from tests.fixtures.messages import EventLog
from tests.fixtures.problems import assert_problem

CHANGE = "/api/v1/auth/password/change"
NEW_PASSWORD = "Velvet-Orchard-Kite-58"


async def _login(client: httpx.AsyncClient, account: Account, password: str) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/login",
        json={"tenant": account.tenant_slug, "email": account.email, "password": password},
    )


async def test_wrong_current_password_is_refused(
    client: httpx.AsyncClient, account: Account
) -> None:
    r = await client.post(
        CHANGE,
        headers=account.headers,
        json={"current_password": "Not-The-Password-42", "new_password": NEW_PASSWORD},
    )

    assert_problem(r, 422, "invalid_current_password")
    assert (await _login(client, account, account.password)).status_code == 200
    assert_problem(await _login(client, account, NEW_PASSWORD), 401, "invalid_credentials")


async def test_weak_new_password_is_refused(client: httpx.AsyncClient, account: Account) -> None:
    for weak in ("short", "password1234", account.email, "abcdefghijklmnop", account.password):
        r = await client.post(
            CHANGE,
            headers=account.headers,
            json={"current_password": account.password, "new_password": weak},
        )
        assert_problem(r, 422, "weak_password")
    assert (await _login(client, account, account.password)).status_code == 200


async def test_change_needs_a_bearer_token(client: httpx.AsyncClient, account: Account) -> None:
    r = await client.post(
        CHANGE, json={"current_password": account.password, "new_password": NEW_PASSWORD}
    )

    assert_problem(r, 401, "not_authenticated")
    assert (await _login(client, account, account.password)).status_code == 200


async def test_change_ends_other_sessions_and_keeps_this_one(
    client: httpx.AsyncClient, account: Account, events: EventLog
) -> None:
    other = (await _login(client, account, account.password)).json()
    other_headers = {"Authorization": f"Bearer {other['access_token']}"}
    assert (await client.get("/api/v1/auth/me", headers=other_headers)).status_code == 200

    r = await client.post(
        CHANGE,
        headers=account.headers,
        json={"current_password": account.password, "new_password": NEW_PASSWORD},
    )

    assert r.status_code == 204, r.text
    assert r.content == b""
    # The other session is over at once...
    assert_problem(await client.get("/api/v1/auth/me", headers=other_headers), 401, "token_revoked")
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": other["refresh_token"]})
    assert_problem(r, 401, "token_revoked")
    # ...while this one keeps working, access and refresh token alike.
    assert (await client.get("/api/v1/auth/me", headers=account.headers)).status_code == 200
    r = await client.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert r.status_code == 200, r.text
    # Only the new password signs in.
    assert_problem(await _login(client, account, account.password), 401, "invalid_credentials")
    assert (await _login(client, account, NEW_PASSWORD)).status_code == 200
    changed = [
        e
        for e in await events.of_type("user.password_changed")
        if e["data"]["user_id"] == account.user_id
    ]
    assert len(changed) == 1
    assert changed[0]["tenant_id"] == str(account.tenant_id)


async def test_wrong_current_passwords_count_towards_the_lockout(
    client: httpx.AsyncClient, account: Account
) -> None:
    for _ in range(5):
        r = await client.post(
            CHANGE,
            headers=account.headers,
            json={"current_password": "Not-The-Password-42", "new_password": NEW_PASSWORD},
        )
        assert_problem(r, 422, "invalid_current_password")

    r = await client.post(
        CHANGE,
        headers=account.headers,
        json={"current_password": account.password, "new_password": NEW_PASSWORD},
    )

    assert_problem(r, 429, "too_many_attempts")
    assert int(r.headers["retry-after"]) > 0
    assert_problem(await _login(client, account, account.password), 429, "too_many_attempts")
