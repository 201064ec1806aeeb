"""Passkeys (WebAuthn) end to end with a software authenticator: registration (the first
issues recovery codes), listing, renaming, removal; sign-in as the second step after a
password and without one; and every refusal: wrong origin, wrong RP id, a challenge reused,
expired or of another ceremony, a signature counter going backwards, another tenant's
passkey, no token, a session limited to enrolment, and the lockout."""

import asyncio
import threading
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.auth import relying_party
from olympus.auth import service as auth_service
from olympus.auth.models import Passkey, PasskeyChallenge
from olympus.platform.audit.models import AuditLog
from olympus.platform.security_events.models import SecurityEvent
from tests.auth.test_mfa import enrol
from tests.fixtures.accounts import (
    Account,
    AccountFactory,
    TenantInfo,
    login,
    login_owner,
    make_member,
)
from tests.fixtures.apps import MovableClock
from tests.fixtures.authenticator import Authenticator, b64url
from tests.fixtures.messages import EventLog, Mailbox, of
from tests.fixtures.problems import assert_problem

PASSKEYS = "/api/v1/auth/passkeys"
REG_OPTIONS = "/api/v1/auth/passkeys/registration/options"
REG_VERIFY = "/api/v1/auth/passkeys/registration/verify"
AUTH_OPTIONS = "/api/v1/auth/passkeys/authentication/options"
AUTH_VERIFY = "/api/v1/auth/passkeys/authentication/verify"
MFA = "/api/v1/auth/mfa"
LOGIN = "/api/v1/auth/login"
ME = "/api/v1/auth/me"


def amr_of(access_token: str) -> list[str]:
    claims = jwt.decode(access_token, options={"verify_signature": False})
    amr: list[str] = claims["amr"]
    return amr


async def registration_options(client: httpx.AsyncClient, account: Account) -> dict[str, Any]:
    r = await client.post(REG_OPTIONS, headers=account.headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert 0 < body["expires_in"] <= 300
    public_key: dict[str, Any] = body["public_key"]
    return public_key


async def register(
    client: httpx.AsyncClient,
    account: Account,
    device: Authenticator | None = None,
    name: str | None = "Laptop",
) -> tuple[Authenticator, dict[str, Any]]:
    device = device or Authenticator()
    credential = device.register(await registration_options(client, account))
    r = await client.post(
        REG_VERIFY, headers=account.headers, json={"credential": credential, "name": name}
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return device, body


async def mfa_step(client: httpx.AsyncClient, account: Account) -> dict[str, Any]:
    r = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug, "email": account.email, "password": account.password},
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert body["mfa_required"] is True and "access_token" not in body
    return body


async def options_for(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    r = await client.post(AUTH_OPTIONS, json=body)
    assert r.status_code == 200, r.text
    public_key: dict[str, Any] = r.json()["public_key"]
    return public_key


async def second_factor(
    client: httpx.AsyncClient, account: Account, device: Authenticator, **answer: Any
) -> httpx.Response:
    token = (await mfa_step(client, account))["mfa_token"]
    credential = device.assert_(await options_for(client, mfa_token=token), **answer)
    return await client.post(AUTH_VERIFY, json={"mfa_token": token, "credential": credential})


async def passwordless(
    client: httpx.AsyncClient, account: Account, device: Authenticator, **answer: Any
) -> httpx.Response:
    credential = device.assert_(await options_for(client, tenant=account.tenant_slug), **answer)
    return await client.post(
        AUTH_VERIFY, json={"tenant": account.tenant_slug, "credential": credential}
    )


async def test_register_list_rename_and_status(
    client: httpx.AsyncClient,
    account: Account,
    app: FastAPI,
    clock: MovableClock,
    events: EventLog,
    mailbox: Mailbox,
) -> None:
    options = await registration_options(client, account)
    assert options["rp"] == {"id": "localhost", "name": "Olympus Core"}
    assert options["user"]["name"] == account.email
    assert options["attestation"] == "none"
    assert options["excludeCredentials"] == []

    device, body = await register(client, account)
    passkey = body["passkey"]
    assert passkey["name"] == "Laptop" and passkey["transports"] == ["usb"]
    assert passkey["device_type"] == "single_device" and passkey["backed_up"] is False
    codes = body["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10  # the first factor: codes, once

    # A second passkey: its options exclude the first; no new recovery codes.
    second_options = await registration_options(client, account)
    assert [c["id"] for c in second_options["excludeCredentials"]] == [b64url(device.credential_id)]
    other = Authenticator()
    r = await client.post(
        REG_VERIFY,
        headers=account.headers,
        json={"credential": other.register(second_options)},
    )
    assert r.status_code == 201, r.text
    assert r.json()["recovery_codes"] is None
    assert r.json()["passkey"]["name"] == "Passkey 2"

    r = await client.get(PASSKEYS, headers=account.headers)
    assert r.status_code == 200, r.text
    listed = r.json()
    assert [p["name"] for p in listed["items"]] == ["Laptop", "Passkey 2"]
    assert listed["next_cursor"] is None

    r = await client.patch(
        f"{PASSKEYS}/{passkey['id']}", headers=account.headers, json={"name": "Work key"}
    )
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Work key"
    for bad in ({"name": ""}, {"name": "x" * 101}, {"name": "ok", "sign_count": 0}):
        r = await client.patch(f"{PASSKEYS}/{passkey['id']}", headers=account.headers, json=bad)
        assert_problem(r, 422, "validation_error")
    r = await client.patch(
        f"{PASSKEYS}/{uuid.uuid4()}", headers=account.headers, json={"name": "x"}
    )
    assert_problem(r, 404, "passkey_not_found")

    status = (await client.get(MFA, headers=account.headers)).json()
    assert status["enabled"] is True and status["recovery_codes_left"] == 10
    assert [(f["type"], f["name"]) for f in status["factors"]] == [
        ("passkey", "Work key"),
        ("passkey", "Passkey 2"),
    ]

    registered = await events.of_type("passkey.registered")
    mine = of(registered, user_id=account.user_id)
    assert [e["data"]["first_factor"] for e in mine] == [True, False]
    assert set(mine[0]["data"]) == {
        "user_id", "passkey_id", "name", "device_type", "backed_up", "first_factor",
    }  # fmt: skip
    assert of(await events.of_type("user.mfa_enabled"), user_id=account.user_id, factor="passkey")
    notices = [m for m in await mailbox.messages(account.email) if "passkey" in m["body"]]
    assert len(notices) == 2
    async with app.state.db.unit_of_work(
        clock=clock, tenant_id=account.tenant_id, write=False
    ) as uow:
        actions = (
            await uow.session.scalars(
                sa.select(AuditLog.action).where(AuditLog.actor_id == uuid.UUID(account.user_id))
            )
        ).all()
    assert {"passkey.registered", "passkey.renamed"} <= set(actions)


async def test_second_factor_sign_in(
    client: httpx.AsyncClient, account: Account, events: EventLog
) -> None:
    device, _ = await register(client, account)
    step = await mfa_step(client, account)
    assert step["methods"] == ["passkey", "recovery_code"]

    options = await options_for(client, mfa_token=step["mfa_token"])
    assert options["rpId"] == "localhost"
    assert [c["id"] for c in options["allowCredentials"]] == [b64url(device.credential_id)]
    credential = device.assert_(options)
    r = await client.post(
        AUTH_VERIFY, json={"mfa_token": step["mfa_token"], "credential": credential}
    )
    assert r.status_code == 200, r.text
    pair = r.json()
    assert pair["user"]["id"] == account.user_id
    assert amr_of(pair["access_token"]) == ["pwd", "hwk"]
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    assert (await client.get(ME, headers=headers)).status_code == 200
    # The sign-in step works once.
    again = device.assert_(options)
    r = await client.post(AUTH_VERIFY, json={"mfa_token": step["mfa_token"], "credential": again})
    assert_problem(r, 401, "invalid_mfa_token")
    signed_in = of(await events.of_type("user.logged_in"), user_id=account.user_id, mfa="passkey")
    assert len(signed_in) == 1

    # The passkey's use is on record.
    listed = (await client.get(PASSKEYS, headers=account.headers)).json()["items"]
    assert listed[0]["last_used_at"] is not None


async def test_passwordless_sign_in(
    client: httpx.AsyncClient, account: Account, make_account: AccountFactory, tenant: TenantInfo
) -> None:
    device, _ = await register(client, account)

    # Discoverable: no email, the browser offers the passkeys it holds for the RP.
    options = await options_for(client, tenant=account.tenant_slug)
    assert options["allowCredentials"] == [] and options["userVerification"] == "required"
    r = await client.post(
        AUTH_VERIFY, json={"tenant": account.tenant_slug, "credential": device.assert_(options)}
    )
    assert r.status_code == 200, r.text
    assert r.json()["user"]["id"] == account.user_id
    assert amr_of(r.json()["access_token"]) == ["hwk"]

    # With the email: that user's passkeys; an unknown email or one without passkeys gets a
    # stand-in answer of the same shape.
    named = await options_for(client, tenant=account.tenant_slug, email=account.email)
    assert [c["id"] for c in named["allowCredentials"]] == [b64url(device.credential_id)]
    r = await client.post(
        AUTH_VERIFY, json={"tenant": account.tenant_slug, "credential": device.assert_(named)}
    )
    assert r.status_code == 200, r.text
    without = await make_account(tenant)
    for email in ("nobody@example.com", without.email):
        stand_in = await options_for(client, tenant=account.tenant_slug, email=email)
        assert len(stand_in["allowCredentials"]) == 1
        assert stand_in.keys() == named.keys()
    again = await options_for(client, tenant=account.tenant_slug, email=without.email)
    assert again["allowCredentials"] == stand_in["allowCredentials"]  # stable per email
    assert again["challenge"] != stand_in["challenge"]
    # A challenge asked for another user's passkeys does not sign this passkey in.
    await register(client, without)
    other = await options_for(client, tenant=account.tenant_slug, email=without.email)
    r = await client.post(
        AUTH_VERIFY, json={"tenant": account.tenant_slug, "credential": device.assert_(other)}
    )
    assert_problem(r, 401, "passkey_invalid")

    # Alone, a passkey must verify its user (PIN, biometrics): presence is not enough.
    device.verify_user = False
    assert_problem(await passwordless(client, account, device), 401, "passkey_invalid")

    # Unknown tenant and bad bodies.
    r = await client.post(AUTH_OPTIONS, json={"tenant": "no-such-tenant-x"})
    assert_problem(r, 404, "tenant_not_found")
    for bad in (
        {},
        {"tenant": account.tenant_slug, "mfa_token": "x"},
        {"email": account.email},
        {"tenant": account.tenant_slug, "extra": 1},
    ):
        assert_problem(await client.post(AUTH_OPTIONS, json=bad), 422, "validation_error")


async def test_wrong_origin_is_refused(client: httpx.AsyncClient, account: Account) -> None:
    device = Authenticator()
    credential = device.register(
        await registration_options(client, account), origin="https://evil.example"
    )
    r = await client.post(REG_VERIFY, headers=account.headers, json={"credential": credential})
    body = assert_problem(r, 422, "passkey_registration_failed")
    assert "origin" in body["detail"]
    assert (await client.get(PASSKEYS, headers=account.headers)).json()["items"] == []

    device, _ = await register(client, account)
    r = await second_factor(client, account, device, origin="https://evil.example")
    assert_problem(r, 401, "passkey_invalid")
    r = await passwordless(client, account, device, origin="http://localhost:9999")
    assert_problem(r, 401, "passkey_invalid")


async def test_wrong_rp_id_is_refused(client: httpx.AsyncClient, account: Account) -> None:
    device = Authenticator()
    credential = device.register(await registration_options(client, account), rp_id="evil.example")
    r = await client.post(REG_VERIFY, headers=account.headers, json={"credential": credential})
    assert_problem(r, 422, "passkey_registration_failed")

    device, _ = await register(client, account)
    assert_problem(
        await second_factor(client, account, device, rp_id="evil.example"), 401, "passkey_invalid"
    )
    assert_problem(
        await passwordless(client, account, device, rp_id="example.com"), 401, "passkey_invalid"
    )


async def test_challenges_are_single_use_short_lived_and_bound(
    client: httpx.AsyncClient,
    account: Account,
    make_account: AccountFactory,
    tenant: TenantInfo,
    clock: MovableClock,
    app: FastAPI,
) -> None:
    # Registration: a challenge works once, for the session that asked, for 5 minutes.
    options = await registration_options(client, account)
    device = Authenticator()
    credential = device.register(options)
    r = await client.post(REG_VERIFY, headers=account.headers, json={"credential": credential})
    assert r.status_code == 201, r.text
    replay = Authenticator().register(options)
    r = await client.post(REG_VERIFY, headers=account.headers, json={"credential": replay})
    assert_problem(r, 422, "passkey_registration_failed")
    r = await passwordless(client, account, device)
    other_session = {"Authorization": f"Bearer {r.json()['access_token']}"}
    options = await registration_options(client, account)
    r = await client.post(
        REG_VERIFY,
        headers=other_session,
        json={"credential": Authenticator().register(options)},
    )
    assert_problem(r, 422, "passkey_registration_failed")
    other_user = await make_account(tenant)
    r = await client.post(
        REG_VERIFY,
        headers=other_user.headers,
        json={"credential": Authenticator().register(options)},
    )
    assert_problem(r, 422, "passkey_registration_failed")
    late = await registration_options(client, account)
    clock.advance(seconds=301)
    r = await client.post(
        REG_VERIFY, headers=account.headers, json={"credential": Authenticator().register(late)}
    )
    assert_problem(r, 422, "passkey_registration_failed")

    # Sign-in: the same.
    options = await options_for(client, tenant=account.tenant_slug)
    answer = device.assert_(options)
    body = {"tenant": account.tenant_slug, "credential": answer}
    assert (await client.post(AUTH_VERIFY, json=body)).status_code == 200
    assert_problem(await client.post(AUTH_VERIFY, json=body), 401, "passkey_challenge_invalid")
    # A registration challenge is not a sign-in challenge.
    reg = await registration_options(client, account)
    borrowed = device.assert_({"challenge": reg["challenge"], "rpId": "localhost"})
    r = await client.post(AUTH_VERIFY, json={"tenant": account.tenant_slug, "credential": borrowed})
    assert_problem(r, 401, "passkey_challenge_invalid")
    # A second-factor challenge is bound to its sign-in step.
    step_a = (await mfa_step(client, account))["mfa_token"]
    step_b = (await mfa_step(client, account))["mfa_token"]
    for_a = device.assert_(await options_for(client, mfa_token=step_a))
    r = await client.post(AUTH_VERIFY, json={"mfa_token": step_b, "credential": for_a})
    assert_problem(r, 401, "passkey_challenge_invalid")
    # Expired.
    options = await options_for(client, tenant=account.tenant_slug)
    clock.advance(seconds=301)
    r = await client.post(
        AUTH_VERIFY, json={"tenant": account.tenant_slug, "credential": device.assert_(options)}
    )
    assert_problem(r, 401, "passkey_challenge_invalid")
    # Only hashes of challenges are stored.
    async with app.state.db.unit_of_work(
        clock=clock, tenant_id=account.tenant_id, write=False
    ) as uow:
        hashes = (await uow.session.scalars(sa.select(PasskeyChallenge.challenge_hash))).all()
    assert options["challenge"] not in hashes and len(hashes) > 5


async def test_counter_regression_is_refused_and_reported(
    client: httpx.AsyncClient,
    account: Account,
    tenant: TenantInfo,
    app: FastAPI,
    clock: MovableClock,
    mailbox: Mailbox,
) -> None:
    device, _ = await register(client, account)
    assert (await passwordless(client, account, device)).status_code == 200  # counter 1
    assert (await second_factor(client, account, device)).status_code == 200  # counter 2
    clone = Authenticator()
    clone.__dict__.update(device.__dict__)  # the same key, its counter behind
    clone.sign_count = 1
    r = await passwordless(client, account, clone)  # presents 2 again
    assert_problem(r, 401, "passkey_counter_regression")
    clone.sign_count = 0
    assert_problem(await second_factor(client, account, clone), 401, "passkey_counter_regression")
    # The genuine authenticator carries on.
    assert (await passwordless(client, account, device)).status_code == 200

    async with app.state.db.unit_of_work(
        clock=clock, tenant_id=account.tenant_id, write=False
    ) as uow:
        rows = (
            await uow.session.scalars(
                sa.select(AuditLog).where(AuditLog.action == "passkey.counter_regression")
            )
        ).all()
        stored = await uow.session.scalar(sa.select(Passkey.sign_count))
    assert len(rows) == 2 and rows[0].changes["stored"] == 2 and stored == 3
    await app.state.security_events.flush()
    async with app.state.db.unit_of_work(
        clock=clock, tenant_id=account.tenant_id, write=False
    ) as uow:
        kinds = (
            await uow.session.scalars(
                sa.select(SecurityEvent.kind).where(
                    SecurityEvent.user_id == uuid.UUID(account.user_id)
                )
            )
        ).all()
    assert "passkey_counter_regression" in kinds
    owner = await login_owner(client, tenant)
    r = await client.get(
        "/api/v1/security-events?kind=passkey_counter_regression", headers=owner.headers
    )
    assert r.status_code == 200 and r.json()["items"][0]["count"] == 2
    notices = [
        m for m in await mailbox.messages(account.email) if "counter went backwards" in m["body"]
    ]
    assert len(notices) == 2


async def test_another_tenants_passkey_is_not_found(
    client: httpx.AsyncClient,
    account: Account,
    tenant: TenantInfo,
    make_account: AccountFactory,
    make_tenant: Any,
) -> None:
    device, body = await register(client, account)
    passkey_id = body["passkey"]["id"]
    stranger = await make_account(await make_tenant())
    r = await client.patch(
        f"{PASSKEYS}/{passkey_id}", headers=stranger.headers, json={"name": "mine now"}
    )
    assert_problem(r, 404, "passkey_not_found")
    r = await client.request(
        "DELETE",
        f"{PASSKEYS}/{passkey_id}",
        headers=stranger.headers,
        json={"current_password": stranger.password},
    )
    assert_problem(r, 404, "passkey_not_found")
    assert (await client.get(PASSKEYS, headers=stranger.headers)).json()["items"] == []
    # The credential signs nobody into the other tenant.
    options = await options_for(client, tenant=stranger.tenant_slug)
    r = await client.post(
        AUTH_VERIFY, json={"tenant": stranger.tenant_slug, "credential": device.assert_(options)}
    )
    assert_problem(r, 401, "passkey_invalid")
    # Nor does a colleague's passkey complete this user's second step.
    colleague = await make_account(tenant)
    colleague_device, _ = await register(client, colleague)
    r = await second_factor(client, account, colleague_device)
    assert_problem(r, 401, "passkey_invalid")


async def test_without_a_token_or_with_an_enrolment_only_session(
    client: httpx.AsyncClient, tenant: TenantInfo, clock: MovableClock
) -> None:
    for method, path in (
        ("POST", REG_OPTIONS),
        ("POST", REG_VERIFY),
        ("GET", PASSKEYS),
        ("PATCH", f"{PASSKEYS}/{uuid.uuid4()}"),
        ("DELETE", f"{PASSKEYS}/{uuid.uuid4()}"),
    ):
        r = await client.request(method, path, json={"name": "x"} if method == "PATCH" else None)
        assert_problem(r, 401, "not_authenticated")

    # A tenant requires a factor of admins, past the grace period: the session may only
    # enrol, and registering a passkey is enrolling.
    owner = await login_owner(client, tenant)
    r = await client.put(
        "/api/v1/settings",
        headers=owner.headers,
        json={"mfa_required_roles": ["admin"], "mfa_grace_period_days": 0},
    )
    assert r.status_code == 200, r.text
    admin = await make_member(client, owner, roles=("admin",))
    assert jwt.decode(admin.access_token, options={"verify_signature": False})["scope"]
    assert_problem(
        await client.get(PASSKEYS, headers=admin.headers), 403, "mfa_enrollment_required"
    )
    status = (await client.get(MFA, headers=admin.headers)).json()
    assert status["enrollment_required"] is True
    device, body = await register(client, admin)
    assert len(body["recovery_codes"]) == 10
    status = (await client.get(MFA, headers=admin.headers)).json()
    assert status["enrollment_required"] is False
    # Signed in again with the passkey, the session is a full one.
    r = await second_factor(client, admin, device)
    assert r.status_code == 200, r.text
    full = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert (await client.get(PASSKEYS, headers=full)).status_code == 200


async def test_refused_passkeys_count_toward_the_lockout(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    device, _ = await register(client, account)
    limit = app.state.settings.login_max_failures
    waiting = (await mfa_step(client, account))["mfa_token"]
    waiting_answer = device.assert_(await options_for(client, mfa_token=waiting))
    for _ in range(limit - 2):
        r = await second_factor(client, account, device, origin="https://evil.example")
        assert_problem(r, 401, "passkey_invalid")
    assert_problem(
        await passwordless(client, account, device, rp_id="evil.example"), 401, "passkey_invalid"
    )
    r = await second_factor(client, account, device, origin="https://evil.example")
    assert_problem(r, 401, "passkey_invalid")
    # Locked: the password, the second step and the passkey alone all wait.
    locked = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug, "email": account.email, "password": account.password},
    )
    assert_problem(locked, 429, "too_many_attempts")
    assert int(locked.headers["Retry-After"]) > 0
    assert_problem(await passwordless(client, account, device), 429, "too_many_attempts")
    r = await client.post(AUTH_VERIFY, json={"mfa_token": waiting, "credential": waiting_answer})
    assert_problem(r, 429, "too_many_attempts")
    clock.advance(seconds=app.state.settings.login_lockout_seconds + 1)
    assert (await passwordless(client, account, device)).status_code == 200


async def test_removal_needs_the_password_or_a_recent_sign_in(
    client: httpx.AsyncClient,
    account: Account,
    clock: MovableClock,
    events: EventLog,
    mailbox: Mailbox,
) -> None:
    device, body = await register(client, account)
    passkey_id = body["passkey"]["id"]
    path = f"{PASSKEYS}/{passkey_id}"
    other = (await second_factor(client, account, device)).json()["access_token"]

    clock.advance(minutes=6)
    assert_problem(
        await client.request("DELETE", path, headers=account.headers),
        403,
        "reauthentication_required",
    )
    r = await client.request(
        "DELETE", path, headers=account.headers, json={"current_password": "Wrong-Password-1"}
    )
    assert_problem(r, 422, "invalid_current_password")
    r = await client.request(
        "DELETE", path, headers=account.headers, json={"current_password": account.password}
    )
    assert r.status_code == 204, r.text
    # Every other session ended; the last factor gone, the password alone signs in again.
    assert (await client.get(ME, headers={"Authorization": f"Bearer {other}"})).status_code == 401
    assert (await client.get(ME, headers=account.headers)).status_code == 200
    status = (await client.get(MFA, headers=account.headers)).json()
    assert status["enabled"] is False and status["factors"] == []
    assert status["recovery_codes_left"] == 0
    fresh = await login(client, account.tenant_slug, account.email)
    assert amr_of(fresh.access_token) == ["pwd"]
    r = await client.request(
        "DELETE", path, headers=account.headers, json={"current_password": account.password}
    )
    assert_problem(r, 404, "passkey_not_found")

    # A session signed in moments ago needs no password (a passwordless user has none to give).
    device, body = await register(client, fresh)
    r = await passwordless(client, fresh, device)
    recent = {"Authorization": f"Bearer {r.json()['access_token']}"}
    r = await client.request("DELETE", f"{PASSKEYS}/{body['passkey']['id']}", headers=recent)
    assert r.status_code == 204, r.text

    removed = of(await events.of_type("passkey.removed"), user_id=account.user_id)
    assert [e["data"]["last_factor"] for e in removed] == [True, True]
    assert set(removed[0]["data"]) == {"user_id", "passkey_id", "last_factor"}
    assert of(await events.of_type("user.mfa_disabled"), user_id=account.user_id, factor="passkey")
    assert [m for m in await mailbox.messages(account.email) if "was removed" in m["body"]]


async def test_passkeys_and_an_authenticator_app_together(
    client: httpx.AsyncClient, account: Account, clock: MovableClock, events: EventLog
) -> None:
    await enrol(client, account, clock)
    device, body = await register(client, account)
    assert body["recovery_codes"] is None  # the authenticator app's codes stay
    step = await mfa_step(client, account)
    assert step["methods"] == ["totp", "passkey", "recovery_code"]
    # Removing the app leaves two-step sign-in on, with the passkey.
    r = await client.request(
        "DELETE",
        "/api/v1/auth/mfa/totp",
        headers=account.headers,
        json={"current_password": account.password},
    )
    assert r.status_code == 204, r.text
    status = (await client.get(MFA, headers=account.headers)).json()
    assert status["enabled"] is True and status["recovery_codes_left"] == 10
    assert (await mfa_step(client, account))["methods"] == ["passkey", "recovery_code"]
    assert (await second_factor(client, account, device)).status_code == 200
    assert not of(await events.of_type("user.mfa_disabled"), user_id=account.user_id)


async def test_malformed_answers_are_refused_cleanly(
    client: httpx.AsyncClient, account: Account
) -> None:
    device, _ = await register(client, account)
    options = await options_for(client, tenant=account.tenant_slug)
    good = device.assert_(options)
    tampered = {**good, "response": {**good["response"], "signature": b64url(b"\x30\x00")}}
    r = await client.post(AUTH_VERIFY, json={"tenant": account.tenant_slug, "credential": tampered})
    assert_problem(r, 401, "passkey_invalid")
    for bad in (
        {"tenant": account.tenant_slug, "credential": {**good, "type": "password"}},
        {"tenant": account.tenant_slug, "credential": {**good, "extra": 1}},
        {"tenant": account.tenant_slug, "credential": {"id": "x"}},
        {"credential": good},
    ):
        assert_problem(await client.post(AUTH_VERIFY, json=bad), 422, "validation_error")
    garbage = {
        **good,
        "response": {**good["response"], "clientDataJSON": b64url(b"not json")},
    }
    r = await client.post(AUTH_VERIFY, json={"tenant": account.tenant_slug, "credential": garbage})
    assert_problem(r, 401, "passkey_challenge_invalid")
    r = await client.post(
        REG_VERIFY,
        headers=account.headers,
        json={
            "credential": {
                **Authenticator().register(await registration_options(client, account)),
                "rawId": "AAAA",
            }
        },
    )
    assert_problem(r, 422, "passkey_registration_failed")


async def test_one_answer_sent_at_once_many_times_signs_in_once(
    client: httpx.AsyncClient, account: Account
) -> None:
    device, _ = await register(client, account)
    options = await options_for(client, tenant=account.tenant_slug)
    body = {"tenant": account.tenant_slug, "credential": device.assert_(options)}
    answers = await asyncio.gather(*(client.post(AUTH_VERIFY, json=body) for _ in range(4)))
    assert sorted(r.status_code for r in answers) == [200, 401, 401, 401]
    assert {r.json()["code"] for r in answers if r.status_code == 401} == {
        "passkey_challenge_invalid"
    }


async def test_expired_challenges_are_pruned(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    await registration_options(client, account)
    await options_for(client, tenant=account.tenant_slug)

    async def challenges() -> int:
        async with app.state.db.unit_of_work(
            clock=clock, tenant_id=account.tenant_id, write=False
        ) as uow:
            return int(
                await uow.session.scalar(sa.select(sa.func.count()).select_from(PasskeyChallenge))
                or 0
            )

    assert await challenges() == 2
    clock.advance(days=31)
    async with app.state.db.unit_of_work(clock=clock, system=True) as uow:
        await auth_service.prune_ended_sessions(
            uow, older_than_days=30, idle_timeout_seconds=14 * 86400
        )
    assert await challenges() == 0


async def test_a_disabled_account_is_refused_and_the_challenge_spent(
    client: httpx.AsyncClient, account: Account, tenant: TenantInfo
) -> None:
    device, _ = await register(client, account)
    owner = await login_owner(client, tenant)
    r = await client.delete(f"/api/v1/users/{account.user_id}", headers=owner.headers)
    assert r.status_code in {200, 204}, r.text
    options = await options_for(client, tenant=account.tenant_slug)
    body = {"tenant": account.tenant_slug, "credential": device.assert_(options)}
    assert_problem(await client.post(AUTH_VERIFY, json=body), 401, "account_disabled")
    assert_problem(await client.post(AUTH_VERIFY, json=body), 401, "passkey_challenge_invalid")


async def test_verification_runs_off_the_event_loop(
    client: httpx.AsyncClient, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """py_webauthn's checks (CPU-bound) run in a worker thread, never in the event loop's
    thread; their refusals come back as before."""
    threads: dict[str, list[threading.Thread]] = {"registration": [], "authentication": []}

    def watched(ceremony: str, check: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            threads[ceremony].append(threading.current_thread())
            return check(*args, **kwargs)

        return run

    for ceremony, name in (
        ("registration", "verify_registration_response"),
        ("authentication", "verify_authentication_response"),
    ):
        monkeypatch.setattr(relying_party, name, watched(ceremony, getattr(relying_party, name)))
    loop_thread = threading.current_thread()  # the app runs on this test's event loop

    device, _ = await register(client, account)
    r = await second_factor(client, account, device)
    assert r.status_code == 200, r.text
    r = await passwordless(client, account, device)
    assert r.status_code == 200, r.text
    r = await passwordless(client, account, device, origin="https://evil.example")
    assert_problem(r, 401, "passkey_invalid")

    assert len(threads["registration"]) == 1 and len(threads["authentication"]) == 3
    ran_in = threads["registration"] + threads["authentication"]
    assert loop_thread not in ran_in
    assert all(t.name.startswith("webauthn") for t in ran_in), ran_in
