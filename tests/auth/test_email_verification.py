"""Email verification: the token emailed at registration, its single use and expiry, its
purpose, and resending it."""

import httpx

from tests.fixtures.accounts import Account
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, Mailbox
from tests.fixtures.problems import assert_problem

VERIFY = "/api/v1/auth/verify-email"
RESEND = "/api/v1/auth/verify-email/resend"


async def _is_verified(client: httpx.AsyncClient, account: Account) -> bool:
    r = await client.get("/api/v1/auth/me", headers=account.headers)
    assert r.status_code == 200, r.text
    verified: bool = r.json()["email_verified"]
    return verified


async def test_registration_token_verifies_the_email(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox, events: EventLog
) -> None:
    assert not await _is_verified(client, account)
    messages = await mailbox.messages(account.email)
    assert [m["subject"] for m in messages] == ["Verify your email address"]
    token = await mailbox.last_token(account.email)

    r = await client.post(VERIFY, json={"token": token})

    assert r.status_code == 200, r.text
    user = r.json()["user"]
    assert user["id"] == account.user_id
    assert user["email_verified"] is True
    assert await _is_verified(client, account)
    verified = await events.of_type("user.email_verified")
    mine = [e for e in verified if e["data"]["user_id"] == account.user_id]
    assert len(mine) == 1
    assert mine[0]["data"]["email"] == account.email
    assert mine[0]["tenant_id"] == str(account.tenant_id)


async def test_token_works_once(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    token = await mailbox.last_token(account.email)
    assert (await client.post(VERIFY, json={"token": token})).status_code == 200

    r = await client.post(VERIFY, json={"token": token})

    assert_problem(r, 422, "invalid_email_token")


async def test_token_expires_after_24_hours(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox, clock: MovableClock
) -> None:
    token = await mailbox.last_token(account.email)
    clock.advance(hours=25)

    r = await client.post(VERIFY, json={"token": token})

    assert_problem(r, 422, "invalid_email_token")
    # The clock moved a day: sign in again for a token that is still valid.
    r = await client.post(
        "/api/v1/auth/login",
        json={"tenant": account.tenant_slug, "email": account.email, "password": account.password},
    )
    assert r.status_code == 200, r.text
    assert r.json()["user"]["email_verified"] is False


async def test_token_still_valid_just_before_24_hours(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox, clock: MovableClock
) -> None:
    token = await mailbox.last_token(account.email)
    clock.advance(hours=23, minutes=59)

    r = await client.post(VERIFY, json={"token": token})

    assert r.status_code == 200, r.text


async def test_password_reset_token_does_not_verify_an_email(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    r = await client.post(
        "/api/v1/auth/password-reset/request",
        json={"tenant": account.tenant_slug, "email": account.email},
    )
    assert r.status_code == 202
    reset_token = await mailbox.last_token(account.email)

    r = await client.post(VERIFY, json={"token": reset_token})

    assert_problem(r, 422, "invalid_email_token")
    assert not await _is_verified(client, account)
    # The failed attempt spent nothing: the reset token still sets a password.
    r = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": reset_token, "new_password": "Velvet-Orchard-Kite-58"},
    )
    assert r.status_code == 204, r.text


async def test_verification_token_does_not_reset_a_password(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    verify_token = await mailbox.last_token(account.email)

    r = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": verify_token, "new_password": "Velvet-Orchard-Kite-58"},
    )

    assert_problem(r, 422, "invalid_email_token")
    r = await client.post(
        "/api/v1/auth/login",
        json={"tenant": account.tenant_slug, "email": account.email, "password": account.password},
    )
    assert r.status_code == 200, r.text
    # ...and it was not spent by the failed attempt.
    assert (await client.post(VERIFY, json={"token": verify_token})).status_code == 200


async def test_access_token_or_garbage_is_not_a_verification_token(
    client: httpx.AsyncClient, account: Account
) -> None:
    almost = f"{account.tenant_id.hex}.{'A' * 43}"  # well-formed, never issued
    for token in (account.access_token, account.refresh_token, "garbage", almost):
        r = await client.post(VERIFY, json={"token": token})
        assert_problem(r, 422, "invalid_email_token")
    assert not await _is_verified(client, account)


async def test_resend_emails_a_new_token(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    first = await mailbox.last_token(account.email)

    r = await client.post(RESEND, headers=account.headers)

    assert r.status_code == 202, r.text
    assert r.json()["status"] == "accepted"
    messages = await mailbox.messages(account.email)
    assert len(messages) == 2
    assert messages[-1]["subject"] == "Verify your email address"
    second = await mailbox.last_token(account.email)
    assert second != first
    assert (await client.post(VERIFY, json={"token": second})).status_code == 200
    assert await _is_verified(client, account)


async def test_resend_when_already_verified_conflicts(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    token = await mailbox.last_token(account.email)
    assert (await client.post(VERIFY, json={"token": token})).status_code == 200

    r = await client.post(RESEND, headers=account.headers)

    assert_problem(r, 409, "email_already_verified")
    assert len(await mailbox.messages(account.email)) == 1


async def test_resend_needs_a_bearer_token(client: httpx.AsyncClient) -> None:
    r = await client.post(RESEND)

    body = assert_problem(r, 401, "not_authenticated")
    assert r.headers["www-authenticate"] == "Bearer"
    assert body["status"] == 401
