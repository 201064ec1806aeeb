"""Start-up as a new operator meets it: the `olympus` command run as its own program, each
mistake answered with one exact line on stderr and a non-zero exit, no traceback (unless
LOG_LEVEL=DEBUG), and nothing else on stdout."""

import asyncio
import json
import os
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from olympus.app import create_app
from olympus.config import Settings
from olympus.core.migrations import alembic_config
from olympus.startup import code_revision
from tests.fixtures.accounts import PASSWORD
from tests.fixtures.apps import (
    IN_CI,
    POSTGRES_ADMIN_URL,
    _create_postgres_database,
    _drop_postgres_database,
)
from tests.fixtures.servers import free_port

HEAD = code_revision()
RUN_SECONDS = 240  # one command, on a busy machine
OLYMPUS = Path(sys.executable).with_name("olympus")
COMMAND = (
    [str(OLYMPUS)]
    if OLYMPUS.exists()
    else [sys.executable, "-c", "from olympus.cli import main; main()"]
)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def environment(workdir: Path, **values: str) -> dict[str, str]:
    """The process environment of one installation in `workdir`, without any of the
    suite's own settings."""
    names = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in names}
    env.update(
        ENVIRONMENT="test",
        DATA_DIR=str(workdir),
        LOG_LEVEL="INFO",
        ARGON2_MEMORY_KIB="1024",
        ARGON2_TIME_COST="1",
    )
    env.update(values)
    return env


async def olympus(workdir: Path, *args: str, **values: str) -> Run:
    process = await asyncio.create_subprocess_exec(
        *COMMAND,
        *args,
        cwd=workdir,
        env=environment(workdir, **values),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), RUN_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode is not None
    return Run(process.returncode, out.decode(), err.decode())


def assert_refused(run: Run, line: str, code: int = 1) -> None:
    """Exactly `line` on stderr, nothing on stdout, the exit code."""
    assert (run.code, run.stderr, run.stdout) == (code, line + "\n", ""), run


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


BAD_SETTINGS = [
    (
        {"ENVIRONMENT": "staging"},
        "configuration error: ENVIRONMENT: input should be 'development', 'test' or "
        "'production' (got 'staging')",
    ),
    (
        {"PORT": "abc"},
        "configuration error: PORT: input should be a valid integer, unable to parse string "
        "as an integer (got 'abc')",
    ),
    (
        {"LOG_LEVEL": "verbose"},
        "configuration error: LOG_LEVEL: must be DEBUG, INFO, WARNING, ERROR or CRITICAL "
        "(got 'verbose')",
    ),
    (
        {"ACCESS_TOKEN_TTL_SECONDS": "5"},
        "configuration error: ACCESS_TOKEN_TTL_SECONDS: input should be greater than or equal "
        "to 30 (got '5')",
    ),
    (
        {"ENVIRONMENT": "production"},
        "configuration error: JWT_SECRET must be set to at least 32 bytes in production "
        '(generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))")',
    ),
    (
        {"DATABASE_URL": "mysql://user:secret@db/shop"},
        "configuration error: DATABASE_URL: the scheme 'mysql' is not supported; use "
        "postgresql://, postgres:// or sqlite:///",
    ),
    (
        {"DATABASE_URL": "db.example.com:5432/shop"},
        "configuration error: DATABASE_URL: not a database URL; use postgresql://, "
        "postgres:// or sqlite:/// (postgresql://user:password@host:5432/name)",
    ),
]
COMMANDS = [  # one of each kind: the server, the relay, checks, schema and data commands
    ["migrate"],
    ["check"],
    ["relay"],
    ["create-tenant", "--slug", "acme", "--name", "A", "--owner-email", "o@acme.example.com"],
    ["audit", "prune"],
    ["openapi"],
    ["mail", "list"],
]


async def test_a_bad_setting_is_one_line_and_exit_2_in_serve(workdir: Path) -> None:
    runs = await asyncio.gather(
        *(olympus(workdir, "serve", **values) for values, _ in BAD_SETTINGS)
    )
    for run, (_, line) in zip(runs, BAD_SETTINGS, strict=True):
        assert_refused(run, line, code=2)
    assert not (workdir / "olympus.db").exists()


async def test_every_command_refuses_a_bad_setting_the_same_way(workdir: Path) -> None:
    values, line = BAD_SETTINGS[0]
    runs = await asyncio.gather(*(olympus(workdir, *command, **values) for command in COMMANDS))
    for run in runs:
        assert_refused(run, line, code=2)


async def test_a_secret_in_a_refused_url_is_not_repeated(workdir: Path) -> None:
    run = await olympus(workdir, "migrate", DATABASE_URL="mysql://user:secret@db/shop")
    assert run.code == 2 and "secret" not in run.stderr


async def test_out_of_range_port_and_no_workers_are_refused(workdir: Path) -> None:
    assert_refused(
        await olympus(workdir, "serve", "--port", "70000"),
        "configuration error: --port must be between 1 and 65535 (got 70000)",
        code=2,
    )
    assert_refused(
        await olympus(workdir, "serve", "--workers", "0"),
        "configuration error: --workers must be at least 1 (got 0)",
        code=2,
    )
    assert_refused(
        await olympus(workdir, "serve", "--no-relay"),
        "configuration error: --no-relay (OUTBOX_RELAY=false) leaves the events to `olympus "
        "relay`, which publishes to Redis: set REDIS_URL, or keep the relay in this process",
        code=2,
    )


async def test_a_taken_port_stops_serve_before_the_app_starts(workdir: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        run = await olympus(workdir, "serve", "--host", "127.0.0.1", "--port", str(port))
    assert_refused(
        run, f"port {port} on 127.0.0.1 is already in use: stop what holds it or set PORT (--port)"
    )
    assert "started" not in run.stderr


async def test_unreachable_redis_stops_serve(workdir: Path) -> None:
    port = free_port()
    run = await olympus(
        workdir, "serve", "--port", str(free_port()), REDIS_URL=f"redis://127.0.0.1:{port}/0"
    )
    assert run.code == 1 and run.stdout == "", run
    [line] = run.stderr.splitlines()
    assert line.startswith(f"Redis unreachable at redis://127.0.0.1:{port}/0 (REDIS_URL): ")


async def test_an_unknown_revision_is_one_line_and_debug_shows_the_traceback(
    workdir: Path,
) -> None:
    line = "migration error: Can't locate revision identified by 'nonexistent_rev'"
    assert_refused(await olympus(workdir, "migrate", "nonexistent_rev"), line)
    debug = await olympus(workdir, "migrate", "nonexistent_rev", LOG_LEVEL="DEBUG")
    assert debug.code == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.rstrip().endswith(line)


async def test_migrate_says_what_it_applied_then_that_there_is_nothing_to_do(
    workdir: Path,
) -> None:
    first = await olympus(workdir, "migrate")
    assert (first.code, first.stdout, first.stderr) == (0, f"applied 0001 → {HEAD}\n", "")
    again = await olympus(workdir, "migrate")
    assert (again.code, again.stdout) == (0, f"already at {HEAD}\n")


async def test_check_reports_one_line_per_check(workdir: Path) -> None:
    ok = await olympus(workdir, "check")
    assert ok.code == 0, ok
    lines = ok.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "configuration",
        "database",
        "redis",
        "smtp",
        "signing keys",
    ]
    assert all(": ok" in line for line in lines)

    port = free_port()
    bad = await olympus(
        workdir,
        "check",
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        SMTP_URL=f"smtp://127.0.0.1:{port}",
    )
    assert bad.code == 1
    failed = [line.split(":")[0] for line in bad.stdout.splitlines() if "FAILED" in line]
    assert failed == ["redis", "smtp"]


async def test_a_command_prints_its_result_and_nothing_else(workdir: Path) -> None:
    run = await olympus(
        workdir, "create-tenant", "--slug", "quiet", "--name", "Quiet", "--owner-email",
        "o@quiet.example.com", "--owner-password", PASSWORD,
    )  # fmt: skip
    assert run.code == 0, run
    [line] = run.stdout.splitlines()
    assert line.startswith("tenant quiet created (id ")
    assert "started" not in run.stderr


async def test_a_missing_owner_password_without_a_terminal_names_the_option(
    workdir: Path,
) -> None:
    run = await olympus(
        workdir, "create-tenant", "--slug", "acme", "--name", "A", "--owner-email",
        "o@acme.example.com",
    )  # fmt: skip
    assert_refused(run, "Owner password: give it with --owner-password (no terminal to ask on)", 2)


# --- PostgreSQL -----------------------------------------------------------------------------


@pytest.fixture
async def empty_postgres() -> AsyncIterator[str]:
    try:
        url = await _create_postgres_database()
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    try:
        yield url.replace("postgresql+asyncpg://", "postgresql://")
    finally:
        await _drop_postgres_database(url)


def _previous_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    down = script.get_revision(HEAD).down_revision
    assert isinstance(down, str)
    return down


@pytest.mark.postgres
async def test_serve_on_an_unmigrated_then_a_behind_database(
    workdir: Path, empty_postgres: str
) -> None:
    serve = ["serve", "--port", str(free_port())]
    never = await olympus(workdir, *serve, DATABASE_URL=empty_postgres)
    assert_refused(
        never,
        f"database not migrated (no revision), the code needs {HEAD}: run `olympus migrate`",
    )

    previous = _previous_revision()
    migrated = await olympus(workdir, "migrate", previous, DATABASE_URL=empty_postgres)
    assert (migrated.code, migrated.stdout) == (0, f"applied 0001 → {previous}\n"), migrated
    behind = await olympus(workdir, *serve, DATABASE_URL=empty_postgres)
    assert_refused(
        behind,
        f"database at revision {previous}, the code needs {HEAD}: run `olympus migrate`",
    )
    # every command that works on the data says the same
    tenant = await olympus(
        workdir, "create-tenant", "--slug", "acme", "--name", "A", "--owner-email",
        "o@acme.example.com", "--owner-password", PASSWORD, DATABASE_URL=empty_postgres,
    )  # fmt: skip
    assert_refused(
        tenant, f"database at revision {previous}, the code needs {HEAD}: run `olympus migrate`"
    )

    last = await olympus(workdir, "migrate", DATABASE_URL=empty_postgres)
    assert (last.code, last.stdout) == (0, f"applied {HEAD}\n"), last


@pytest.mark.postgres
async def test_wrong_database_host_port_and_name(workdir: Path, empty_postgres: str) -> None:
    url = make_url(empty_postgres)
    port = free_port()
    cases = {
        url.set(port=port): f"database unreachable: nothing answers at {url.host}:{port} "
        "(DATABASE_URL)",
        url.set(host="nohost.invalid"): "database host 'nohost.invalid' not found (DATABASE_URL)",
        url.set(database="olympus_absent"): f"database 'olympus_absent' does not exist at "
        f"{url.host}:{url.port or 5432}: create it, then run `olympus migrate`",
        url.set(username="olympus_nobody", password="wrong"): (
            f"database refused the role 'olympus_nobody' at {url.host}:{url.port or 5432}: "
            'role "olympus_nobody" does not exist'
        ),
    }
    serve = ["serve", "--port", str(free_port())]
    runs = [olympus(workdir, *serve, DATABASE_URL=w.render_as_string(False)) for w in cases]
    for run, line in zip(await asyncio.gather(*runs), cases.values(), strict=True):
        assert_refused(run, line)
    migrate = await olympus(workdir, "migrate", DATABASE_URL=url.set(port=port).render_as_string())
    assert_refused(migrate, cases[url.set(port=port)])


@pytest.mark.postgres
async def test_a_wrong_password_is_named(workdir: Path, empty_postgres: str) -> None:
    """Only where the server asks for passwords (a `trust` setup lets anyone in)."""
    url = make_url(POSTGRES_ADMIN_URL)
    conn = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await conn.execute("DROP ROLE IF EXISTS olympus_pw_probe")
        await conn.execute("CREATE ROLE olympus_pw_probe LOGIN PASSWORD 'right-one'")
        try:
            probe = await asyncpg.connect(
                user="olympus_pw_probe", password="wrong", host=url.host, port=url.port or 5432,
                database=url.database,
            )  # fmt: skip
        except asyncpg.InvalidPasswordError:
            pass
        else:
            await probe.close()
            pytest.skip("this PostgreSQL trusts local connections: no password is checked")
        wrong = url.set(username="olympus_pw_probe", password="wrong")
        run = await olympus(
            workdir, "migrate", DATABASE_URL=wrong.render_as_string(hide_password=False)
        )
        assert_refused(
            run,
            f"database refused the password of 'olympus_pw_probe' at {url.host}:"
            f"{url.port or 5432} (DATABASE_URL)",
        )
    finally:
        await conn.execute("DROP ROLE IF EXISTS olympus_pw_probe")
        await conn.close()


async def test_redis_unreachable_at_start_is_said_once_and_the_service_runs_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(
        _env_file=None,
        environment="test",
        database_url=f"sqlite:///{tmp_path / 'x.db'}",
        redis_url=f"redis://127.0.0.1:{free_port()}/0",
        data_dir=tmp_path,
        log_level="INFO",
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        await asyncio.sleep(0.3)  # the relay's first attempts
        # what the `started` line says (INFO: the suite may log at WARNING only)
        assert application.state.cache_state == "redis (unreachable)"
    logs = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line[:1] == "{"]
    warnings = [e["event"] for e in logs if e["level"] == "warning"]
    assert warnings.count("redis_unavailable") == 1, warnings
    assert "denylist_warmup_skipped_cache_unavailable" not in warnings
    for started in (e for e in logs if e["event"] == "started"):
        assert started["cache"] == "redis (unreachable)"
    assert warnings.count("relay_failing") <= 1  # the relay backs off, saying so once


def test_each_database_failure_has_its_line() -> None:
    """The mapping from the driver's failures, including the ones this machine's PostgreSQL
    can't produce (it trusts local connections)."""
    from olympus.startup import describe_database_failure

    url = make_url("postgresql://shop:pw@db.internal:6543/shop")
    cases = {
        asyncpg.InvalidPasswordError("password authentication failed"): (
            "database refused the password of 'shop' at db.internal:6543 (DATABASE_URL)"
        ),
        ConnectionRefusedError(111, "Connection refused"): (
            "database unreachable: nothing answers at db.internal:6543 (DATABASE_URL)"
        ),
        TimeoutError(): "database unreachable: db.internal:6543 did not answer within 5 s "
        "(DATABASE_URL)",
        socket.gaierror(-2, "Name or service not known"): (
            "database host 'db.internal' not found (DATABASE_URL)"
        ),
    }
    for failure, line in cases.items():
        assert describe_database_failure(failure, url) == line
    socket_url = make_url("postgresql://shop:pw@/shop?host=/cloudsql/p:r:i")
    refused = describe_database_failure(
        FileNotFoundError(2, "No such file or directory"), socket_url
    )
    assert (
        refused
        == "database unreachable at /cloudsql/p:r:i: No such file or directory (DATABASE_URL)"
    )
