"""POST /api/v1/auth/refresh: rotation, reuse detection (a spent token revokes its whole
session), concurrent use of one token, and the session's idle and absolute lifetimes."""

import asyncio
import uuid
from typing import Any

import httpx
import jwt
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.auth.models import AuthSession, RefreshToken
from olympus.auth.tokens import hash_token
from tests.fixtures.accounts import PASSWORD, Account, AccountFactory, TenantInfo, login_owner
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem
from tests.fixtures.statements import own_work, statements

REFRESH = "/api/v1/auth/refresh"
ME = "/api/v1/auth/me"
DAY = 86400.0


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sid_of(access_token: str) -> str:
    sid: str = jwt.decode(access_token, options={"verify_signature": False})["sid"]
    return sid


async def refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post(REFRESH, json={"refresh_token": token})


async def load_session(
    app: FastAPI, clock: MovableClock, account: Account
) -> tuple[AuthSession, list[RefreshToken]]:
    async with app.state.db.unit_of_work(
        clock=clock, tenant_id=account.tenant_id, write=False
    ) as uow:
        session = await uow.session.get(
            AuthSession, (account.tenant_id, uuid.UUID(account.session_id))
        )
        assert session is not None
        stmt = sa.select(RefreshToken).where(RefreshToken.session_id == session.id)
        tokens = list((await uow.session.scalars(stmt)).all())
    return session, tokens


def assert_refused(r: httpx.Response, code: str) -> None:
    assert_problem(r, 401, code)
    assert r.headers["www-authenticate"] == "Bearer"


async def test_refresh_rotates_the_pair(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    r = await refresh(client, account.refresh_token)
    assert r.status_code == 200, r.text
    pair = r.json()
    assert set(pair) == {
        "access_token",
        "refresh_token",
        "token_type",
        "expires_in",
        "refresh_expires_in",
    }
    assert pair["token_type"] == "Bearer"
    assert pair["expires_in"] == 900
    assert pair["refresh_token"] != account.refresh_token
    assert pair["access_token"] != account.access_token
    # Same session, same user.
    assert sid_of(pair["access_token"]) == account.session_id
    r = await client.get(ME, headers=bearer(pair["access_token"]))
    assert r.status_code == 200
    assert r.json()["id"] == account.user_id

    # The database keeps only hashes; the old one is spent, the new one is live.
    _, tokens = await load_session(app, clock, account)
    by_hash = {t.token_hash: t for t in tokens}
    assert set(by_hash) == {hash_token(account.refresh_token), hash_token(pair["refresh_token"])}
    assert by_hash[hash_token(account.refresh_token)].spent_at is not None
    assert by_hash[hash_token(pair["refresh_token"])].spent_at is None
    assert all(account.refresh_token not in t.token_hash for t in tokens)


async def test_a_chain_of_rotations_keeps_one_live_token(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    token = account.refresh_token
    for _ in range(4):
        r = await refresh(client, token)
        assert r.status_code == 200, r.text
        token = r.json()["refresh_token"]
    _, tokens = await load_session(app, clock, account)
    assert len(tokens) == 5
    assert [t.token_hash for t in tokens if t.spent_at is None] == [hash_token(token)]


async def test_rotation_does_not_extend_the_absolute_lifetime(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    clock.advance(days=2)
    r = await refresh(client, account.refresh_token)
    assert r.status_code == 200, r.text
    remaining = r.json()["refresh_expires_in"]
    assert 28 * DAY - 60 <= remaining <= 28 * DAY


async def test_refresh_records_when_the_session_was_last_used(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    before, _ = await load_session(app, clock, account)
    clock.advance(hours=3)
    r = await refresh(client, account.refresh_token)
    assert r.status_code == 200
    after, _ = await load_session(app, clock, account)
    assert (after.last_used_at - before.last_used_at).total_seconds() >= 3 * 3600


async def test_a_spent_token_is_refused_and_revokes_the_session(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    r = await refresh(client, account.refresh_token)
    assert r.status_code == 200
    newest = r.json()

    r = await refresh(client, account.refresh_token)
    assert_refused(r, "token_reused")

    # The whole family is dead: the newest refresh token and every access token.
    assert_refused(await refresh(client, newest["refresh_token"]), "token_revoked")
    assert_refused(await client.get(ME, headers=bearer(newest["access_token"])), "token_revoked")
    assert_refused(await client.get(ME, headers=account.headers), "token_revoked")

    session, _ = await load_session(app, clock, account)
    assert session.revoked_at is not None
    assert session.revoked_reason == "token_reused"


async def test_a_spent_token_presented_again_is_still_a_reuse(
    client: httpx.AsyncClient, account: Account
) -> None:
    assert (await refresh(client, account.refresh_token)).status_code == 200
    for _ in range(3):
        assert_refused(await refresh(client, account.refresh_token), "token_reused")


async def test_reuse_revokes_only_that_session(client: httpx.AsyncClient, account: Account) -> None:
    r = await client.post(
        "/api/v1/auth/login",
        json={"tenant": account.tenant_slug, "email": account.email, "password": PASSWORD},
    )
    other = r.json()
    assert (await refresh(client, account.refresh_token)).status_code == 200
    assert_refused(await refresh(client, account.refresh_token), "token_reused")

    assert (await client.get(ME, headers=bearer(other["access_token"]))).status_code == 200
    assert (await refresh(client, other["refresh_token"])).status_code == 200


async def test_reuse_publishes_no_new_pair_and_no_token_in_the_answer(
    client: httpx.AsyncClient, account: Account
) -> None:
    assert (await refresh(client, account.refresh_token)).status_code == 200
    r = await refresh(client, account.refresh_token)
    assert_refused(r, "token_reused")
    assert "access_token" not in r.json()
    assert "refresh_token" not in r.json()


async def test_concurrent_refreshes_of_one_token_let_exactly_one_through(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    responses = await asyncio.gather(*(refresh(client, account.refresh_token) for _ in range(10)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [401] * 9, [r.text for r in responses]
    for r in responses:
        if r.status_code == 401:
            assert_refused(r, "token_reused")
    winner = next(r for r in responses if r.status_code == 200).json()

    # The concurrent use is a reuse: the session is revoked, so not even the winner's new
    # token is valid; there are never two live refresh tokens of this session.
    session, tokens = await load_session(app, clock, account)
    assert session.revoked_at is not None
    assert session.revoked_reason == "token_reused"
    live = [t for t in tokens if t.spent_at is None]
    assert [t.token_hash for t in live] == [hash_token(winner["refresh_token"])]
    assert_refused(await refresh(client, winner["refresh_token"]), "token_revoked")
    assert_refused(await client.get(ME, headers=bearer(winner["access_token"])), "token_revoked")


async def test_concurrent_refreshes_of_different_sessions_all_succeed(
    client: httpx.AsyncClient, make_account: AccountFactory, tenant: TenantInfo
) -> None:
    accounts = [await make_account(tenant) for _ in range(5)]
    responses = await asyncio.gather(*(refresh(client, a.refresh_token) for a in accounts))
    assert [r.status_code for r in responses] == [200] * 5, [r.text for r in responses]


def _unknown_secret(account: Account) -> str:
    tenant_hex, _, _ = account.refresh_token.partition(".")
    return f"{tenant_hex}.{'Q' * 43}"


def _unknown_tenant(account: Account) -> str:
    _, _, secret = account.refresh_token.partition(".")
    return f"{uuid.uuid4().hex}.{secret}"


def _other_tenant_of_token(account: Account) -> str:
    """The secret part of a real token moved under another real id (the user's own, which
    names no tenant)."""
    _, _, secret = account.refresh_token.partition(".")
    return f"{uuid.UUID(account.user_id).hex}.{secret}"


GARBAGE: dict[str, Any] = {
    "a word": lambda a: "garbage",
    "a dot": lambda a: ".",
    "not hex tenant": lambda a: "z" * 32 + "." + "a" * 43,
    "short secret": lambda a: a.refresh_token[:40],
    "unknown secret": _unknown_secret,
    "unknown tenant": _unknown_tenant,
    "another id as tenant": _other_tenant_of_token,
    "extra character": lambda a: a.refresh_token + "x",
    "the access token": lambda a: a.access_token,
    "very long": lambda a: a.refresh_token + "a" * 300,
}


@pytest.mark.parametrize("kind", list(GARBAGE), ids=list(GARBAGE))
async def test_a_token_that_is_not_ours_is_invalid_token(
    client: httpx.AsyncClient, account: Account, kind: str
) -> None:
    r = await refresh(client, GARBAGE[kind](account))
    assert_refused(r, "invalid_token")
    # A failed guess does not disturb the real session.
    assert (await client.get(ME, headers=account.headers)).status_code == 200


@pytest.mark.parametrize(
    "body",
    [{}, {"refresh_token": ""}, {"refresh_token": 7}, {"refresh_token": "x" * 513}, {"token": "x"}],
)
async def test_a_malformed_refresh_body_is_422(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    assert_problem(await client.post(REFRESH, json=body), 422, "validation_error")


async def test_refresh_after_the_idle_timeout_is_session_expired(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    clock.advance(days=14, seconds=1)
    assert_refused(await refresh(client, account.refresh_token), "session_expired")
    session, _ = await load_session(app, clock, account)
    assert session.revoked_at is not None


async def test_refresh_just_inside_the_idle_timeout_works(
    client: httpx.AsyncClient, account: Account, clock: MovableClock
) -> None:
    clock.advance(days=14, seconds=-60)
    assert (await refresh(client, account.refresh_token)).status_code == 200


async def test_refresh_after_the_absolute_lifetime_is_session_expired(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    """Used often enough never to be idle, the session still ends after 30 days."""
    token = account.refresh_token
    for step in ({"days": 10}, {"days": 10}, {"days": 10, "minutes": -5}):
        clock.advance(**step)
        r = await refresh(client, token)
        assert r.status_code == 200, r.text
        token = r.json()["refresh_token"]
    assert 0 < r.json()["refresh_expires_in"] <= 300
    clock.advance(minutes=6)
    r = await refresh(client, token)
    assert_refused(r, "session_expired")
    session, _ = await load_session(app, clock, account)
    assert session.revoked_at is not None


async def test_refresh_after_logout_is_refused(client: httpx.AsyncClient, account: Account) -> None:
    r = await client.post("/api/v1/auth/logout", headers=account.headers)
    assert r.status_code == 204
    assert_refused(await refresh(client, account.refresh_token), "token_revoked")


async def test_refresh_in_a_suspended_tenant_is_refused(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    from olympus.platform.tenants.models import Tenant

    async with app.state.db.unit_of_work(clock=clock) as uow:
        tenant = await uow.session.get(Tenant, account.tenant_id)
        assert tenant is not None
        tenant.status = "suspended"
    r = await refresh(client, account.refresh_token)
    assert r.status_code == 401, r.text
    assert r.headers["www-authenticate"] == "Bearer"


async def test_a_refused_refresh_leaves_the_token_unspent(
    client: httpx.AsyncClient, account: Account, app: FastAPI, clock: MovableClock
) -> None:
    """Refusing for the session's sake (here: it was logged out) changes nothing: the spend
    is rolled back with the refusal."""
    r = await client.post("/api/v1/auth/logout", headers=account.headers)
    assert r.status_code == 204
    assert_refused(await refresh(client, account.refresh_token), "token_revoked")
    _, tokens = await load_session(app, clock, account)
    assert [(t.token_hash, t.spent_at) for t in tokens] == [
        (hash_token(account.refresh_token), None)
    ]


async def test_a_session_idle_longer_than_five_minutes_follows_the_tenants_timeout(
    client: httpx.AsyncClient, tenant: TenantInfo, app: FastAPI, clock: MovableClock
) -> None:
    """Past the shortest timeout a tenant may set, the tenant's own one decides."""
    owner = await login_owner(client, tenant)
    r = await client.put(
        "/api/v1/settings",
        headers=owner.headers,
        json={"session_idle_timeout_minutes": 10},
    )
    assert r.status_code == 200, r.text
    clock.advance(minutes=9)
    r = await refresh(client, owner.refresh_token)
    assert r.status_code == 200, r.text
    token = r.json()["refresh_token"]
    clock.advance(minutes=10, seconds=1)
    assert_refused(await refresh(client, token), "session_expired")


async def test_a_refresh_of_another_tenants_session_is_invalid(
    client: httpx.AsyncClient, make_account: AccountFactory, make_tenant: Any
) -> None:
    """A token moved under another real tenant's id finds nothing there (row-level security
    and the tenant bound in every statement): invalid, and the owner's session lives on."""
    a = await make_account(await make_tenant())
    b_tenant = await make_tenant()
    _, _, secret = a.refresh_token.partition(".")
    assert_refused(await refresh(client, f"{b_tenant.id.hex}.{secret}"), "invalid_token")
    assert (await refresh(client, a.refresh_token)).status_code == 200


async def test_on_postgresql_a_refresh_goes_by_the_driver_connection(
    client: httpx.AsyncClient, account: Account, app: FastAPI, is_postgres: bool
) -> None:
    """The hottest write skips the ORM session: on PostgreSQL its success path sends no
    statement through the engine (it is one statement on the driver's connection); SQLite
    takes the unit-of-work path."""
    await app.state.auth.drain()  # the sign-in's background work (new-device check)
    with statements(app.state.db) as seen:
        r = await refresh(client, account.refresh_token)
    assert r.status_code == 200, r.text
    if is_postgres:
        assert own_work(seen) == [], seen
    else:
        assert any("UPDATE refresh_tokens" in s for s in seen), seen
