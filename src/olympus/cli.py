"""The `olympus` command: serve, migrate, create-admin, create-tenant, prune, security-events,
inventory check, openapi, mail."""

import asyncio
import getpass
import json
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from olympus.config import ConfigError, Settings

if TYPE_CHECKING:
    from olympus.auth.service import AuthComponents
    from olympus.core.db import Database

# Each command imports the application's modules it needs when it runs, not at start: so
# `olympus --help` and `olympus mail list` answer at once, without loading the web stack.

app = typer.Typer(help="Olympus Core: run and administer the service.", no_args_is_help=True)
mail_app = typer.Typer(help="The development mailbox (used when SMTP_URL is not set).")
app.add_typer(mail_app, name="mail")

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return Settings()
    except ConfigError as exc:
        typer.echo(f"configuration error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _password(value: str | None, prompt: str) -> str:
    if value:
        return value
    if not sys.stdin.isatty():
        typer.echo(f"{prompt}: give it with the option (no terminal to ask on)", err=True)
        raise typer.Exit(2)
    first = getpass.getpass(f"{prompt}: ")
    if getpass.getpass("Again: ") != first:
        typer.echo("the two passwords differ", err=True)
        raise typer.Exit(2)
    return first


def _run_with_app(action: "Callable[[Database, AuthComponents], Awaitable[T]]") -> T:
    """Run `action(db, auth)` against a migrated database, outside any server."""
    from olympus.app import create_app  # late: see the note at the top
    from olympus.core.errors import DomainError  # late: see the note at the top

    settings = _settings()

    async def main() -> T:
        application = create_app(settings, bootstrap=False)
        async with application.router.lifespan_context(application):
            return await action(application.state.db, application.state.auth)

    try:
        return asyncio.run(main())
    except DomainError as exc:
        typer.echo(f"error ({exc.code}): {exc.detail}", err=True)
        raise typer.Exit(1) from exc


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (HOST)")] = None,
    port: Annotated[int | None, typer.Option(help="Port (PORT, default 8000)")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (needs REDIS_URL if > 1)")] = 1,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development)")] = False,
) -> None:
    """Start the HTTP service."""
    import uvicorn  # late: see the note at the top

    settings = _settings()
    if workers > 1 and not settings.redis_url:
        typer.echo(
            "--workers > 1 needs REDIS_URL: without Redis the denylist and rate limits live "
            "in one process",
            err=True,
        )
        raise typer.Exit(2)
    if workers > 1 and settings.should_auto_migrate:
        from olympus.core.migrations import upgrade  # late: see the note at the top

        upgrade(settings.effective_database_url, app_role=settings.database_app_role)
    uvicorn.run(
        "olympus.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        reload=reload,
        access_log=False,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
    )


@app.command()
def migrate(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Apply the database migrations."""
    from olympus.core.migrations import upgrade  # late: see the note at the top

    settings = _settings()
    upgrade(settings.effective_database_url, revision, app_role=settings.database_app_role)
    typer.echo(f"database at {revision}")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(help="The operator's email")],
    password: Annotated[str | None, typer.Option(help="Asked for when omitted")] = None,
    full_name: Annotated[str, typer.Option("--name", help="The operator's name")] = "",
) -> None:
    """Create a platform operator (a user of the reserved `platform` tenant)."""
    from olympus.accounts import service as accounts  # late: see the note at the top

    secret = _password(password, "Password")

    async def action(db: "Database", auth: "AuthComponents") -> object:
        async with db.unit_of_work(clock=auth.clock) as uow:
            user = await accounts.create_operator(
                uow, auth=auth, email=email, password=secret, full_name=full_name
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

    secret = _password(owner_password, "Owner password")

    async def action(db: "Database", auth: "AuthComponents") -> object:
        async with db.unit_of_work(clock=auth.clock) as uow:
            tenant, _ = await accounts.create_tenant_with_owner(
                uow,
                auth=auth,
                slug=slug,
                name=name,
                owner_email=owner_email,
                owner_password=secret,
                owner_name=owner_name,
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
        async with db.unit_of_work(clock=auth.clock, system=True) as uow:
            return await retention.prune_audit_logs(uow, older_than_days=older_than_days)

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
    their refresh tokens, spent email tokens, and security events last seen more than
    SECURITY_EVENT_RETENTION_DAYS ago (90 by default). Safe to run from cron; the audit log
    has its own command (`olympus audit prune`)."""
    from olympus.auth import service as auth_service  # late: see the note at the top
    from olympus.core import events, idempotency  # late: see the note at the top
    from olympus.platform.security_events import (  # late: see the note at the top
        service as security_events,
    )

    async def action(db: "Database", auth: "AuthComponents") -> dict[str, int]:
        kept_for = timedelta(days=auth.settings.security_event_retention_days)
        async with db.unit_of_work(clock=auth.clock, system=True) as uow:
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
            }
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
    app()
