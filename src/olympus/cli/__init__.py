"""The `olympus` command: serve, relay, check, migrate, create-admin, create-tenant, prune,
audit prune, security-events, products import/export, inventory check, demo seed, events
(tail, list, catalogue), openapi, mail. A failure ends in one line on stderr and a non-zero
exit (the traceback too with LOG_LEVEL=DEBUG); a command's result, and nothing else, goes to
stdout. One module per concern:

- `running`     how every command runs: its settings, a failure told in one line with its
                exit code, the app outside any server, the CLI's audit rows, and the inputs
                several commands share (a password, `--since`, a tenant by its slug)
- `serving`     serve, check, migrate, openapi
- `accounts`    create-tenant, create-admin
- `operations`  prune, audit prune, security-events, mail list
- `commerce`    products import/export, inventory check, analytics rebuild
- `demo`        demo seed
- `events`      relay, events tail/list/catalogue

This module builds `app` (the console script's `main` runs it) from their commands, in the
order `olympus --help` lists them.

Each command imports the application's modules it needs when it runs, not at start: so
`olympus --help` and `olympus mail list` answer at once, without loading the web stack."""

import sys

import typer

from olympus import startup
from olympus.cli import accounts, commerce, demo, events, operations, serving
from olympus.cli.running import describe_failure

__all__ = ["app", "describe_failure", "main"]

app = typer.Typer(help="Olympus Core: run and administer the service.", no_args_is_help=True)

app.command()(serving.serve)
app.command("relay")(events.relay_command)
app.command()(serving.check)
app.command()(serving.migrate)
app.command("create-admin")(accounts.create_admin)
app.command("create-tenant")(accounts.create_tenant)
app.command()(operations.prune)
app.command("security-events")(operations.security_events_list)
app.command()(serving.openapi)

app.add_typer(operations.mail_app, name="mail")
app.add_typer(operations.audit_app, name="audit")
app.add_typer(commerce.products_app, name="products")
app.add_typer(demo.demo_app, name="demo")
app.add_typer(events.events_app, name="events")
app.add_typer(commerce.inventory_app, name="inventory")
app.add_typer(commerce.analytics_app, name="analytics")


def main() -> None:
    """The console script: what escapes a command is told in one line (see `running.reported`)."""
    try:
        app()
    except Exception as exc:
        if startup.wants_tracebacks():
            raise
        line, code = describe_failure(exc)
        typer.echo(line, err=True)
        sys.exit(code)
