"""The security event log: what each refusal records (and never records), how repeats add
up instead of adding rows, how long rows are kept, and who may read them."""

import asyncio
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.observability import Metrics
from olympus.platform.security_events import service
from olympus.platform.security_events.models import SecurityEvent, SecurityEventKind
from olympus.platform.security_events.recorder import SecurityEventRecorder
from tests.fixtures.accounts import (
    PASSWORD,
    Account,
    TenantFactory,
    TenantInfo,
    login_owner,
    make_member,
    make_operator,
    try_login,
    unique_email,
)
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem

EVENTS = "/api/v1/security-events"
CLIENT_IP = "203.0.113.10"


async def stored(app: FastAPI, tenant_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every column of every row of the tenant's log, once the recorder has written."""
    await app.state.security_events.flush()
    db: Database = app.state.db
    async with db.unit_of_work(clock=Clock(), write=False, system=True) as uow:
        rows = await uow.session.execute(
            sa.select(SecurityEvent.__table__).where(SecurityEvent.tenant_id == tenant_id)
        )
        return [dict(row._mapping) for row in rows]


def of_kind(rows: list[dict[str, Any]], kind: SecurityEventKind) -> list[dict[str, Any]]:
    return [r for r in rows if r["kind"] == kind.value]


def secret_free(rows: list[dict[str, Any]], *secrets: str) -> bool:
    return not any(s in str(value) for row in rows for value in row.values() for s in secrets)


async def test_a_wrong_password_is_recorded_with_account_and_address_and_no_secret(
    app: FastAPI, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    wrong = "Wrong-Guess-Pencil-17"
    r = await client.post(
        "/api/v1/auth/login",
        json={"tenant": tenant.slug, "email": tenant.owner_email, "password": wrong},
        headers={"User-Agent": "curl/8.0 " + "x" * 400, "X-Request-ID": "req-wrong-1"},
    )
    assert_problem(r, 401, "invalid_credentials")
    rows = await stored(app, tenant.id)
    [event] = of_kind(rows, SecurityEventKind.LOGIN_FAILED)
    assert event["user_id"] == tenant.owner_id
    assert event["account_key"] == f"user:{tenant.owner_id}"
    assert event["ip"] == CLIENT_IP
    assert event["reason"] == "wrong_password"
    assert event["request_id"] == "req-wrong-1"
    assert event["user_agent"].startswith("curl/8.0") and len(event["user_agent"]) == 200
    assert event["email_hint"] == f"o***@{tenant.slug}.example.com"
    assert event["email_hash"] == app.state.security_events.email_digest(tenant.owner_email)
    assert event["count"] == 1
    assert secret_free(rows, wrong, PASSWORD, tenant.owner_email)


async def test_an_unknown_email_is_recorded_by_its_hash_and_an_unknown_tenant_only_counted(
    app: FastAPI, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    email = unique_email("nobody")
    assert (await try_login(client, tenant.slug, email, "Any-Thing-At-All-1")).status_code == 401
    [event] = of_kind(await stored(app, tenant.id), SecurityEventKind.LOGIN_FAILED)
    assert event["user_id"] is None and event["reason"] == "unknown_account"
    assert event["account_key"] == "email:" + event["email_hash"]
    assert email not in str(event)

    metrics: Metrics = app.state.metrics
    labels = {"kind": "login_failed", "outcome": "unattributed"}
    before = metrics.registry.get_sample_value("olympus_security_events_total", labels) or 0
    r = await try_login(client, f"no-such-{uuid.uuid4().hex[:8]}", email, "Any-Thing-At-All-1")
    assert r.status_code == 401
    await app.state.security_events.flush()
    after = metrics.registry.get_sample_value("olympus_security_events_total", labels)
    assert after == before + 1


async def test_a_lockout_is_recorded_and_so_are_the_attempts_it_refuses(
    app: FastAPI, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    for _ in range(app.state.settings.login_max_failures):
        r = await try_login(client, tenant.slug, tenant.owner_email, "Wrong-Guess-Pencil-17")
        assert r.status_code == 401
    assert_problem(
        await try_login(client, tenant.slug, tenant.owner_email), 429, "too_many_attempts"
    )
    rows = await stored(app, tenant.id)
    [locked] = of_kind(rows, SecurityEventKind.ACCOUNT_LOCKED)
    assert locked["user_id"] == tenant.owner_id and locked["ip"] == CLIENT_IP
    failed = of_kind(rows, SecurityEventKind.LOGIN_FAILED)
    by_reason = {r["reason"]: r["count"] for r in failed}
    assert by_reason == {"wrong_password": 5, "locked": 1}


async def test_a_reused_refresh_token_is_recorded(
    app: FastAPI, client: httpx.AsyncClient, account: Account
) -> None:
    body = {"refresh_token": account.refresh_token}
    assert (await client.post("/api/v1/auth/refresh", json=body)).status_code == 200
    assert_problem(await client.post("/api/v1/auth/refresh", json=body), 401, "token_reused")
    [event] = of_kind(await stored(app, account.tenant_id), SecurityEventKind.REFRESH_REUSE)
    assert str(event["user_id"]) == account.user_id and event["ip"] == CLIENT_IP
    assert secret_free([event], account.refresh_token)


async def test_a_refused_permission_is_recorded_with_the_permission_asked(
    app: FastAPI, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    staff = await make_member(client, owner, roles=("staff",))
    assert_problem(
        await client.get("/api/v1/users", headers=staff.headers), 403, "permission_denied"
    )
    assert_problem(
        await client.get("/api/v1/users", headers=staff.headers), 403, "permission_denied"
    )
    [event] = of_kind(await stored(app, tenant.id), SecurityEventKind.PERMISSION_DENIED)
    assert str(event["user_id"]) == staff.user_id
    assert event["permission"] == "users:read"
    assert event["route"] == "GET /api/v1/users"
    assert event["count"] == 2 and event["reason"] == "permission_denied"
    assert secret_free([event], staff.access_token)


async def test_a_revoked_token_of_a_known_account_is_recorded(
    app: FastAPI, client: httpx.AsyncClient, account: Account
) -> None:
    assert (await client.post("/api/v1/auth/logout", headers=account.headers)).status_code == 204
    assert_problem(
        await client.get("/api/v1/auth/me", headers=account.headers), 401, "token_revoked"
    )
    # A token that fails its signature names nobody: nothing to attribute.
    forged = {"Authorization": "Bearer " + account.access_token[:-4] + "AAAA"}
    assert (await client.get("/api/v1/auth/me", headers=forged)).status_code == 401
    [event] = of_kind(await stored(app, account.tenant_id), SecurityEventKind.TOKEN_INVALID)
    assert str(event["user_id"]) == account.user_id and event["reason"] == "token_revoked"
    assert event["count"] == 1 and event["route"] == "GET /api/v1/auth/me"


async def test_a_flood_of_failures_adds_to_a_few_rows_and_other_writers_go_on(
    app: FastAPI, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    flood = 300

    async def attempt() -> int:
        r = await try_login(client, tenant.slug, tenant.owner_email, "Wrong-Guess-Pencil-17")
        return r.status_code

    async def write_meanwhile() -> int:
        await asyncio.sleep(0.05)
        r = await client.put(
            "/api/v1/users/me/preferences", headers=owner.headers, json={"theme": "dark"}
        )
        return r.status_code

    *statuses, written = await asyncio.gather(*(attempt() for _ in range(flood)), write_meanwhile())
    assert set(statuses) <= {401, 429} and written == 200
    rows = [r for r in await stored(app, tenant.id) if r["kind"] != "permission_denied"]
    failed = of_kind(rows, SecurityEventKind.LOGIN_FAILED)
    assert sum(r["count"] for r in failed) == flood
    assert len(rows) <= 3  # wrong passwords, attempts refused while locked, the lockout


async def test_rows_past_the_retention_are_pruned(
    app: FastAPI, client: httpx.AsyncClient, clock: MovableClock, make_tenant: TenantFactory
) -> None:
    old, recent = await make_tenant(), await make_tenant()
    await try_login(client, old.slug, old.owner_email, "Wrong-Guess-Pencil-17")
    await app.state.security_events.flush()
    clock.advance(days=app.state.settings.security_event_retention_days + 1)
    await try_login(client, recent.slug, recent.owner_email, "Wrong-Guess-Pencil-17")
    await app.state.security_events.flush()
    cutoff = clock.now() - timedelta(days=app.state.settings.security_event_retention_days)
    async with app.state.db.unit_of_work(clock=clock, system=True) as uow:
        assert await service.prune(uow, older_than=cutoff) >= 1
    assert await stored(app, old.id) == []
    assert len(await stored(app, recent.id)) == 1


async def test_a_recorder_that_cannot_write_logs_and_never_fails_the_caller(
    tmp_path: Path,
) -> None:
    metrics = Metrics()

    async def scenario() -> None:  # a database of its own
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'missing' / 'x.db'}")
        recorder = SecurityEventRecorder(
            db, Clock(), hash_key=b"k" * 32, window_seconds=3600, metrics=metrics
        )
        recorder.record(SecurityEventKind.LOGIN_FAILED, tenant_slug="shop", email="a@b.example")
        await recorder.stop()
        await db.dispose()

    await scenario()
    labels = {"kind": "login_failed", "outcome": "dropped"}
    assert metrics.registry.get_sample_value("olympus_security_events_total", labels) == 1


# --- reading the log -----------------------------------------------------------------------


async def _failures(client: httpx.AsyncClient, tenant: TenantInfo, app: FastAPI) -> None:
    """Two wrong passwords of the owner from two addresses, one unknown email."""
    for ip in ("198.51.100.7", "198.51.100.8"):
        transport = httpx.ASGITransport(app=app, client=(ip, 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            await try_login(c, tenant.slug, tenant.owner_email, "Wrong-Guess-Pencil-17")
    await try_login(client, tenant.slug, "ghost@example.com", "Wrong-Guess-Pencil-17")
    await app.state.security_events.flush()


async def test_the_api_filters_and_pages(
    app: FastAPI, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    await _failures(client, tenant, app)
    owner = await login_owner(client, tenant)
    h = owner.headers

    r = await client.get(EVENTS, headers=h)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert {i["ip"] for i in items} == {"198.51.100.7", "198.51.100.8", CLIENT_IP}
    assert all(i["kind"] == "login_failed" for i in items)

    r = await client.get(EVENTS, headers=h, params={"address": "198.51.100.7"})
    assert [i["ip"] for i in r.json()["items"]] == ["198.51.100.7"]
    r = await client.get(EVENTS, headers=h, params={"user_id": str(tenant.owner_id)})
    assert len(r.json()["items"]) == 2
    r = await client.get(EVENTS, headers=h, params={"email": "GHOST@example.com"})
    [ghost] = r.json()["items"]
    assert ghost["email_hint"] == "g***@example.com" and ghost["user_id"] is None
    r = await client.get(EVENTS, headers=h, params={"kind": "permission_denied"})
    assert r.json()["items"] == []

    r = await client.get(EVENTS, headers=h, params={"limit": 2})
    first = r.json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    r = await client.get(EVENTS, headers=h, params={"limit": 2, "cursor": first["next_cursor"]})
    assert len(r.json()["items"]) == 1 and r.json()["next_cursor"] is None

    last = max(i["last_seen"] for i in items)
    r = await client.get(EVENTS, headers=h, params={"from": last})
    assert len(r.json()["items"]) >= 1
    r = await client.get(EVENTS, headers=h, params={"to": "2000-01-01T00:00:00Z"})
    assert r.json()["items"] == []
    r = await client.get(
        EVENTS, headers=h, params={"from": "2030-01-02T00:00:00Z", "to": "2030-01-01T00:00:00Z"}
    )
    assert_problem(r, 422, "invalid_filter")
    assert_problem(
        await client.get(EVENTS, headers=h, params={"kind": "nope"}), 422, "validation_error"
    )


async def test_reading_needs_audit_read_and_the_refusal_is_recorded(
    app: FastAPI, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    staff = await make_member(client, owner, roles=("staff",))
    assert_problem(await client.get(EVENTS, headers=staff.headers), 403, "permission_denied")
    assert_problem(await client.get(EVENTS), 401, "not_authenticated")
    await app.state.security_events.flush()  # written after the answer, off its path
    r = await client.get(EVENTS, headers=owner.headers, params={"kind": "permission_denied"})
    [event] = r.json()["items"]
    assert event["permission"] == "audit:read" and event["user_id"] == staff.user_id


async def test_each_tenant_reads_its_own_and_operators_may_read_any(
    app: FastAPI, client: httpx.AsyncClient, clock: MovableClock, make_tenant: TenantFactory
) -> None:
    a, b = await make_tenant(), await make_tenant()
    await _failures(client, a, app)
    b_owner = await login_owner(client, b)
    r = await client.get(EVENTS, headers=b_owner.headers)
    assert r.status_code == 200 and r.json()["items"] == []
    r = await client.get(EVENTS, headers=b_owner.headers, params={"tenant_id": str(a.id)})
    assert_problem(r, 403, "permission_denied")

    operator = await make_operator(app, clock, client)
    r = await client.get(EVENTS, headers=operator.headers, params={"tenant_id": str(a.id)})
    assert r.status_code == 200 and len(r.json()["items"]) == 3
    assert {i["tenant_id"] for i in r.json()["items"]} == {str(a.id)}
    r = await client.get(EVENTS, headers=operator.headers, params={"tenant_id": str(uuid.uuid4())})
    assert_problem(r, 404, "tenant_not_found")


@pytest.mark.parametrize("kind", list(SecurityEventKind))
def test_every_kind_is_documented(kind: SecurityEventKind) -> None:
    docs = (Path(__file__).resolve().parents[3] / "docs" / "SECURITY.md").read_text()
    assert f"`{kind.value}`" in docs
