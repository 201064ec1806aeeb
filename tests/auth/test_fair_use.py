"""Fair use of the authenticated API: every authenticated request counts against a quota per
access token and one per tenant (fixed windows, shared by replicas through Redis). Allowed
answers carry the RateLimit fields; past a quota, 429 with Retry-After. A platform operator
may give a tenant quotas of its own; public routes are not counted."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from olympus.accounts import service as accounts
from olympus.core.clock import Clock
from tests.fixtures.accounts import PASSWORD, Account, login, unique_email
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app
from tests.fixtures.problems import assert_problem

ME = "/api/v1/auth/me"
QUOTAS = {"rate_limit_per_token": 5, "rate_limit_per_tenant": 8}


@asynccontextmanager
async def limited(
    backend: Backend, tmp_path: Path, clock: Clock, prefix: str | None = None, **extra: Any
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    settings = make_settings(backend, tmp_path, **{**QUOTAS, **extra})
    async with running_app(settings, clock, redis_prefix=prefix) as app:
        transport = httpx.ASGITransport(app=app, client=("192.0.2.44", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield app, c


async def _tenant(app: FastAPI, client: httpx.AsyncClient, slug: str | None = None) -> Account:
    """A new tenant; its owner signed in."""
    slug = slug or f"t-{uuid.uuid4().hex[:10]}"
    email = f"owner@{slug}.example.com"
    async with app.state.db.unit_of_work(clock=Clock()) as uow:
        await accounts.create_tenant_with_owner(
            uow, auth=app.state.auth, slug=slug, name="Shop",
            owner_email=email, owner_password=PASSWORD,
        )  # fmt: skip
    return await login(client, slug, email)


async def _operator(app: FastAPI, client: httpx.AsyncClient) -> Account:
    email = unique_email("operator")
    async with app.state.db.unit_of_work(clock=Clock()) as uow:
        await accounts.create_operator(uow, auth=app.state.auth, email=email, password=PASSWORD)
    return await login(client, "platform", email)


async def test_each_token_has_its_quota_with_the_ratelimit_fields(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    async with limited(backend, tmp_path, clock) as (app, client):
        owner = await _tenant(app, client)
        answers = [await client.get(ME, headers=owner.headers) for _ in range(5)]
        assert [r.status_code for r in answers] == [200] * 5
        first, last = answers[0].headers, answers[-1].headers
        assert first["ratelimit-policy"] == '"token";q=5;w=60, "tenant";q=8;w=60'
        token, tenant = first["ratelimit"].split(", ")
        assert token.startswith('"token";r=4;t=') and tenant.startswith('"tenant";r=7;t=')
        assert 1 <= int(token.rsplit("=", 1)[1]) <= 60
        assert last["ratelimit"].startswith('"token";r=0;')

        r = await client.get(ME, headers=owner.headers)
        body = assert_problem(r, 429, "too_many_requests")
        assert body["violated_policies"] == ["token"]
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert r.headers["ratelimit"].startswith('"token";r=0;')
        assert "ratelimit-policy" in r.headers
        # Any route behind the token, not only /auth/me; another session has its own quota.
        assert (await client.get("/api/v1/settings", headers=owner.headers)).status_code == 429
        other = await login(client, owner.tenant_slug, owner.email)
        assert (await client.get(ME, headers=other.headers)).status_code == 200

        clock.advance(seconds=60)  # the next window
        assert (await client.get(ME, headers=owner.headers)).status_code == 200

        # The refusals are in the tenant's security event log.
        await app.state.security_events.flush()
        r = await client.get(
            "/api/v1/security-events", headers=other.headers, params={"kind": "rate_limited"}
        )
        [event] = r.json()["items"]
        assert event["user_id"] == owner.user_id and event["count"] == 2


async def test_a_tenant_has_a_quota_over_all_its_tokens(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    async with limited(backend, tmp_path, clock) as (app, client):
        clock.advance(seconds=60)  # a fresh window: quotas above are counted per window
        owner = await _tenant(app, client)
        second = await login(client, owner.tenant_slug, owner.email)
        statuses = []
        for i in range(9):
            who = owner if i % 2 == 0 else second
            statuses.append((await client.get(ME, headers=who.headers)).status_code)
        assert statuses == [200] * 8 + [429]
        r = await client.get(ME, headers=second.headers)
        assert assert_problem(r, 429, "too_many_requests")["violated_policies"] == ["tenant"]
        neighbour = await _tenant(app, client)  # another tenant is not affected
        assert (await client.get(ME, headers=neighbour.headers)).status_code == 200


async def test_an_operator_gives_a_tenant_its_own_quotas(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    async with limited(backend, tmp_path, clock) as (app, client):
        clock.advance(seconds=60)
        owner = await _tenant(app, client)
        operator = await _operator(app, client)
        path = f"/api/v1/tenants/{owner.tenant_id}/rate-limits"

        r = await client.get(path, headers=owner.headers)  # the owner reads their own
        assert r.json() == {
            "per_token": 5, "per_tenant": 8, "window_seconds": 60,
            "overrides": {"per_token": None, "per_tenant": None},
        }  # fmt: skip
        r = await client.put(path, headers=owner.headers, json={"per_token": 1000})
        assert_problem(r, 403, "permission_denied")
        r = await client.put(path, headers=operator.headers, json={"per_token": 0})
        assert_problem(r, 422, "validation_error")
        r = await client.put(path, headers=operator.headers, json={"per_token": "7"})
        assert_problem(r, 422, "validation_error")
        r = await client.put(path, headers=operator.headers, json={"per_tenant": 5, "x": 1})
        assert_problem(r, 422, "validation_error")

        r = await client.put(
            path, headers=operator.headers, json={"per_token": 3, "per_tenant": 50}
        )
        assert r.status_code == 200, r.text
        assert r.json()["per_token"] == 3 and r.json()["overrides"]["per_tenant"] == 50
        fresh = await login(client, owner.tenant_slug, owner.email)  # a token unused so far
        statuses = [(await client.get(ME, headers=fresh.headers)).status_code for _ in range(3)]
        r = await client.get(ME, headers=fresh.headers)
        assert statuses == [200] * 3 and r.status_code == 429
        assert r.headers["ratelimit-policy"] == '"token";q=3;w=60, "tenant";q=50;w=60'

        r = await client.put(path, headers=operator.headers, json={"per_token": None})
        assert r.json()["per_token"] == 5 and r.json()["overrides"]["per_tenant"] is None
        assert (await client.get(ME, headers=fresh.headers)).status_code == 200  # 5th of 5

        operator = await login(client, "platform", operator.email)  # its own quota is spent
        r = await client.get(
            "/api/v1/audit-logs", headers=operator.headers,
            params={"action": "tenant.rate_limits_updated"},
        )  # fmt: skip
        assert len(r.json()["items"]) == 2
        assert r.json()["items"][1]["changes"]["per_token"] == {"from": None, "to": 3}
        missing = f"/api/v1/tenants/{uuid.uuid4()}/rate-limits"
        assert_problem(await client.get(missing, headers=operator.headers), 404, "tenant_not_found")


async def test_public_routes_are_not_counted(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    async with limited(backend, tmp_path, clock) as (app, client):
        owner = await _tenant(app, client)
        for _ in range(8):
            r = await client.get("/health")
            assert r.status_code == 200 and "ratelimit" not in r.headers
            assert (await login(client, owner.tenant_slug, owner.email)).access_token
        assert (await client.get(ME, headers=owner.headers)).status_code == 200


async def test_switched_off_nothing_is_counted(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    async with limited(backend, tmp_path, clock, rate_limit_enabled=False) as (app, client):
        owner = await _tenant(app, client)
        for _ in range(10):
            r = await client.get(ME, headers=owner.headers)
            assert r.status_code == 200 and "ratelimit" not in r.headers


async def test_replicas_share_the_quotas_through_redis(
    backend: Backend, tmp_path: Path, clock: MovableClock
) -> None:
    if not backend.is_postgres:
        return  # one process without Redis: nothing to share
    prefix = f"olympus-test-{uuid.uuid4().hex[:8]}:"
    async with (
        limited(backend, tmp_path / "a", clock, prefix) as (one, client_one),
        limited(backend, tmp_path / "b", clock, prefix) as (_, client_two),
    ):
        clock.advance(seconds=60)
        owner = await _tenant(one, client_one)
        statuses = []
        for i in range(6):
            client = client_one if i % 2 == 0 else client_two
            statuses.append((await client.get(ME, headers=owner.headers)).status_code)
        assert statuses == [200] * 5 + [429]
