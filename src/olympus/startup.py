"""Start-up checks: what `olympus serve`, the administration commands and `olympus check`
verify before doing any work, each failure told in one line an operator can act on."""

import asyncio
import errno
import os
import socket
import sqlite3
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError
from sqlalchemy.engine import URL, make_url

from olympus.config import ConfigError, Settings

CONNECT_TIMEOUT_SECONDS = 5.0


class StartupError(Exception):
    """A reason not to start, in one line; `exit_code` 2 for configuration, 1 otherwise."""

    def __init__(self, line: str, *, exit_code: int = 1) -> None:
        super().__init__(line)
        self.line = line
        self.exit_code = exit_code


def configuration_error(message: str) -> StartupError:
    return StartupError(f"configuration error: {message}", exit_code=2)


def wants_tracebacks() -> bool:
    """LOG_LEVEL=DEBUG shows the traceback behind a failure (read raw: the settings may be
    what failed)."""
    return os.environ.get("LOG_LEVEL", "").strip().upper() == "DEBUG"


# --- configuration ------------------------------------------------------------------------


def describe_validation_error(exc: ValidationError) -> str:
    """`PORT: input should be a valid integer (got 'abc')`, one clause per wrong setting."""
    parts = []
    for error in exc.errors():
        name = ".".join(str(p) for p in error["loc"]).upper() or "settings"
        message = str(error["msg"]).removeprefix("Value error, ")
        message = message[:1].lower() + message[1:]
        given = error.get("input")
        secret = any(word in name for word in ("URL", "SECRET", "PASSWORD", "KEY"))
        shown = f" (got {given!r})" if isinstance(given, str | int | float) and not secret else ""
        parts.append(f"{name}: {message}{shown}")
    return "; ".join(parts)


def load_settings(**overrides: Any) -> Settings:
    """The settings, or a `configuration error: …` StartupError naming what is wrong."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise configuration_error(describe_validation_error(exc)) from exc
    except ConfigError as exc:
        raise configuration_error(str(exc)) from exc


def check_port(value: int | None, option: str = "--port") -> None:
    if value is not None and not 1 <= value <= 65535:
        raise configuration_error(f"{option} must be between 1 and 65535 (got {value})")


def check_port_free(host: str, port: int) -> None:
    """Bind and release the address the server will take: a second `serve` on a taken port
    stops here, before its application starts (and logs `started`)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StartupError(
                    f"port {port} on {host} is already in use: stop what holds it or set "
                    "PORT (--port)"
                ) from exc
            raise StartupError(f"can't bind {host}:{port}: {exc.strerror or exc}") from exc


# --- database -----------------------------------------------------------------------------


def code_revision() -> str:
    """The newest migration this code carries (its head)."""
    # late: loaded only when the check runs
    from alembic.script import ScriptDirectory

    # late: loaded only when the check runs
    from olympus.core.migrations import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    return head or "base"


def known_revisions() -> set[str]:
    # late: loaded only when the check runs
    from alembic.script import ScriptDirectory

    # late: loaded only when the check runs
    from olympus.core.migrations import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision for rev in script.walk_revisions()}


def revisions_between(before: str | None, after: str | None) -> list[str]:
    """The revisions an upgrade from `before` to `after` applied, oldest first."""
    # late: loaded only when the check runs
    from alembic.script import ScriptDirectory

    # late: loaded only when the check runs
    from olympus.core.migrations import alembic_config

    if after is None:
        return []
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    try:
        walked = script.iterate_revisions(after, before or "base")
        return [rev.revision for rev in walked][::-1]
    except Exception:  # a downgrade, or a revision this code doesn't know
        return []


def _where(url: URL) -> str:
    host = url.host or url.query.get("host") or "localhost"
    return f"{host}:{url.port or 5432}" if not str(host).startswith("/") else str(host)


def describe_database_failure(exc: BaseException, url: URL) -> str:
    """One line for a failed connection to PostgreSQL."""
    # late: loaded only when the check runs
    import asyncpg

    where, user, name = _where(url), url.username or "", url.database or ""
    if isinstance(exc, asyncpg.InvalidPasswordError):
        return f"database refused the password of {user!r} at {where} (DATABASE_URL)"
    if isinstance(exc, asyncpg.InvalidAuthorizationSpecificationError):
        return f"database refused the role {user!r} at {where}: {exc}"
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return f"database {name!r} does not exist at {where}: create it, then run `olympus migrate`"
    if isinstance(exc, socket.gaierror):
        return f"database host {url.host!r} not found (DATABASE_URL)"
    if isinstance(exc, ConnectionRefusedError):
        return f"database unreachable: nothing answers at {where} (DATABASE_URL)"
    if isinstance(exc, TimeoutError):
        return (
            f"database unreachable: {where} did not answer within "
            f"{CONNECT_TIMEOUT_SECONDS:g} s (DATABASE_URL)"
        )
    if isinstance(exc, OSError):
        return f"database unreachable at {where}: {exc.strerror or exc} (DATABASE_URL)"
    detail = " ".join(str(exc).split())
    return f"database unavailable at {where}: {type(exc).__name__}: {detail}"


async def database_revision(database_url: str) -> str | None:
    """The revision the database is at (None: never migrated). Raises StartupError when it
    can't be reached."""
    url = make_url(database_url)
    if url.drivername.startswith("sqlite"):
        return _sqlite_revision(url)
    # late: loaded only when the check runs
    import asyncpg

    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        conn = await asyncpg.connect(dsn, timeout=CONNECT_TIMEOUT_SECONDS, statement_cache_size=0)
    except Exception as exc:
        raise StartupError(describe_database_failure(exc, url)) from exc
    try:
        exists = await conn.fetchval("SELECT to_regclass('alembic_version') IS NOT NULL")
        if not exists:
            return None
        revision: str | None = await conn.fetchval("SELECT version_num FROM alembic_version")
        return revision
    finally:
        await conn.close()


def _sqlite_revision(url: URL) -> str | None:
    path = Path(url.database or "")
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            if row is None:
                return None
            found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise StartupError(f"database file {path} can't be read: {exc}") from exc
    return None if found is None else str(found[0])


def revision_problem(found: str | None, head: str) -> str | None:
    """What is wrong with a database at `found` for code at `head` (None: nothing)."""
    if found == head:
        return None
    if found is None:
        return f"database not migrated (no revision), the code needs {head}: run `olympus migrate`"
    if found not in known_revisions():
        return (
            f"database at revision {found}, unknown to this code (at {head}): it was migrated "
            "by a newer release; run that release or one that knows it"
        )
    return f"database at revision {found}, the code needs {head}: run `olympus migrate`"


async def check_database_migrated(settings: Settings) -> str:
    """Reachable and at the code's revision (unless the service migrates it at start)."""
    found = await database_revision(settings.effective_database_url)
    head = code_revision()
    if settings.should_auto_migrate:
        return f"at {found or 'no revision yet'}; migrated to {head} at start (AUTO_MIGRATE)"
    problem = revision_problem(found, head)
    if problem:
        raise StartupError(problem)
    return f"reachable, at {head}"


# --- Redis, SMTP, signing keys ------------------------------------------------------------


def _safe_url(value: str) -> str:
    parsed = urlparse(value)
    if parsed.password:
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@")
        return parsed._replace(netloc=netloc).geturl()
    return value


async def check_redis(settings: Settings) -> str:
    if not settings.redis_url:
        return "not set: in-process cache and bus (one process only)"
    # late: loaded only when the check runs
    from redis.asyncio import Redis

    try:
        redis = Redis.from_url(
            settings.redis_url,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_timeout=CONNECT_TIMEOUT_SECONDS,
        )
    except ValueError as exc:
        raise configuration_error(f"REDIS_URL: {exc}") from exc
    try:
        await redis.ping()
    except Exception as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise StartupError(
            f"Redis unreachable at {_safe_url(settings.redis_url)} (REDIS_URL): {detail}"
        ) from exc
    finally:
        await redis.aclose()
    return "reachable"


async def check_smtp(settings: Settings) -> str:
    if not settings.smtp_url:
        return "not set: mail goes to the development mailbox (`olympus mail list`)"
    # late: loaded only when the check runs
    import aiosmtplib

    # late: loaded only when the check runs
    from olympus.auth.email import SmtpMailer

    try:
        mailer = SmtpMailer(settings.smtp_url, settings.mail_from)
    except ValueError as exc:
        raise configuration_error(str(exc)) from exc
    client = aiosmtplib.SMTP(
        hostname=mailer.host,
        port=mailer.port,
        use_tls=mailer.implicit_tls,
        start_tls=mailer.start_tls,
        tls_context=ssl.create_default_context(),
        timeout=CONNECT_TIMEOUT_SECONDS,
    )
    try:
        await client.connect()
        if mailer.username and mailer.password:
            await client.login(mailer.username, mailer.password)
        await client.quit()
    except Exception as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise StartupError(f"SMTP server {mailer.host}:{mailer.port} refused: {detail}") from exc
    return f"{mailer.host}:{mailer.port} answers"


def check_signing_keys(settings: Settings) -> str:
    # late: loaded only when the check runs
    import uuid

    # late: loaded only when the check runs
    from olympus.auth.tokens import TokenSigner

    # late: loaded only when the check runs
    from olympus.core.clock import Clock

    if not settings.uses_eddsa and not settings.jwt_secret:
        secret_file = settings.data_dir / ".olympus" / "jwt-secret"
        if not secret_file.exists():
            return "HS256; a development secret is generated at first start (set JWT_SECRET)"
    try:
        signer = TokenSigner(settings, Clock())
        token = signer.issue(user_id=uuid.uuid4(), tenant_id=uuid.uuid4(), session_id=uuid.uuid4())
        signer.verify(token)
    except (ValueError, TypeError, OSError) as exc:
        raise configuration_error(f"signing keys: {exc}") from exc
    return f"{signer.algorithm} signs and verifies"


# --- olympus check ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    line: str


def run_checks(settings: Settings) -> list[CheckResult]:
    """Every check, each reported whatever the others gave."""
    results = [CheckResult("configuration", True, "configuration: ok")]

    def one(name: str, check: Callable[[], str]) -> None:
        try:
            results.append(CheckResult(name, True, f"{name}: ok, {check()}"))
        except StartupError as exc:
            line = exc.line.removeprefix("configuration error: ")
            results.append(CheckResult(name, False, f"{name}: FAILED, {line}"))

    one("database", lambda: asyncio.run(check_database_migrated(settings)))
    one("redis", lambda: asyncio.run(check_redis(settings)))
    one("smtp", lambda: asyncio.run(check_smtp(settings)))
    one("signing keys", lambda: check_signing_keys(settings))
    return results
