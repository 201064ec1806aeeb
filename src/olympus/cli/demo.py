"""Demo data: demo seed fills a tenant with a realistic shop, and with --orders its past."""

from typing import TYPE_CHECKING, Annotated

import typer

from olympus.cli.running import (
    run_with_app,
)

if TYPE_CHECKING:
    from olympus.auth.service import AuthComponents
    from olympus.core.db import Database

# The application's modules are imported inside each command, when it runs: see the note in
# the package's docstring.


demo_app = typer.Typer(help="Demo data for newcomers and benchmarks.")


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

    for line in run_with_app(action):
        typer.echo(line)
