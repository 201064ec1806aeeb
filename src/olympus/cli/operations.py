"""Housekeeping and what operators read: prune, audit prune, security-events, and the
development mailbox (mail list)."""

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from olympus.cli.running import (
    audit_cli,
    checked_settings,
    cli_request_id,
    parse_since,
    run_with_app,
)

if TYPE_CHECKING:
    from olympus.auth.service import AuthComponents
    from olympus.core.db import Database

# The application's modules are imported inside each command, when it runs: see the note in
# the package's docstring.


audit_app = typer.Typer(help="The audit log.")


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
        request_id = cli_request_id()
        async with db.unit_of_work(clock=auth.clock, system=True, request_id=request_id) as uow:
            removed = await retention.prune_audit_logs(uow, older_than_days=older_than_days)
            await audit_cli(
                uow,
                None,
                action="audit.pruned",
                target_type="audit_log",
                target_id="*",
                changes={"removed": removed, "older_than_days": older_than_days},
            )
        return removed

    removed = run_with_app(action)
    window = f"{older_than_days} days" if older_than_days else "each tenant's retention"
    typer.echo(f"removed {removed} audit rows older than {window}")


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
        request_id = cli_request_id()
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
            await audit_cli(
                uow,
                None,
                action="maintenance.pruned",
                target_type="maintenance",
                target_id="prune",
                changes={"older_than_days": older_than_days, "removed": dict(removed)},
            )
        removed["idempotency keys"] = await idempotency.prune_expired(db, clock=auth.clock)
        return removed

    for what, count in run_with_app(action).items():
        typer.echo(f"removed {count} {what}")


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
    filters = service.SecurityEventFilter(kind=wanted, ip=address, since=parse_since(since))

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

    lines = run_with_app(action)
    for line in lines:
        typer.echo(line)


mail_app = typer.Typer(help="The development mailbox (used when SMTP_URL is not set).")


@mail_app.command("list")
def mail_list(
    to: Annotated[str | None, typer.Option(help="Only messages to this address")] = None,
    last: Annotated[int, typer.Option(help="How many of the newest messages")] = 20,
) -> None:
    """Show the emails the development mailbox kept."""
    from olympus.auth.email import DevMailbox  # late: see the note at the top
    from olympus.core.clock import Clock  # late: see the note at the top

    settings = checked_settings()
    messages = DevMailbox(settings.dev_mailbox_path, Clock()).messages()
    if to:
        messages = [m for m in messages if m["to"].lower() == to.lower()]
    if not messages:
        typer.echo("no messages")
    for message in messages[-last:]:
        typer.echo(f"--- {message['sent_at']}  to: {message['to']}")
        typer.echo(f"subject: {message['subject']}\n\n{message['body']}\n")
