"""The TOTP second factor: enrolment (setup, confirm, recovery codes), the two-step sign-in
(`mfa_token` + code) and every refusal on the way, and removal with the password."""

import asyncio
import uuid
from typing import Any

import httpx
import jwt
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.auth import service as auth_service
from olympus.auth import totp
from olympus.auth.models import MfaChallenge, MfaFactor, RecoveryCode
from tests.fixtures.accounts import Account, login
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, of
from tests.fixtures.problems import assert_problem

MFA = "/api/v1/auth/mfa"
SETUP = "/api/v1/auth/mfa/totp/setup"
CONFIRM = "/api/v1/auth/mfa/totp/confirm"
TOTP = "/api/v1/auth/mfa/totp"
VERIFY = "/api/v1/auth/mfa/verify"
LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
ME = "/api/v1/auth/me"


def code_now(secret: str, clock: MovableClock) -> str:
    return totp.code_at(secret, clock.now())


def next_step(clock: MovableClock) -> None:
    """Move to the next 30-second step: a code accepted once is never accepted again."""
    clock.advance(seconds=totp.STEP_SECONDS)


async def enrol(client: httpx.AsyncClient, account: Account, clock: MovableClock) -> dict[str, Any]:
    """Set up and confirm an authenticator: its secret and the recovery codes."""
    r = await client.post(SETUP, headers=account.headers)
    assert r.status_code == 200, r.text
    secret = r.json()["secret"]
    r = await client.post(CONFIRM, headers=account.headers, json={"code": code_now(secret, clock)})
    assert r.status_code == 200, r.text
    next_step(clock)
    return {"secret": secret, "recovery_codes": r.json()["recovery_codes"]}


async def first_step(client: httpx.AsyncClient, account: Account) -> str:
    r = await client.post(
        LOGIN,
        json={"tenant": account.tenant_slug, "email": account.email, "password": account.password},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["mfa_required"] is True
    assert "access_token" not in body and "refresh_token" not in body
    assert body["methods"] == ["totp", "recovery_code"]
    assert 0 < body["expires_in"] <= 300
    token: str = body["mfa_token"]
    return token


async def verify(client: httpx.AsyncClient, mfa_token: str, code: str) -> httpx.Response:
    return await client.post(VERIFY, json={"mfa_token": mfa_token, "code": code})


async def test_setup_is_inactive_until_confirmed(
    client: httpx.AsyncClient, account: Account, clock: MovableClock, app: FastAPI
) -> None:
    r = await client.post(SETUP, headers=account.headers)
    assert r.status_code == 200, r.text
    setup = r.json()
    assert set(setup) == {"secret", "otpauth_uri"}
    assert setup["otpauth_uri"].startswith("otpauth://totp/")
    assert f"secret={setup['secret']}" in setup["otpauth_uri"]

    r = await client.get(MFA, headers=account.headers)
    assert r.json() == {
        "enabled": False,
        "factors": [],
        "totp_setup_pending": True,
        "recovery_codes_left": 0,
        "enrollment_required": False,
        "enrollment_deadline": None,
    }
    # Not active yet: the password alone still signs in.
    assert (await login(client, account.tenant_slug, account.email)).access_token
    # The secret is stored sealed, never in clear.
    async with app.state.db.unit_of_work(clock=clock, tenant_id=account.tenant_id) as uow:
        sealed = await uow.session.scalar(
            sa.select(MfaFactor.secret_encrypted).where(
                MfaFactor.user_id == uuid.UUID(account.user_id)
            )
        )
    assert sealed and setup["secret"] not in sealed


async def test_confirm_refusals(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    r = await client.post(CONFIRM, headers=account.headers, json={"code": "123456"})
    assert_problem(r, 409, "mfa_setup_not_started")
    secret = (await client.post(SETUP, headers=account.headers)).json()["secret"]
    wrong = f"{(int(code_now(secret, clock)) + 1) % 1_000_000:06d}"
    r = await client.post(CONFIRM, headers=account.headers, json={"code": wrong})
    assert_problem(r, 422, "invalid_totp_code")
    r = await client.post(CONFIRM, headers=account.headers, json={"code": "12", "extra": 1})
    assert_problem(r, 422, "validation_error")
    assert (await client.get(MFA, headers=account.headers)).json()["enabled"] is False


async def test_confirm_answers_ten_recovery_codes_once(
    client: httpx.AsyncClient, account: Account, clock: MovableClock, app: FastAPI, events: EventLog
) -> None:
    enrolled = await enrol(client, account, clock)
    codes = enrolled["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10

    r = await client.get(MFA, headers=account.headers)
    body = r.json()
    assert body["enabled"] is True and body["recovery_codes_left"] == 10
    assert [f["type"] for f in body["factors"]] == ["totp"]
    assert enrolled["secret"] not in r.text
    # Stored as hashes only.
    async with app.state.db.unit_of_work(clock=clock, tenant_id=account.tenant_id) as uow:
        hashes = (await uow.session.scalars(sa.select(RecoveryCode.code_hash))).all()
    assert not set(codes) & set(hashes)
    # A second enrolment needs the first removed.
    assert_problem(await client.post(SETUP, headers=account.headers), 409, "mfa_already_enrolled")
    enabled = await events.of_type("user.mfa_enabled")
    assert of(enabled, user_id=account.user_id)


async def test_sign_in_takes_two_steps_and_the_token_says_so(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    secret = (await enrol(client, account, clock))["secret"]

    mfa_token = await first_step(client, account)
    r = await verify(client, mfa_token, code_now(secret, clock))
    assert r.status_code == 200, r.text
    pair = r.json()
    assert pair["user"]["id"] == account.user_id
    claims = jwt.decode(pair["access_token"], options={"verify_signature": False})
    assert claims["amr"] == ["pwd", "otp"]
    assert (
        await client.get(ME, headers={"Authorization": f"Bearer {pair['access_token']}"})
    ).is_success
    # A refreshed token keeps how the session signed in.
    r = await client.post(REFRESH, json={"refresh_token": pair["refresh_token"]})
    assert r.status_code == 200, r.text
    refreshed = jwt.decode(r.json()["access_token"], options={"verify_signature": False})
    assert refreshed["amr"] == ["pwd", "otp"]
    # The password alone gives no token.
    plain = jwt.decode(account.access_token, options={"verify_signature": False})
    assert plain["amr"] == ["pwd"]


async def test_a_code_is_accepted_once(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    secret = (await enrol(client, account, clock))["secret"]
    code = code_now(secret, clock)
    assert (await verify(client, await first_step(client, account), code)).status_code == 200
    replay = await verify(client, await first_step(client, account), code)
    assert_problem(replay, 401, "invalid_mfa_code")
    # The code used to confirm the enrolment was spent too (its step is behind).
    next_step(clock)
    assert (
        await verify(client, await first_step(client, account), code_now(secret, clock))
    ).status_code == 200


async def test_mfa_token_works_once_and_expires(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    secret = (await enrol(client, account, clock))["secret"]
    mfa_token = await first_step(client, account)
    assert (await verify(client, mfa_token, code_now(secret, clock))).status_code == 200
    next_step(clock)
    assert_problem(
        await verify(client, mfa_token, code_now(secret, clock)), 401, "invalid_mfa_token"
    )

    late = await first_step(client, account)
    clock.advance(seconds=301)
    assert_problem(await verify(client, late, code_now(secret, clock)), 401, "invalid_mfa_token")
    for bogus in ("nonsense", f"{uuid.uuid4().hex}.{'x' * 43}", account.refresh_token):
        assert_problem(await verify(client, bogus, "123456"), 401, "invalid_mfa_token")
    r = await client.post(VERIFY, json={"mfa_token": late})
    assert_problem(r, 422, "validation_error")


async def test_a_recovery_code_works_once(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    codes = (await enrol(client, account, clock))["recovery_codes"]
    r = await verify(client, await first_step(client, account), codes[0].upper())
    assert r.status_code == 200, r.text
    claims = jwt.decode(r.json()["access_token"], options={"verify_signature": False})
    assert claims["amr"] == ["pwd", "otp"]
    reused = await verify(client, await first_step(client, account), codes[0])
    assert_problem(reused, 401, "invalid_mfa_code")
    status = (await client.get(MFA, headers=account.headers)).json()
    assert status["recovery_codes_left"] == 9


async def test_wrong_codes_count_toward_the_lockout(
    client: httpx.AsyncClient, account: Account, clock: MovableClock, app: FastAPI
) -> None:
    secret = (await enrol(client, account, clock))["secret"]
    right = code_now(secret, clock)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    limit = app.state.settings.login_max_failures
    mfa_token = await first_step(client, account)
    for _ in range(limit - 1):
        assert_problem(await verify(client, mfa_token, wrong), 401, "invalid_mfa_code")
    # A new first step does not clear the failures on record.
    mfa_token = await first_step(client, account)
    assert_problem(await verify(client, mfa_token, "not-a-recovery-code"), 401, "invalid_mfa_code")
    locked = await verify(client, mfa_token, right)
    assert_problem(locked, 429, "too_many_attempts")
    assert int(locked.headers["Retry-After"]) > 0
    clock.advance(seconds=app.state.settings.login_lockout_seconds + 1)


async def test_a_wrong_code_leaves_the_step_open_for_the_right_one(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    secret = (await enrol(client, account, clock))["secret"]
    mfa_token = await first_step(client, account)
    wrong = f"{(int(code_now(secret, clock)) + 500_000) % 1_000_000:06d}"
    assert_problem(await verify(client, mfa_token, wrong), 401, "invalid_mfa_code")
    r = await verify(client, mfa_token, code_now(secret, clock))
    assert r.status_code == 200, r.text


async def test_removing_the_authenticator_needs_the_password(
    client: httpx.AsyncClient, account: Account, clock: MovableClock, events: EventLog
) -> None:
    secret = (await enrol(client, account, clock))["secret"]
    r = await verify(client, await first_step(client, account), code_now(secret, clock))
    other = r.json()["access_token"]

    assert_problem(
        await client.request("DELETE", TOTP, headers=account.headers), 422, "validation_error"
    )
    r = await client.request(
        "DELETE", TOTP, headers=account.headers, json={"current_password": "Wrong-Password-123"}
    )
    assert_problem(r, 422, "invalid_current_password")
    assert (await client.get(MFA, headers=account.headers)).json()["enabled"] is True
    assert_problem(
        await client.request("DELETE", TOTP, json={"current_password": "x"}),
        401,
        "not_authenticated",
    )

    r = await client.request(
        "DELETE", TOTP, headers=account.headers, json={"current_password": account.password}
    )
    assert r.status_code == 204, r.text
    # Every other session ended; this one carries on.
    assert (await client.get(ME, headers={"Authorization": f"Bearer {other}"})).status_code == 401
    assert (await client.get(ME, headers=account.headers)).status_code == 200
    assert (await client.get(MFA, headers=account.headers)).json()["enabled"] is False
    # The password alone signs in again.
    again = await login(client, account.tenant_slug, account.email)
    assert again.access_token
    r = await client.request(
        "DELETE", TOTP, headers=account.headers, json={"current_password": account.password}
    )
    assert_problem(r, 404, "mfa_not_enrolled")
    assert of(await events.of_type("user.mfa_disabled"), user_id=account.user_id)


async def test_mfa_endpoints_need_a_bearer_token(client: httpx.AsyncClient) -> None:
    for method, path in (("GET", MFA), ("POST", SETUP), ("POST", CONFIRM)):
        r = await client.request(method, path, json={"code": "123456"} if path == CONFIRM else None)
        assert r.status_code == 401, (path, r.text)


async def test_one_code_sent_at_once_to_many_steps_signs_in_once(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    secret = (await enrol(client, account, clock))["secret"]
    tokens = [await first_step(client, account) for _ in range(4)]
    code = code_now(secret, clock)
    answers = await asyncio.gather(*(verify(client, t, code) for t in tokens))
    assert sorted(r.status_code for r in answers) == [200, 401, 401, 401]
    for r in answers:
        if r.status_code == 401:
            assert r.json()["code"] == "invalid_mfa_code"


async def test_one_step_sent_at_once_many_times_signs_in_once(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    codes = (await enrol(client, account, clock))["recovery_codes"]
    mfa_token = await first_step(client, account)
    answers = await asyncio.gather(*(verify(client, mfa_token, c) for c in codes[:4]))
    assert sorted(r.status_code for r in answers) == [200, 401, 401, 401]
    assert {r.json()["code"] for r in answers if r.status_code == 401} == {"invalid_mfa_token"}
    # Only the winner's recovery code was spent.
    assert (await client.get(MFA, headers=account.headers)).json()["recovery_codes_left"] == 9


async def test_expired_steps_are_pruned(
    client: httpx.AsyncClient, account: Account, clock: MovableClock, app: FastAPI
) -> None:
    await enrol(client, account, clock)
    await first_step(client, account)

    async def steps() -> int:
        async with app.state.db.unit_of_work(
            clock=clock, tenant_id=account.tenant_id, write=False
        ) as uow:
            return int(
                await uow.session.scalar(sa.select(sa.func.count()).select_from(MfaChallenge)) or 0
            )

    assert await steps() == 1
    clock.advance(days=31)
    async with app.state.db.unit_of_work(clock=clock, system=True) as uow:
        await auth_service.prune_ended_sessions(
            uow, older_than_days=30, idle_timeout_seconds=14 * 86400
        )
    assert await steps() == 0
