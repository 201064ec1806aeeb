"""The `olympus` command: serve, relay, check, migrate, create-admin, create-tenant, prune,
audit prune, security-events, products import/export, inventory check, demo seed, events
(tail, list, catalogue), openapi, mail. A failure ends in one line on stderr and a non-zero
exit (the traceback too with LOG_LEVEL=DEBUG); a command's result, and nothing else, goes to
stdout."""

import asyncio
import contextlib
import getpass
import json
import os
import re
import signal
import sys
import time
import traceback
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from olympus import startup
from olympus.config import Settings
from olympus.startup import StartupError

if TYPE_CHECKING:
    import uuid

    from olympus.auth.service import AuthComponents
    from olympus.core.db import Database, ReadUnitOfWork, WriteUnitOfWork

# Each command imports the application's modules it needs when it runs, not at start: so
# `olympus --help` and `olympus mail list` answer at once, without loading the web stack.

app = typer.Typer(help="Olympus Core: run and administer the service.", no_args_is_help=True)
mail_app = typer.Typer(help="The development mailbox (used when SMTP_URL is not set).")
app.add_typer(mail_app, name="mail")

T = TypeVar("T")


def _settings() -> Settings:
    with _reported():
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
def _reported() -> "Iterator[None]":
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
def _cli_request_id() -> str:
    return f"cli:{_os_user()}"[:128]


def _cli_actor() -> dict[str, str]:
    return {"actor": "cli", "os_user": _os_user()}


async def _audit_cli(
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


def _password(value: str | None, prompt: str, option: str) -> str:
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


def _run_with_app(action: "Callable[[Database, AuthComponents], Awaitable[T]]") -> T:
    """Run `action(db, auth)` against a migrated database, outside any server."""
    from olympus.app import create_app  # late: see the note at the top

    settings = _settings()

    async def main() -> T:
        await startup.check_database_migrated(settings)
        application = create_app(settings, bootstrap=False)
        async with application.router.lifespan_context(application):
            return await action(application.state.db, application.state.auth)

    with _reported():
        return asyncio.run(main())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (PORT, default 8000)")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (needs REDIS_URL if > 1)")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
    relay: Annotated[
        bool,
        typer.Option(
            help="Run the outbox relay in this process (OUTBOX_RELAY); --no-relay when "
            "`olympus relay` runs apart"
        ),
    ] = True,
) -> None:
    """Start the HTTP service, after checking what it needs: settings, the port, the
    database (reachable and migrated), Redis. SIGTERM finishes the requests in flight and
    publishes the outbox's pending events before it exits."""
    import uvicorn  # late: see the note at the top

    settings = _settings()
    with _reported():
        startup.check_port(port)
        if workers < 1:
            raise startup.configuration_error(f"--workers must be at least 1 (got {workers})")
        if workers > 1 and not settings.redis_url:
            raise startup.configuration_error(
                "--workers > 1 needs REDIS_URL: without Redis the denylist and rate limits "
                "live in one process"
            )
        if not (relay and settings.outbox_relay) and not settings.redis_url:
            raise startup.configuration_error(
                "--no-relay (OUTBOX_RELAY=false) leaves the events to `olympus relay`, which "
                "publishes to Redis: set REDIS_URL, or keep the relay in this process"
            )
        bind_host, bind_port = host or settings.host, port or settings.port
        startup.check_port_free(bind_host, bind_port)
        startup.check_signing_keys(settings)
        if workers > 1 and settings.should_auto_migrate:
            from olympus.core.migrations import upgrade  # late: see the note at the top

            upgrade(
                settings.effective_database_url,
                app_role=settings.database_app_role,
                settings=settings,
            )
        asyncio.run(startup.check_database_migrated(settings))
        asyncio.run(startup.check_redis(settings))
    if not relay:  # read by each worker's settings
        os.environ["OUTBOX_RELAY"] = "false"
    uvicorn.run(
        "olympus.app:create_app",
        factory=True,
        host=bind_host,
        port=bind_port,
        workers=workers,
        reload=reload,
        access_log=False,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
    )


@app.command("relay")
def relay_command() -> None:
    """Run the outbox relay alone (for deployments that keep it apart from the API, whose
    processes then run `olympus serve --no-relay` or OUTBOX_RELAY=false): publish committed
    events to Redis until SIGTERM or Ctrl-C, then publish what is left and exit."""
    from olympus.app import create_app  # late: see the note at the top

    settings = _settings()
    with _reported():
        if not settings.redis_url:
            raise startup.configuration_error(
                "olympus relay publishes to Redis: set REDIS_URL (without it the relay runs "
                "inside `olympus serve`)"
            )
        asyncio.run(startup.check_redis(settings))

    async def main() -> None:
        await startup.check_database_migrated(settings)
        relay_settings = settings.model_copy(update={"outbox_relay": True})
        application = create_app(relay_settings, bootstrap=False)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        async with application.router.lifespan_context(application):
            typer.echo("relay running; SIGTERM or Ctrl-C stops it", err=True)
            await stop.wait()
        typer.echo("relay stopped", err=True)

    with _reported():
        asyncio.run(main())


@app.command()
def check() -> None:
    """Check the installation without serving: configuration, the database (reachable and
    migrated), Redis, SMTP and the signing keys. One line per check; exit status 1 if one
    failed."""
    settings = _settings()
    results = startup.run_checks(settings)
    for result in results:
        typer.echo(result.line)
    if not all(r.ok for r in results):
        raise typer.Exit(1)


@app.command()
def migrate(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Apply the database migrations; says which it applied (`0001 → 0018`) or that the
    database was already there."""
    from olympus.core.migrations import upgrade  # late: see the note at the top

    settings = _settings()
    url = settings.effective_database_url
    with _reported():
        before = asyncio.run(startup.database_revision(url))
        upgrade(url, revision, app_role=settings.database_app_role, settings=settings)
        after = asyncio.run(startup.database_revision(url))
    if after == before:
        typer.echo(f"already at {after}")
        return
    applied = startup.revisions_between(before, after)
    span = applied[0] if len(applied) == 1 else f"{applied[0]} → {applied[-1]}"
    typer.echo(f"applied {span}" if applied else f"at {after} (from {before})")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(help="The operator's email")],
    password: Annotated[str | None, typer.Option(help="Asked for when omitted")] = None,
    full_name: Annotated[str, typer.Option("--name", help="The operator's name")] = "",
) -> None:
    """Create a platform operator (a user of the reserved `platform` tenant)."""
    from olympus.accounts import service as accounts  # late: see the note at the top

    _settings()  # a bad setting is told before a password is asked for
    secret = _password(password, "Password", "--password")

    async def action(db: "Database", auth: "AuthComponents") -> object:
        async with db.unit_of_work(clock=auth.clock, request_id=_cli_request_id()) as uow:
            user = await accounts.create_operator(
                uow, auth=auth, email=email, password=secret, full_name=full_name
            )
            await _audit_cli(
                uow,
                uow.require_tenant(),
                action="operator.created",
                target_type="user",
                target_id=user.id,
                changes={"email": user.email},
            )
        return user.id

    user_id = _run_with_app(action)
    typer.echo(f"platform operator {email} created (id {user_id}); sign in with tenant 'platform'")


@app.command("create-tenant")
def create_tenant(
    slug: Annotated[str, typer.Option(help="Lowercase identifier, 3-63 characters")],
    name: Annotated[str, typer.Option(help="Display name")],
    owner_email: Annotated[str, typer.Option(help="The owner's email")],
    owner_password: Annotated[str | None, typer.Option(help="Asked for when omitted")] = None,
    owner_name: Annotated[str, typer.Option(help="The owner's name")] = "",
) -> None:
    """Create a tenant with its system roles and its owner."""
    from olympus.accounts import service as accounts  # late: see the note at the top

    _settings()  # a bad setting is told before a password is asked for
    secret = _password(owner_password, "Owner password", "--owner-password")

    async def action(db: "Database", auth: "AuthComponents") -> object:
        async with db.unit_of_work(clock=auth.clock, request_id=_cli_request_id()) as uow:
            tenant, owner = await accounts.create_tenant_with_owner(
                uow,
                auth=auth,
                slug=slug,
                name=name,
                owner_email=owner_email,
                owner_password=secret,
                owner_name=owner_name,
            )
            await _audit_cli(
                uow,
                tenant.id,
                action="tenant.created",
                target_type="tenant",
                target_id=tenant.id,
                changes={"slug": tenant.slug, "name": tenant.name, "owner_email": owner.email},
            )
        return tenant.id

    tenant_id = _run_with_app(action)
    typer.echo(f"tenant {slug} created (id {tenant_id}); owner {owner_email}")


audit_app = typer.Typer(help="The audit log.")
app.add_typer(audit_app, name="audit")


@audit_app.command("prune")
def audit_prune(
    older_than_days: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Delete rows older than this in every tenant (default: each tenant's "
            "audit_retention_days setting, 365 unless changed)",
        ),
    ] = None,
) -> None:
    """Delete audit rows past the retention period: the only way rows ever leave the log."""
    from olympus.accounts import retention  # late: see the note at the top

    async def action(db: "Database", auth: "AuthComponents") -> int:
        request_id = _cli_request_id()
        async with db.unit_of_work(clock=auth.clock, system=True, request_id=request_id) as uow:
            removed = await retention.prune_audit_logs(uow, older_than_days=older_than_days)
            await _audit_cli(
                uow,
                None,
                action="audit.pruned",
                target_type="audit_log",
                target_id="*",
                changes={"removed": removed, "older_than_days": older_than_days},
            )
        return removed

    removed = _run_with_app(action)
    window = f"{older_than_days} days" if older_than_days else "each tenant's retention"
    typer.echo(f"removed {removed} audit rows older than {window}")


@app.command()
def prune(
    older_than_days: Annotated[
        int, typer.Option(min=1, help="Keep what ended less than this many days ago")
    ] = 30,
) -> None:
    """Housekeeping: delete published events, expired idempotency keys, ended sessions with
    their refresh tokens, spent email tokens, security events last seen more than
    SECURITY_EVENT_RETENTION_DAYS ago (90 by default), and open carts left unchanged for
    CART_IDLE_MINUTES. Safe to run from cron; the audit log has its own command (`olympus
    audit prune`)."""
    from olympus.auth import service as auth_service  # late: see the note at the top
    from olympus.commerce.carts import service as carts  # late: see the note at the top
    from olympus.core import events, idempotency  # late: see the note at the top
    from olympus.platform.security_events import (  # late: see the note at the top
        service as security_events,
    )

    async def action(db: "Database", auth: "AuthComponents") -> dict[str, int]:
        kept_for = timedelta(days=auth.settings.security_event_retention_days)
        request_id = _cli_request_id()
        async with db.unit_of_work(clock=auth.clock, system=True, request_id=request_id) as uow:
            removed = {
                "events": await events.prune_published(uow, older_than_days=older_than_days),
                "sessions and tokens": await auth_service.prune_ended_sessions(
                    uow,
                    older_than_days=older_than_days,
                    idle_timeout_seconds=auth.settings.session_idle_timeout_seconds,
                ),
                "security events": await security_events.prune(
                    uow, older_than=auth.clock.now() - kept_for
                ),
                "expired carts": await carts.prune_expired(
                    uow, idle=timedelta(minutes=auth.settings.cart_idle_minutes)
                ),
            }
            await _audit_cli(
                uow,
                None,
                action="maintenance.pruned",
                target_type="maintenance",
                target_id="prune",
                changes={"older_than_days": older_than_days, "removed": dict(removed)},
            )
        removed["idempotency keys"] = await idempotency.prune_expired(db, clock=auth.clock)
        return removed

    for what, count in _run_with_app(action).items():
        typer.echo(f"removed {count} {what}")


_SINCE = re.compile(r"^(\d{1,6})([mhd])$")


def _since(value: str | None) -> datetime | None:
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


@app.command("security-events")
def security_events_list(
    tenant: Annotated[str, typer.Option(help="The tenant's slug")],
    kind: Annotated[
        str | None, typer.Option(help="login_failed, account_locked, permission_denied, ...")
    ] = None,
    address: Annotated[str | None, typer.Option(help="Only this client address")] = None,
    since: Annotated[
        str | None, typer.Option(help="Last seen since: 90m, 24h, 7d, or an ISO 8601 time")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many")] = 200,
) -> None:
    """Print a tenant's security events, newest first, as JSON lines."""
    from olympus.core.pagination import PageParams  # late: see the note at the top
    from olympus.platform.security_events import service  # late: see the note at the top
    from olympus.platform.security_events.models import (  # late: see the note at the top
        SecurityEventKind,
    )
    from olympus.platform.security_events.schemas import (  # late: see the note at the top
        SecurityEventOut,
    )
    from olympus.platform.tenants import service as tenants  # late: see the note at the top

    try:
        wanted = SecurityEventKind(kind) if kind else None
    except ValueError:
        known = ", ".join(k.value for k in SecurityEventKind)
        typer.echo(f"--kind: one of {known}", err=True)
        raise typer.Exit(2) from None
    filters = service.SecurityEventFilter(kind=wanted, ip=address, since=_since(since))

    async def action(db: "Database", auth: "AuthComponents") -> list[str]:
        async with db.unit_of_work(clock=auth.clock, write=False) as uow:
            found = await tenants.find_by_slug(uow, tenant)
            if found is None:
                return []
            await uow.set_tenant(found.id)
            rows, _ = await service.search(
                uow, filters=filters, page=PageParams(limit=limit, cursor=None)
            )
        return [
            SecurityEventOut.model_validate(r, from_attributes=True).model_dump_json() for r in rows
        ]

    lines = _run_with_app(action)
    for line in lines:
        typer.echo(line)


products_app = typer.Typer(help="The product catalog: CSV import and export.")
app.add_typer(products_app, name="products")


def _tenant_id(uow: "ReadUnitOfWork", slug: str) -> "Awaitable[uuid.UUID | None]":
    from olympus.platform.tenants import service as tenants  # late: see the note at the top

    async def find() -> "uuid.UUID | None":
        found = await tenants.find_by_slug(uow, slug)
        if found is not None:
            await uow.set_tenant(found.id)
        return None if found is None else found.id

    return find()


@products_app.command("import")
def products_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The CSV file")],
    tenant: Annotated[str, typer.Option(help="The tenant's slug")],
    dry_run: Annotated[bool, typer.Option(help="Check the file; write nothing")] = False,
    atomic: Annotated[bool, typer.Option(help="Write nothing if any row is rejected")] = False,
) -> None:
    """Upsert products by SKU from a CSV file, as POST /api/v1/products/import does (one
    transaction; columns and rules in docs/API.md). Rejected rows go to stderr."""
    from olympus.commerce.catalog import imports  # late: see the note at the top
    from olympus.commerce.catalog.errors import ImportRejected  # late: see the note at the top
    from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork  # late: see the note at the top

    content = file.read_bytes()

    async def action(db: "Database", auth: "AuthComponents") -> dict[str, Any] | None:
        opened: AbstractAsyncContextManager[ReadUnitOfWork] = (
            db.unit_of_work(clock=auth.clock, write=False)
            if dry_run
            else db.unit_of_work(clock=auth.clock)
        )
        try:
            async with opened as uow:
                if await _tenant_id(uow, tenant) is None:
                    return None
                if isinstance(uow, WriteUnitOfWork):
                    result = await imports.import_products(uow, content, atomic=atomic)
                else:
                    plan = await imports.plan_import(uow, content)
                    result = imports.dry_run_result(plan, atomic=atomic)
            return result.document()
        except ImportRejected as exc:  # rolled back: nothing written
            return {"refused": exc.detail, "rejected": exc.rejected}

    answer = _run_with_app(action)
    if answer is None:
        typer.echo(f"no tenant {tenant!r}", err=True)
        raise typer.Exit(1)
    for row in answer["rejected"]:
        for issue in row["errors"]:
            where = f" {issue['field']}" if issue["field"] else ""
            typer.echo(f"row {row['row']} ({row['sku']}){where}: {issue['message']}", err=True)
    if "refused" in answer:
        typer.echo(f"error (import_rejected): {answer['refused']}", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"{'dry run, nothing written: ' if dry_run else ''}created {answer['created']}, "
        f"updated {answer['updated']}, unchanged {answer['unchanged']}, rejected "
        f"{len(answer['rejected'])}, categories created {answer['categories_created']}"
    )


@products_app.command("export")
def products_export(
    tenant: Annotated[str, typer.Option(help="The tenant's slug")],
    output: Annotated[
        Path | None, typer.Option(dir_okay=False, help="Write here (default: standard output)")
    ] = None,
) -> None:
    """Write the tenant's products as CSV, as GET /api/v1/products/export does."""
    from olympus.commerce.catalog import imports  # late: see the note at the top

    async def action(db: "Database", auth: "AuthComponents") -> int | None:
        count = 0
        with (
            output.open("w", encoding="utf-8", newline="")
            if output
            else contextlib.nullcontext(sys.stdout)
        ) as sink:
            async with db.unit_of_work(clock=auth.clock, write=False) as uow:
                if await _tenant_id(uow, tenant) is None:
                    return None
                async for text in imports.export_csv(uow):
                    sink.write(text)
                    count += text.count("\n")
        return count - 1

    written = _run_with_app(action)
    if written is None:
        typer.echo(f"no tenant {tenant!r}", err=True)
        raise typer.Exit(1)
    if output:
        typer.echo(f"exported {written} products to {output}")


demo_app = typer.Typer(help="Demo data for newcomers and benchmarks.")
app.add_typer(demo_app, name="demo")


@demo_app.command("seed")
def demo_seed(
    tenant: Annotated[str, typer.Option(help="The tenant's slug (created with an owner if new)")],
    products: Annotated[int, typer.Option(min=1, max=1_000_000, help="How many products")] = 200,
    locations: Annotated[int, typer.Option(min=1, max=50, help="How many locations")] = 3,
    owner_email: Annotated[
        str | None, typer.Option(help="The owner's email, for a new tenant")
    ] = None,
    orders: Annotated[
        int,
        typer.Option(
            min=0,
            max=10_000_000,
            help="Also write this many orders of the past (the last thirteen months), "
            "with their payments, refunds and cancellations; each run adds that many more",
        ),
    ] = 0,
    seed: Annotated[int, typer.Option(help="The random seed: the same seed, the same data")] = 7,
) -> None:
    """Fill a tenant with a realistic shop: locations, a category tree, products (some with
    sizes as variants, some priced per location) and stock at every location. Running it
    again adds only what is missing. With --orders, the shop also gets a past (at least
    five locations then, one of each kind)."""
    from olympus.demo import service as demo  # late: see the note at the top

    async def action(db: "Database", auth: "AuthComponents") -> list[str]:
        report = await demo.seed(
            db,
            auth,
            tenant_slug=tenant,
            products=products,
            location_count=max(locations, len(demo.PLACES)) if orders else locations,
            owner_email=owner_email,
            random_seed=seed,
        )
        lines = demo.describe(report)
        if orders:
            written = await demo.seed_orders(
                db,
                auth,
                tenant_slug=tenant,
                orders_count=orders,
                random_seed=seed,
                progress=lambda n: typer.echo(f"... {n} of {orders} orders", err=True),
            )
            lines += demo.describe_orders(written)
        return lines

    for line in _run_with_app(action):
        typer.echo(line)


events_app = typer.Typer(help="The event stream: follow it live, or read past events.")
app.add_typer(events_app, name="events")


def _event_pattern(pattern: str) -> str:
    """`events.user.*` (the stream's name, as Redis shows it) or `user.*` (the type)."""
    return pattern.removeprefix("events.")


@events_app.command("tail")
def events_tail(
    pattern: Annotated[
        str, typer.Argument(help="Types to follow: 'events.user.*', 'order.created', '*'")
    ] = "*",
) -> None:
    """Print each matching event as one JSON line as it is published, until interrupted.
    With REDIS_URL it follows the Redis channels; without, it follows the outbox table."""
    from olympus.core import consumers  # late: see the note at the top
    from olympus.core.events import follow_outbox  # late: see the note at the top

    settings = _settings()
    wanted = _event_pattern(pattern)

    async def from_redis() -> None:
        from redis.asyncio import Redis  # late: see the note at the top

        redis = Redis.from_url(settings.redis_url)
        try:
            async for envelope in consumers.subscribe(
                redis, wanted, namespace=settings.event_namespace
            ):
                typer.echo(envelope.model_dump_json())
        finally:
            await redis.aclose()

    async def from_outbox(db: "Database", auth: "AuthComponents") -> None:
        async for envelope in follow_outbox(db, clock=auth.clock, pattern=wanted):
            typer.echo(json.dumps(envelope))

    try:
        if settings.redis_url:
            asyncio.run(from_redis())
        else:
            _run_with_app(from_outbox)
    except KeyboardInterrupt:
        pass


@events_app.command("list")
def events_list(
    event_type: Annotated[
        str | None, typer.Option("--type", help="A type or pattern: order.created, order.*")
    ] = None,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant's (its slug)")] = None,
    since: Annotated[
        str | None, typer.Option(help="Written since: 90m, 24h, 7d, or an ISO 8601 time")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100_000, help="At most this many")] = 100,
) -> None:
    """Print past events from the outbox, oldest first, as JSON lines (events published more
    than OUTBOX_RETENTION_HOURS ago have been pruned)."""
    from olympus.core.events import read_outbox  # late: see the note at the top
    from olympus.platform.tenants import service as tenants  # late: see the note at the top

    after = _since(since)
    pattern = _event_pattern(event_type) if event_type else None

    async def action(db: "Database", auth: "AuthComponents") -> list[dict[str, object]]:
        async with db.unit_of_work(clock=auth.clock, write=False, system=True) as uow:
            tenant_id = None
            if tenant is not None:
                found = await tenants.find_by_slug(uow, tenant)
                if found is None:
                    typer.echo(f"no tenant {tenant!r}", err=True)
                    raise typer.Exit(1)
                tenant_id = found.id
            return await read_outbox(
                uow, pattern=pattern, tenant_id=tenant_id, since=after, limit=limit
            )

    for envelope in _run_with_app(action):
        typer.echo(json.dumps(envelope))


@events_app.command("catalogue")
def events_catalogue(
    write: Annotated[
        Path | None, typer.Option(help="Write the catalogue to this file (docs/EVENTS.md)")
    ] = None,
    check: Annotated[
        Path | None,
        typer.Option(help="Exit 1 if this file differs from the catalogue (a stale copy)"),
    ] = None,
) -> None:
    """Print the catalogue of event types (each type's data: description, version, fields
    and an example) as Markdown, generated from their declarations; or write it, or check a
    written copy."""
    from olympus.event_catalogue import render_markdown  # late: see the note at the top

    if write is not None and check is not None:
        typer.echo("give --write or --check, not both", err=True)
        raise typer.Exit(2)
    text = render_markdown()
    if write is not None:
        write.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {write}")
    elif check is not None:
        current = check.read_text(encoding="utf-8") if check.exists() else ""
        if current != text:
            typer.echo(
                f"{check} is stale: run `olympus events catalogue --write {check}`", err=True
            )
            raise typer.Exit(1)
        typer.echo(f"{check} is up to date")
    else:
        typer.echo(text, nl=False)


inventory_app = typer.Typer(help="Stock and its ledger of movements.")
app.add_typer(inventory_app, name="inventory")


@inventory_app.command("check")
def inventory_check(tenant: Annotated[str, typer.Option(help="The tenant's slug")]) -> None:
    """Recompute a tenant's stock levels from the ledger of movements and report every level
    that differs from it (exit status 1 if one does)."""
    from olympus.commerce.inventory import service as inventory  # late: see the note at the top
    from olympus.platform.tenants import service as tenants  # late: see the note at the top

    async def action(db: "Database", auth: "AuthComponents") -> list[str] | None:
        async with db.unit_of_work(clock=auth.clock, write=False) as uow:
            found = await tenants.find_by_slug(uow, tenant)
            if found is None:
                return None
            await uow.set_tenant(found.id)
            differences = await inventory.check_ledger(uow)
        return [
            f"product {d.product_id} at location {d.location_id}: level on_hand={d.level[0]} "
            f"reserved={d.level[1]}, ledger on_hand={d.ledger[0]} reserved={d.ledger[1]}"
            for d in differences
        ]

    lines = _run_with_app(action)
    if lines is None:
        typer.echo(f"no tenant {tenant!r}", err=True)
        raise typer.Exit(2)
    for line in lines:
        typer.echo(line)
    if lines:
        typer.echo(f"{len(lines)} level(s) differ from the ledger", err=True)
        raise typer.Exit(1)
    typer.echo("every stock level matches its ledger")


analytics_app = typer.Typer(help="Sales analytics and their rollups.")
app.add_typer(analytics_app, name="analytics")


@analytics_app.command("rebuild")
def analytics_rebuild(
    tenant: Annotated[
        str | None, typer.Option(help="The tenant's id or slug (default: every tenant)")
    ] = None,
) -> None:
    """Recompute the analytics rollups from the orders and payments (after a restore, or
    to check them): a few set-based statements per tenant, one transaction each."""
    from olympus.commerce.analytics import service as analytics  # late: see the note at the top
    from olympus.platform.tenants import service as tenants  # late: see the note at the top

    async def action(db: "Database", auth: "AuthComponents") -> tuple[int, float] | None:
        tenant_id: uuid.UUID | None = None
        if tenant is not None:
            try:
                tenant_id = uuid.UUID(tenant)
            except ValueError:
                async with db.unit_of_work(clock=auth.clock, write=False, system=True) as uow:
                    found = await tenants.find_by_slug(uow, tenant)
                if found is None:
                    return None
                tenant_id = found.id
        started = time.perf_counter()
        rebuilt = await analytics.rebuild_tenant(db, clock=auth.clock, tenant_id=tenant_id)
        return len(rebuilt), time.perf_counter() - started

    done = _run_with_app(action)
    if done is None:
        typer.echo(f"no tenant {tenant!r}", err=True)
        raise typer.Exit(2)
    typer.echo(f"rebuilt the analytics of {done[0]} tenant(s) in {done[1]:.1f} s")


@app.command()
def openapi() -> None:
    """Print the OpenAPI schema as JSON."""
    from olympus.app import create_app  # late: see the note at the top

    typer.echo(json.dumps(create_app(_settings()).openapi(), indent=2))


@mail_app.command("list")
def mail_list(
    to: Annotated[str | None, typer.Option(help="Only messages to this address")] = None,
    last: Annotated[int, typer.Option(help="How many of the newest messages")] = 20,
) -> None:
    """Show the emails the development mailbox kept."""
    from olympus.auth.email import DevMailbox  # late: see the note at the top
    from olympus.core.clock import Clock  # late: see the note at the top

    settings = _settings()
    messages = DevMailbox(settings.dev_mailbox_path, Clock()).messages()
    if to:
        messages = [m for m in messages if m["to"].lower() == to.lower()]
    if not messages:
        typer.echo("no messages")
    for message in messages[-last:]:
        typer.echo(f"--- {message['sent_at']}  to: {message['to']}")
        typer.echo(f"subject: {message['subject']}\n\n{message['body']}\n")


def main() -> None:
    """The console script: what escapes a command is told in one line (see `_reported`)."""
    try:
        app()
    except Exception as exc:
        if startup.wants_tracebacks():
            raise
        line, code = describe_failure(exc)
        typer.echo(line, err=True)
        sys.exit(code)
