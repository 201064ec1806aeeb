"""The events of the outbox: the relay that publishes them to Redis on its own, and events
tail, list and catalogue."""

import asyncio
import json
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from olympus import startup
from olympus.cli.running import (
    checked_settings,
    parse_since,
    reported,
    run_with_app,
)

if TYPE_CHECKING:
    from olympus.auth.service import AuthComponents
    from olympus.core.db import Database

# The application's modules are imported inside each command, when it runs: see the note in
# the package's docstring.


def relay_command() -> None:
    """Run the outbox relay alone (for deployments that keep it apart from the API, whose
    processes then run `olympus serve --no-relay` or OUTBOX_RELAY=false): publish committed
    events to Redis until SIGTERM or Ctrl-C, then publish what is left and exit."""
    from olympus.app import create_app  # late: see the note at the top

    settings = checked_settings()
    with reported():
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

    with reported():
        asyncio.run(main())


events_app = typer.Typer(help="The event stream: follow it live, or read past events.")


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

    settings = checked_settings()
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
            run_with_app(from_outbox)
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

    after = parse_since(since)
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

    for envelope in run_with_app(action):
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
