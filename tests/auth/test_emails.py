"""Emails people can use: links to the app (the service's PUBLIC_APP_URL or the tenant's
`app_url`), plain text and HTML from the shipped templates or the tenant's own (checked when
stored), the token and its endpoint when no app is configured, and security notices."""

import httpx
from fastapi import FastAPI

from olympus.auth import totp
from tests.fixtures.accounts import PASSWORD, Account, TenantInfo, login_owner, unique_email
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import Mailbox
from tests.fixtures.problems import assert_problem

SETTINGS = "/api/v1/settings"
REGISTER = "/api/v1/auth/register"


async def register(client: httpx.AsyncClient, tenant: TenantInfo, email: str) -> None:
    r = await client.post(
        REGISTER, json={"tenant": tenant.slug, "email": email, "password": PASSWORD}
    )
    assert r.status_code == 201, r.text


async def set_settings(
    client: httpx.AsyncClient, owner: Account, **values: object
) -> httpx.Response:
    return await client.put(SETTINGS, headers=owner.headers, json=values)


async def test_without_an_app_url_the_email_says_how_to_use_the_token(
    client: httpx.AsyncClient, tenant: TenantInfo, mailbox: Mailbox
) -> None:
    email = unique_email("plain")
    await register(client, tenant, email)
    message = (await mailbox.messages(email))[-1]
    token = await mailbox.last_token(email)
    assert message["subject"] == "Verify your email address"
    assert "POST /api/v1/auth/verify-email" in message["body"]
    assert token in message["body"] and "?token=" not in message["body"]
    assert message["html"].startswith("<!doctype html>")
    assert token in message["html"]
    r = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert r.status_code == 200, r.text


async def test_the_tenant_app_url_makes_links(
    client: httpx.AsyncClient, tenant: TenantInfo, mailbox: Mailbox
) -> None:
    owner = await login_owner(client, tenant)
    r = await set_settings(client, owner, app_url="https://shop.example.com/app/")
    assert r.status_code == 200, r.text

    email = unique_email("linked")
    await register(client, tenant, email)
    message = (await mailbox.messages(email))[-1]
    token = await mailbox.last_token(email)
    link = f"https://shop.example.com/app/verify-email?token={token}"
    assert link in message["body"]
    assert f'href="{link}"' in message["html"]
    assert (await client.post("/api/v1/auth/verify-email", json={"token": token})).is_success

    r = await client.post(
        "/api/v1/auth/password-reset/request", json={"tenant": tenant.slug, "email": email}
    )
    assert r.status_code == 202
    reset = (await mailbox.messages(email))[-1]
    assert "https://shop.example.com/app/reset-password?token=" in reset["body"]

    invited = unique_email("invited")
    r = await client.post("/api/v1/users", headers=owner.headers, json={"email": invited})
    assert r.status_code == 201, r.text
    invitation = (await mailbox.messages(invited))[-1]
    assert "https://shop.example.com/app/accept-invitation?token=" in invitation["body"]
    token = await mailbox.last_token(invited)
    r = await client.post(
        "/api/v1/auth/password-reset/confirm", json={"token": token, "new_password": PASSWORD}
    )
    assert r.status_code == 204, r.text

    for bad in (
        "ftp://shop.example.com",
        "shop.example.com",
        "https://a b.com",
        "https://x.com?q=1",
    ):
        assert_problem(await set_settings(client, owner, app_url=bad), 422, "validation_error")


async def test_a_tenant_writes_its_own_templates(
    client: httpx.AsyncClient, tenant: TenantInfo, mailbox: Mailbox
) -> None:
    owner = await login_owner(client, tenant)
    own = {
        "verify_email": {
            "subject": "Welcome to {{ tenant_name }}",
            "text": "Hello {{ email }}, your code: {{ token }} ({{ expires_in }})",
            "html": "<p>Hello {{ email }}</p><p>{{ token }}</p>",
        }
    }
    r = await set_settings(client, owner, email_templates=own, display_name_override="Ada's <Shop>")
    assert r.status_code == 200, r.text
    assert r.json()["email_templates"]["verify_email"]["subject"] == own["verify_email"]["subject"]

    email = unique_email("own")
    await register(client, tenant, email)
    message = (await mailbox.messages(email))[-1]
    assert message["subject"] == "Welcome to Ada's <Shop>"
    assert message["body"].startswith(f"Hello {email}, your code: ")
    assert message["body"].endswith("(1 day)")
    # Values are escaped in HTML.
    r = await set_settings(
        client,
        owner,
        email_templates={"verify_email": {"html": "<p>{{ tenant_name }}</p>{{ token }}"}},
    )
    assert r.status_code == 200, r.text
    email = unique_email("escaped")
    await register(client, tenant, email)
    assert "<p>Ada&#39;s &lt;Shop&gt;</p>" in (await mailbox.messages(email))[-1]["html"]


async def test_a_template_that_does_not_render_is_refused_when_stored(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    before = (await client.get(SETTINGS, headers=owner.headers)).json()
    for bad in (
        {"verify_email": {"subject": "Hi {{ unknown_name }}"}},
        {"verify_email": {"text": "{% if %}"}},
        {"password_reset": {"html": "{{ link.__class__.__mro__ }}"}},
        {"invitation": {"text": "{{ 1 / 0 }}"}},
        {"security_notice": {"subject": ""}},
        {"welcome": {"subject": "Hi"}},
        {"verify_email": {"subject": "Hi", "footer": "x"}},
    ):
        r = await set_settings(client, owner, email_templates=bad)
        assert_problem(r, 422, "validation_error")
    assert (await client.get(SETTINGS, headers=owner.headers)).json() == before


async def test_security_notices(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox, clock: MovableClock
) -> None:
    r = await client.post(
        "/api/v1/auth/password/change",
        headers=account.headers,
        json={"current_password": account.password, "new_password": "Velvet-Orchard-Kite-58"},
    )
    assert r.status_code == 204, r.text
    notice = (await mailbox.messages(account.email))[-1]
    assert notice["subject"] == "Your password was changed"
    assert "If it was not" in notice["body"] and notice["html"]

    secret = (await client.post("/api/v1/auth/mfa/totp/setup", headers=account.headers)).json()[
        "secret"
    ]
    r = await client.post(
        "/api/v1/auth/mfa/totp/confirm",
        headers=account.headers,
        json={"code": totp.code_at(secret, clock.now())},
    )
    assert r.status_code == 200, r.text
    assert (await mailbox.messages(account.email))[-1]["subject"] == (
        "Two-step sign-in was turned on"
    )
    r = await client.request(
        "DELETE",
        "/api/v1/auth/mfa/totp",
        headers=account.headers,
        json={"current_password": "Velvet-Orchard-Kite-58"},
    )
    assert r.status_code == 204, r.text
    assert (await mailbox.messages(account.email))[-1]["subject"] == (
        "Two-step sign-in was turned off"
    )


async def test_no_email_is_sent_for_a_refused_change(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox, app: FastAPI
) -> None:
    sent = len(await mailbox.messages(account.email))
    r = await client.post(
        "/api/v1/auth/password/change",
        headers=account.headers,
        json={"current_password": "Not-The-Password-1", "new_password": "Velvet-Orchard-Kite-58"},
    )
    assert r.status_code == 422
    assert len(await mailbox.messages(account.email)) == sent


async def test_a_sign_in_from_a_new_device_is_told_unless_opted_out(
    client: httpx.AsyncClient, account: Account, mailbox: Mailbox
) -> None:
    async def sign_in(agent: str) -> None:
        r = await client.post(
            "/api/v1/auth/login",
            json={"tenant": account.tenant_slug, "email": account.email, "password": PASSWORD},
            headers={"User-Agent": agent},
        )
        assert r.status_code == 200, r.text

    sent = len(await mailbox.messages(account.email))
    await sign_in(client.headers["User-Agent"])  # the agent of the first sign-in
    assert len(await mailbox.messages(account.email)) == sent
    await sign_in("Firefox/140.0 (new laptop)")
    messages = await mailbox.messages(account.email)
    assert len(messages) == sent + 1
    assert "new device (Firefox/140.0 (new laptop)" in messages[-1]["subject"]
    await sign_in("Firefox/140.0 (new laptop)")  # known now
    assert len(await mailbox.messages(account.email)) == sent + 1

    r = await client.put(
        "/api/v1/users/me/preferences", headers=account.headers, json={"new_device_alerts": False}
    )
    assert r.status_code == 200, r.text
    await sign_in("Safari/18 (phone)")
    assert len(await mailbox.messages(account.email)) == sent + 1
