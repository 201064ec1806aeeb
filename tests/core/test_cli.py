"""The `olympus` command, run as an operator would, against its own SQLite database."""

import asyncio
import getpass
import json
import sqlite3
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from olympus.app import create_app
from olympus.cli import app as cli
from olympus.config import Settings
from tests.fixtures.accounts import PASSWORD

runner = CliRunner()


@pytest.fixture
def workdir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The environment of one installation: its database and data dir under tmp_path."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "DATA_DIR": str(tmp_path),
        "ENVIRONMENT": "test",
        "LOG_LEVEL": "WARNING",
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_TIME_COST": "1",
    }.items():
        monkeypatch.setenv(name, value)
    return tmp_path


async def olympus(*args: str) -> Result:
    """Run a command as its own program would: in a thread, with an event loop of its own."""
    return await asyncio.to_thread(runner.invoke, cli, list(args))


def tables(database: Path) -> set[str]:
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


async def post(path: str, body: dict[str, str]) -> httpx.Response:
    """One request to an app started on the same environment as the command."""
    application = create_app(Settings())
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://cli.test") as client:
            return await client.post(path, json=body)


async def test_migrate_builds_the_schema(workdir: Path) -> None:
    result = await olympus("migrate")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("applied 0001 → ")
    assert {"alembic_version", "tenants", "users", "events", "idempotency_keys"} <= tables(
        workdir / "x.db"
    )
    assert (await olympus("migrate")).exit_code == 0  # again: nothing to do


async def test_create_admin_then_sign_in(workdir: Path) -> None:
    result = await olympus(
        "create-admin", "--email", "ops@example.com", "--password", PASSWORD, "--name", "Ops"
    )
    assert result.exit_code == 0, result.output
    assert "platform operator ops@example.com created" in result.stdout

    r = await post(
        "/api/v1/auth/login",
        {"tenant": "platform", "email": "ops@example.com", "password": PASSWORD},
    )
    assert r.status_code == 200, r.text
    assert r.json()["user"]["email"] == "ops@example.com"
    assert r.json()["token_type"] == "Bearer"


async def test_create_admin_needs_a_password_without_a_terminal(workdir: Path) -> None:
    result = await olympus("create-admin", "--email", "ops@example.com")
    assert result.exit_code == 2
    assert result.stderr == "Password: give it with --password (no terminal to ask on)\n"


async def test_create_tenant_and_a_duplicate_slug(workdir: Path) -> None:
    args = ["create-tenant", "--slug", "acme", "--name", "Acme Stores"]
    owner = ["--owner-email", "owner@acme.example.com", "--owner-password", PASSWORD]
    result = await olympus(*args, *owner)
    assert result.exit_code == 0, result.output
    assert "tenant acme created" in result.stdout

    again = await olympus(
        *args, "--owner-email", "other@acme.example.com", "--owner-password", PASSWORD
    )
    assert again.exit_code == 1
    assert "slug_taken" in again.stderr

    r = await post(
        "/api/v1/auth/login",
        {"tenant": "acme", "email": "owner@acme.example.com", "password": PASSWORD},
    )
    assert r.status_code == 200, r.text


async def test_openapi_prints_the_schema(workdir: Path) -> None:
    result = await olympus("openapi")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert schema["info"]["title"] == "Olympus Core"
    assert "/api/v1/auth/login" in schema["paths"]


async def test_mail_list_shows_the_development_mailbox(workdir: Path) -> None:
    empty = await olympus("mail", "list")
    assert empty.exit_code == 0, empty.output
    assert "no messages" in empty.stdout

    owner = ["--owner-email", "owner@shop.example.com", "--owner-password", PASSWORD]
    created = await olympus("create-tenant", "--slug", "shop", "--name", "Shop", *owner)
    assert created.exit_code == 0, created.output
    r = await post(
        "/api/v1/auth/register",
        {"tenant": "shop", "email": "ann@example.com", "password": PASSWORD},
    )
    assert r.status_code == 201, r.text

    result = await olympus("mail", "list", "--to", "ANN@example.com")
    assert result.exit_code == 0, result.output
    assert "to: ann@example.com" in result.stdout
    assert "subject:" in result.stdout
    nobody = await olympus("mail", "list", "--to", "nobody@example.com")
    assert "no messages" in nobody.stdout


async def test_security_events_print_as_json_lines_and_prune_keeps_recent_ones(
    workdir: Path,
) -> None:
    owner = ["--owner-email", "owner@guard.example.com", "--owner-password", PASSWORD]
    created = await olympus("create-tenant", "--slug", "guard", "--name", "Guard", *owner)
    assert created.exit_code == 0, created.output
    wrong = "Wrong-Guess-Pencil-17"
    body = {"tenant": "guard", "email": "owner@guard.example.com", "password": wrong}
    assert (await post("/api/v1/auth/login", body)).status_code == 401

    result = await olympus(
        "security-events", "--tenant", "guard", "--kind", "login_failed", "--since", "1h"
    )
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    event = json.loads(line)
    assert event["kind"] == "login_failed" and event["reason"] == "wrong_password"
    assert event["email_hint"] == "o***@guard.example.com" and wrong not in line

    assert (await olympus("security-events", "--tenant", "guard", "--kind", "x")).exit_code == 2
    other = await olympus("security-events", "--tenant", "guard", "--address", "192.0.2.1")
    assert other.exit_code == 0 and other.stdout == ""
    later = await olympus("security-events", "--tenant", "guard", "--since", "2999-01-01T00:00Z")
    assert later.exit_code == 0 and later.stdout == ""
    bad = await olympus("security-events", "--tenant", "guard", "--since", "yesterday")
    assert bad.exit_code == 2

    pruned = await olympus("prune")
    assert pruned.exit_code == 0, pruned.output
    assert "removed 0 security events" in pruned.stdout  # kept 90 days by default


async def test_a_configuration_error_exits_with_its_reason(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    result = await olympus("migrate")
    assert result.exit_code == 2
    assert "configuration error" in result.stderr
    assert "JWT_SECRET" in result.stderr
    assert not (workdir / "x.db").exists()


async def test_events_list_reads_past_events_by_type_and_tenant(workdir: Path) -> None:
    assert (await olympus("migrate")).exit_code == 0
    for slug in ("shop-one", "shop-two"):
        created = await olympus(
            "create-tenant", "--slug", slug, "--name", "Shop", "--owner-email",
            f"o@{slug}.example.com", "--owner-password", PASSWORD,
        )  # fmt: skip
        assert created.exit_code == 0, created.output

    result = await olympus("events", "list", "--type", "events.tenant.*", "--tenant", "shop-two")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [e["type"] for e in lines] == ["tenant.created"]
    assert set(lines[0]) == {"id", "type", "tenant_id", "occurred_at", "version", "data"}

    every = await olympus("events", "list", "--since", "1h")
    types = [json.loads(line)["type"] for line in every.output.splitlines()]
    assert types == ["user.created", "tenant.created"] * 2  # oldest first, every tenant

    unknown = await olympus("events", "list", "--tenant", "nope")
    assert unknown.exit_code == 1
    assert "no tenant 'nope'" in unknown.output


async def test_demo_seed_prints_the_new_owner_and_what_it_made(workdir: Path) -> None:
    assert (await olympus("migrate")).exit_code == 0
    result = await olympus("demo", "seed", "--tenant", "demo-cli", "--products", "20")
    assert result.exit_code == 0, result.output
    assert "owner owner@demo-cli.example.com / password " in result.output
    assert "products created: 20" in result.output
    assert "locations created: 3" in result.output
    again = await olympus("demo", "seed", "--tenant", "demo-cli", "--products", "20")
    assert "products created: 0" in again.output and "password" not in again.output
    # A past: five locations then (one of each kind), orders numbered from the first.
    history = await olympus(
        "demo", "seed", "--tenant", "demo-cli", "--products", "20", "--orders", "60", "--seed", "5"
    )
    assert history.exit_code == 0, history.output
    assert "locations created: 2" in history.output
    assert "orders written: 60 (ORD-00001 to ORD-00060)" in history.output


@pytest.mark.parametrize("slug", ["Bad Slug", "admin", "ab", "UPPER", "a_b"])
async def test_create_tenant_refuses_what_the_api_refuses(workdir: Path, slug: str) -> None:
    result = await olympus(
        "create-tenant", "--slug", slug, "--name", "Bad", "--owner-email",
        "o@bad.example.com", "--owner-password", PASSWORD,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error (invalid_slug): "), result.stderr
    assert result.stdout == ""
    assert "tenants" not in tables(workdir / "x.db") or not _rows(
        workdir / "x.db", "SELECT slug FROM tenants WHERE slug = ?", slug.lower()
    )


def _rows(database: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, params).fetchall()


async def test_commands_that_change_data_leave_audit_rows_naming_the_cli(workdir: Path) -> None:
    assert (await olympus("migrate")).exit_code == 0
    steps = [
        ["create-admin", "--email", "ops@example.com", "--password", PASSWORD],
        ["create-tenant", "--slug", "audited", "--name", "Audited", "--owner-email",
         "o@audited.example.com", "--owner-password", PASSWORD],
        ["prune"],
        ["audit", "prune"],
    ]  # fmt: skip
    for step in steps:
        result = await olympus(*step)
        assert result.exit_code == 0, result.output

    rows = _rows(
        workdir / "x.db",
        "SELECT a.action, a.actor_id, a.request_id, a.changes, t.slug FROM audit_logs a "
        "JOIN tenants t ON t.id = a.tenant_id ORDER BY a.id",
    )
    by_action = {action: (actor, request, json.loads(str(changes)), slug)
                 for action, actor, request, changes, slug in rows}  # fmt: skip
    assert set(by_action) == {
        "operator.created",
        "tenant.created",
        "maintenance.pruned",
        "audit.pruned",
    }
    user = getpass.getuser()
    for actor, request_id, changes, _ in by_action.values():
        assert actor is None
        assert request_id == f"cli:{user}"
        assert changes["actor"] == "cli" and changes["os_user"] == user
    assert by_action["tenant.created"][3] == "audited"
    assert by_action["tenant.created"][2]["owner_email"] == "o@audited.example.com"
    assert by_action["operator.created"][3] == "platform"
    assert by_action["maintenance.pruned"][3] == "platform"
    assert by_action["audit.pruned"][2]["removed"] == 0


async def test_relay_needs_redis(workdir: Path) -> None:
    result = await olympus("relay")
    assert result.exit_code == 2
    assert result.stderr.startswith("configuration error: olympus relay publishes to Redis")
