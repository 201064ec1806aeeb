"""How every command runs: its settings, a failure told in one line with its exit code, the
application outside any server, the audit rows of the commands that change data, and the
inputs several commands share (a password, a `--since` time, a tenant by its slug)."""

import asyncio
import contextlib
import getpass
import os
import re
import sys
import traceback
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from olympus import startup
from olympus.config import Settings
from olympus.startup import StartupError

if TYPE_CHECKING:
    import uuid

    from olympus.auth.service import AuthComponents
    from olympus.core.db import Database, ReadUnitOfWork, WriteUnitOfWork

# The application's modules are imported inside the functions that need them, not at start:
# see the note in the package's docstring.

T = TypeVar("T")


def checked_settings() -> Settings:
    with reported():
        return startup.load_settings()


def describe_failure(exc: BaseException) -> tuple[str, int]:
    """The one line (and exit code) an unexpected failure of a command is told with."""
    from alembic.util import CommandError  # late: see the note at the top

    if isinstance(exc, StartupError):
        return exc.line, exc.exit_code
    if isinstance(exc, CommandError):
        return f"migration error: {_one_line(exc)}", 1
    cause: BaseException | None = exc
    while cause is not None:  # a driver's failure under SQLAlchemy's wrapping
        if isinstance(cause, OSError | TimeoutError) or type(cause).__module__.startswith(
            "asyncpg"
        ):
            return f"database unavailable: {type(cause).__name__}: {_one_line(cause)}", 1
        cause = getattr(cause, "orig", None) or cause.__cause__
    return f"error: {type(exc).__name__}: {_one_line(exc)}", 1


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


@contextlib.contextmanager
def reported() -> "Iterator[None]":
    """A failure inside becomes one line on stderr and the exit code (with its traceback
    too when LOG_LEVEL=DEBUG)."""
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        from olympus.core.errors import DomainError  # late: see the note at the top

        if isinstance(exc, DomainError):
            typer.echo(f"error ({exc.code}): {exc.detail}", err=True)
            raise typer.Exit(1) from exc
        if startup.wants_tracebacks():
            traceback.print_exc()
        line, code = describe_failure(exc)
        typer.echo(line, err=True)
        raise typer.Exit(code) from exc


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container's arbitrary user)
        return str(os.getuid())


# Audit rows of the commands that change data: no user signed in, so the actor is the CLI
# and the operating-system account that ran it (also in the row's request id).
def cli_request_id() -> str:
    return f"cli:{_os_user()}"[:128]


def _cli_actor() -> dict[str, str]:
    return {"actor": "cli", "os_user": _os_user()}


async def audit_cli(
    uow: "WriteUnitOfWork",
    tenant_id: "uuid.UUID | None",
    *,
    action: str,
    target_type: str,
    target_id: "uuid.UUID | str",
    changes: dict[str, Any],
) -> None:
    """The audit row of a command's change, in `tenant_id`'s log, or the platform tenant's
    for work across tenants (none yet: no one to read it, nothing written)."""
    from olympus.platform.audit import service as audit  # late: see the note at the top
    from olympus.platform.tenants import service as tenants  # late: see the note at the top

    if tenant_id is None:
        platform = await tenants.find_by_slug(uow, tenants.PLATFORM_SLUG)
        if platform is None:
            return
        tenant_id = platform.id
    await audit.record_in(
        uow,
        tenant_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        changes={**changes, **_cli_actor()},
    )


def read_password(value: str | None, prompt: str, option: str) -> str:
    if value:
        return value
    if not sys.stdin.isatty():
        typer.echo(f"{prompt}: give it with {option} (no terminal to ask on)", err=True)
        raise typer.Exit(2)
    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass("Again: ") != first:
        typer.echo("the two passwords differ", err=True)
        raise typer.Exit(2)
    return first


def run_with_app(action: "Callable[[Database, AuthComponents], Awaitable[T]]") -> T:
    """Run `action(db, auth)` against a migrated database, outside any server."""
    from olympus.app import create_app  # late: see the note at the top

    settings = checked_settings()

    async def main() -> T:
        await startup.check_database_migrated(settings)
        application = create_app(settings, bootstrap=False)
        async with application.router.lifespan_context(application):
            return await action(application.state.db, application.state.auth)

    with reported():
        return asyncio.run(main())


_SINCE = re.compile(r"^(\d{1,6})([mhd])$")


def parse_since(value: str | None) -> datetime | None:
    """`90m`, `24h`, `7d` (ago), or an ISO 8601 time with its offset."""
    if value is None:
        return None
    relative = _SINCE.match(value.strip())
    if relative:
        amount, unit = int(relative[1]), relative[2]
        delta = {"m": timedelta(minutes=amount), "h": timedelta(hours=amount)}.get(
            unit, timedelta(days=amount)
        )
        return datetime.now(UTC) - delta
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        typer.echo("--since: give 90m, 24h, 7d or an ISO 8601 time with its offset", err=True)
        raise typer.Exit(2)
    return moment.astimezone(UTC)


def select_tenant(uow: "ReadUnitOfWork", slug: str) -> "Awaitable[uuid.UUID | None]":
    """The tenant of `slug`, set as the unit of work's tenant; None if there is none."""
    from olympus.platform.tenants import service as tenants  # late: see the note at the top

    async def find() -> "uuid.UUID | None":
        found = await tenants.find_by_slug(uow, slug)
        if found is not None:
            await uow.set_tenant(found.id)
        return None if found is None else found.id

    return find()
