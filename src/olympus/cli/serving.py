"""Run the service and ready its database: serve (after its checks), check, migrate, and
the OpenAPI schema the app answers with."""

import asyncio
import json
import os
from typing import TYPE_CHECKING, Annotated

import typer

from olympus import startup
from olympus.cli.running import (
    checked_settings,
    reported,
)

if TYPE_CHECKING:
    pass

# The application's modules are imported inside each command, when it runs: see the note in
# the package's docstring.


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

    settings = checked_settings()
    with reported():
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


def check() -> None:
    """Check the installation without serving: configuration, the database (reachable and
    migrated), Redis, SMTP and the signing keys. One line per check; exit status 1 if one
    failed."""
    settings = checked_settings()
    results = startup.run_checks(settings)
    for result in results:
        typer.echo(result.line)
    if not all(r.ok for r in results):
        raise typer.Exit(1)


def migrate(revision: Annotated[str, typer.Argument(help="Target revision")] = "head") -> None:
    """Apply the database migrations; says which it applied (`0001 → 0018`) or that the
    database was already there."""
    from olympus.core.migrations import upgrade  # late: see the note at the top

    settings = checked_settings()
    url = settings.effective_database_url
    with reported():
        before = asyncio.run(startup.database_revision(url))
        upgrade(url, revision, app_role=settings.database_app_role, settings=settings)
        after = asyncio.run(startup.database_revision(url))
    if after == before:
        typer.echo(f"already at {after}")
        return
    applied = startup.revisions_between(before, after)
    span = applied[0] if len(applied) == 1 else f"{applied[0]} → {applied[-1]}"
    typer.echo(f"applied {span}" if applied else f"at {after} (from {before})")


def openapi() -> None:
    """Print the OpenAPI schema as JSON."""
    from olympus.app import create_app  # late: see the note at the top

    typer.echo(json.dumps(create_app(checked_settings()).openapi(), indent=2))
