"""Password reset: a request that never tells whether the account exists, a single-use token
that expires, and a confirmation that ends every session."""

import uuid

import httpx

from tests.fixtures.accounts import Account, AccountFactory, TenantInfo
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, Mailbox
from tests.fixtures.problems import assert_problem

REQUEST = "/api/v1/auth/password-reset/request"
CONFIRM = "/api/v1/auth/password-reset/confirm"
NEW_PASSWORD = "Velvet-Orchard-Kite-58"


async def _login(client: httpx.AsyncClient, account: Account, password: str) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/login",
        json={"tenant": account.tenant_slug, "email": account.email, "password": password},
    )


async def _reset_token(client: httpx.AsyncClient, account: Account, mailbox: Mailbox) -> str:
    r = await client.post(REQUEST, json={"tenant": account.tenant_slug, "email": account.email})
    assert r.status_code == 202, r.text
    messages = await mailbox.messages(account.email)
    assert messages[-1]["subject"] == "Reset your password"
    return await mailbox.last_token(account.email)


async def test_request_answers_alike_for_known_and_unknown_emails(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    unknown = f"nobody-{uuid.uuid4().hex[:8]}@example.com"

    known_r = await client.post(
        REQUEST, json={"tenant": account.tenant_slug, "email": account.email}
    )
    unknown_r = await client.post(REQUEST, json={"tenant": account.tenant_slug, "email": unknown})
    no_tenant_r = await client.post(
        REQUEST, json={"tenant": f"no-such-{uuid.uuid4().hex[:8]}", "email": account.email}
    )

    for r in (known_r, unknown_r, no_tenant_r):
        assert r.status_code == 202, r.text
        assert r.content == known_r.content
        assert r.headers["content-type"] == known_r.headers["content-type"]
    subjects = [m["subject"] for m in await mailbox.messages(account.email)]
    assert subjects == ["Verify your email address", "Reset your password"]
    assert await mailbox.messages(unknown) == []


async def test_confirm_sets_the_password_and_ends_every_session(
    client: httpx.AsyncClient,
    make_account: AccountFactory,
    tenant: TenantInfo,
    mailbox: Mailbox,
    events: EventLog,
) -> None:
    account = await make_account(tenant)
    second = await _login(client, account, account.password)
    assert second.status_code == 200
    token = await _reset_token(client, account, mailbox)

    r = await client.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})

    assert r.status_code == 204, r.text
    assert r.content == b""
    # Every session is revoked at once: its access token and its refresh token are refused.
    for access in (account.access_token, second.json()["access_token"]):
        me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {access}"})
        assert_problem(me, 401, "token_revoked")
    for refresh in (account.refresh_token, second.json()["refresh_token"]):
        r = await client.post("/api/v1/auth/refresh", json={"refresh_token": refresh})
        assert_problem(r, 401, "token_revoked")
    # The new password signs in, the old one no longer does.
    assert_problem(await _login(client, account, account.password), 401, "invalid_credentials")
    assert (await _login(client, account, NEW_PASSWORD)).status_code == 200
    reset_events = [
        e
        for e in await events.of_type("user.password_reset")
        if e["data"]["user_id"] == account.user_id
    ]
    assert len(reset_events) == 1


async def test_token_works_once(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    token = await _reset_token(client, account, mailbox)
    assert (
        await client.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    ).status_code == 204

    r = await client.post(CONFIRM, json={"token": token, "new_password": "Amber-Lantern-Fox-731"})

    assert_problem(r, 422, "invalid_email_token")
    assert (await _login(client, account, NEW_PASSWORD)).status_code == 200


async def test_a_reset_spends_the_other_reset_tokens(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    first = await _reset_token(client, account, mailbox)
    second = await _reset_token(client, account, mailbox)
    assert first != second
    assert (
        await client.post(CONFIRM, json={"token": second, "new_password": NEW_PASSWORD})
    ).status_code == 204

    r = await client.post(CONFIRM, json={"token": first, "new_password": "Amber-Lantern-Fox-731"})

    assert_problem(r, 422, "invalid_email_token")


async def test_token_expires_after_one_hour(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox, clock: MovableClock
) -> None:
    token = await _reset_token(client, account, mailbox)
    clock.advance(hours=1, seconds=1)

    r = await client.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})

    assert_problem(r, 422, "invalid_email_token")
    assert (await _login(client, account, account.password)).status_code == 200


async def test_token_still_valid_just_before_one_hour(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox, clock: MovableClock
) -> None:
    token = await _reset_token(client, account, mailbox)
    clock.advance(minutes=59)

    r = await client.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})

    assert r.status_code == 204, r.text


async def test_weak_new_password_changes_nothing_and_keeps_the_token(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    token = await _reset_token(client, account, mailbox)

    for weak in ("short", "password1234", account.email, "aaaaaaaaaaaaaaaa"):
        r = await client.post(CONFIRM, json={"token": token, "new_password": weak})
        assert_problem(r, 422, "weak_password")

    # Nothing changed: the session lives, the old password works, the token is unspent.
    assert (await client.get("/api/v1/auth/me", headers=account.headers)).status_code == 200
    assert (await _login(client, account, account.password)).status_code == 200
    r = await client.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
    assert r.status_code == 204, r.text
    assert (await _login(client, account, NEW_PASSWORD)).status_code == 200


async def test_access_token_or_garbage_is_not_a_reset_token(
    client: httpx.AsyncClient, account: Account
) -> None:
    for token in (account.access_token, account.refresh_token, "garbage"):
        r = await client.post(CONFIRM, json={"token": token, "new_password": NEW_PASSWORD})
        assert_problem(r, 422, "invalid_email_token")
    assert (await _login(client, account, account.password)).status_code == 200
