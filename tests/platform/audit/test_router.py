"""The audit log: what gets written, how it is read, and that only the retention prune ever
removes rows."""

import uuid
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy.exc import DBAPIError

from olympus.accounts import retention
from olympus.core.db import Database
from olympus.platform.audit import service as audit
from olympus.platform.audit.models import AuditLog
from tests.fixtures.accounts import PASSWORD, Account, TenantFactory, TenantInfo
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem


async def _owner_headers(client: httpx.AsyncClient, tenant: TenantInfo) -> dict[str, str]:
    r = await client.post(
        "/api/v1/auth/login",
        json={"tenant": tenant.slug, "email": tenant.owner_email, "password": PASSWORD},
    )
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def test_mutations_by_an_actor_leave_rows_without_secrets(
    client: httpx.AsyncClient, tenant: TenantInfo, account: Account
) -> None:
    r = await client.post(
        "/api/v1/auth/password/change",
        headers=account.headers,
        json={"current_password": account.password, "new_password": "Fresh-Orchard-Kite-51"},
    )
    assert r.status_code == 204
    owner = await _owner_headers(client, tenant)
    r = await client.post(
        "/api/v1/roles", headers=owner, json={"name": "auditor", "permissions": ["audit:read"]}
    )
    assert r.status_code == 201
    role_id = r.json()["id"]

    r = await client.get("/api/v1/audit-logs", headers=owner)
    assert r.status_code == 200
    rows = r.json()["items"]
    actions = [row["action"] for row in rows]
    assert actions[:2] == ["role.created", "auth.password_change"]  # newest first
    created = rows[0]
    assert created["actor_id"] == str(tenant.owner_id)
    assert created["target_type"] == "role" and created["target_id"] == role_id
    assert created["changes"]["permissions"] == ["audit:read"]
    assert created["request_id"] and created["ip"] == "203.0.113.10"
    assert rows[1]["actor_id"] == account.user_id
    assert "Fresh-Orchard-Kite-51" not in r.text and account.password not in r.text


async def test_filters_and_pagination(client: httpx.AsyncClient, tenant: TenantInfo) -> None:
    owner = await _owner_headers(client, tenant)
    for i in range(3):
        r = await client.post(
            "/api/v1/roles", headers=owner, json={"name": f"r{i}", "permissions": []}
        )
        assert r.status_code == 201
    r = await client.get("/api/v1/audit-logs?action=role.*&limit=2", headers=owner)
    page = r.json()
    assert [row["action"] for row in page["items"]] == ["role.created"] * 2
    r = await client.get(
        f"/api/v1/audit-logs?action=role.created&limit=2&cursor={page['next_cursor']}",
        headers=owner,
    )
    assert len(r.json()["items"]) == 1 and r.json()["next_cursor"] is None
    r = await client.get(
        f"/api/v1/audit-logs?actor_id={tenant.owner_id}&target_type=role", headers=owner
    )
    assert len(r.json()["items"]) == 3
    r = await client.get(f"/api/v1/audit-logs?actor_id={uuid.uuid4()}", headers=owner)
    assert r.json()["items"] == []
    r = await client.get(
        "/api/v1/audit-logs", params={"from": "2000-01-01T00:00:00Z"}, headers=owner
    )
    assert len(r.json()["items"]) == 3
    r = await client.get("/api/v1/audit-logs", params={"to": "2000-01-01T00:00:00Z"}, headers=owner)
    assert r.json()["items"] == []


async def test_bad_filters_are_clear_errors(client: httpx.AsyncClient, tenant: TenantInfo) -> None:
    owner = await _owner_headers(client, tenant)
    for query in ("from=yesterday", "from=2020-01-01T00:00:00", "actor_id=nope", "limit=0"):
        r = await client.get(f"/api/v1/audit-logs?{query}", headers=owner)
        assert_problem(r, 422, "validation_error")
    r = await client.get(
        "/api/v1/audit-logs",
        params={"from": "2030-01-01T00:00:00Z", "to": "2020-01-01T00:00:00Z"},
        headers=owner,
    )
    assert_problem(r, 422, "invalid_filter")
    r = await client.get("/api/v1/audit-logs?cursor=garbage!", headers=owner)
    assert_problem(r, 422, "invalid_cursor")


async def test_reading_needs_the_permission(client: httpx.AsyncClient, account: Account) -> None:
    assert_problem(await client.get("/api/v1/audit-logs"), 401, "not_authenticated")
    r = await client.get("/api/v1/audit-logs", headers=account.headers)
    assert_problem(r, 403, "permission_denied")


async def test_the_log_has_no_write_endpoints(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    audit_ops = {m for p, item in paths.items() if p.startswith("/api/v1/audit-logs") for m in item}
    assert audit_ops == {"get"}


async def test_prune_removes_only_rows_past_the_retention(
    app: FastAPI, db: Database, clock: MovableClock, tenant: TenantInfo
) -> None:
    async with db.unit_of_work(clock=clock, tenant_id=tenant.id) as uow:
        old = audit.record(uow, action="test.old", target_type="x", target_id="1")
        old.created_at = clock.now() - timedelta(days=400)
        audit.record(uow, action="test.new", target_type="x", target_id="2")
    async with db.unit_of_work(clock=clock, system=True) as uow:
        removed = await retention.prune_audit_logs(uow, older_than_days=365)
    assert removed >= 1
    async with db.unit_of_work(clock=clock, tenant_id=tenant.id, write=False) as uow:
        actions = set((await uow.session.scalars(sa.select(AuditLog.action))).all())
    assert "test.new" in actions and "test.old" not in actions


async def test_prune_follows_each_tenants_retention_setting(
    db: Database, clock: MovableClock, make_tenant: TenantFactory, client: httpx.AsyncClient
) -> None:
    short, default = await make_tenant(), await make_tenant()
    owner = await _owner_headers(client, short)
    r = await client.put("/api/v1/settings", headers=owner, json={"audit_retention_days": 30})
    assert r.status_code == 200
    for tenant in (short, default):
        async with db.unit_of_work(clock=clock, tenant_id=tenant.id) as uow:
            row = audit.record(uow, action="test.aged", target_type="x", target_id="1")
            row.created_at = clock.now() - timedelta(days=40)
    async with db.unit_of_work(clock=clock, system=True) as uow:
        await retention.prune_audit_logs(uow)
    for tenant, kept in ((short, False), (default, True)):
        async with db.unit_of_work(clock=clock, tenant_id=tenant.id, write=False) as uow:
            actions = set((await uow.session.scalars(sa.select(AuditLog.action))).all())
        assert ("test.aged" in actions) is kept


async def test_postgres_refuses_changes_outside_the_prune(
    is_postgres: bool, db: Database, clock: MovableClock, tenant: TenantInfo
) -> None:
    if not is_postgres:
        pytest.skip("the append-only trigger is PostgreSQL's")
    async with db.unit_of_work(clock=clock, tenant_id=tenant.id) as uow:
        audit.record(uow, action="test.keep", target_type="x", target_id="1")
    # Even the login role (no row-level-security role, full privileges) is stopped by the
    # trigger unless the prune's setting is on.
    with pytest.raises(DBAPIError, match="append-only"):
        async with db.unit_of_work(clock=clock, system=True) as uow:
            await uow.session.execute(sa.text("UPDATE audit_logs SET action = 'tampered'"))
    with pytest.raises(DBAPIError, match="append-only"):
        async with db.unit_of_work(clock=clock, system=True) as uow:
            await uow.session.execute(sa.text("DELETE FROM audit_logs"))
