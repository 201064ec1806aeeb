"""The commerce data kept by hand: products import and export (CSV), inventory check (the
stock levels against their ledger) and analytics rebuild (the rollups)."""

import contextlib
import sys
import time
import uuid
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from olympus.cli.running import (
    run_with_app,
    select_tenant,
)

if TYPE_CHECKING:
    from olympus.auth.service import AuthComponents
    from olympus.core.db import Database

# The application's modules are imported inside each command, when it runs: see the note in
# the package's docstring.


products_app = typer.Typer(help="The product catalog: CSV import and export.")


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
                if await select_tenant(uow, tenant) is None:
                    return None
                if isinstance(uow, WriteUnitOfWork):
                    result = await imports.import_products(uow, content, atomic=atomic)
                else:
                    plan = await imports.plan_import(uow, content)
                    result = imports.dry_run_result(plan, atomic=atomic)
            return result.document()
        except ImportRejected as exc:  # rolled back: nothing written
            return {"refused": exc.detail, "rejected": exc.rejected}

    answer = run_with_app(action)
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
                if await select_tenant(uow, tenant) is None:
                    return None
                async for text in imports.export_csv(uow):
                    sink.write(text)
                    count += text.count("\n")
        return count - 1

    written = run_with_app(action)
    if written is None:
        typer.echo(f"no tenant {tenant!r}", err=True)
        raise typer.Exit(1)
    if output:
        typer.echo(f"exported {written} products to {output}")


inventory_app = typer.Typer(help="Stock and its ledger of movements.")


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

    lines = run_with_app(action)
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

    done = run_with_app(action)
    if done is None:
        typer.echo(f"no tenant {tenant!r}", err=True)
        raise typer.Exit(2)
    typer.echo(f"rebuilt the analytics of {done[0]} tenant(s) in {done[1]:.1f} s")
