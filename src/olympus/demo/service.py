"""Demo data: `seed` fills a tenant with a realistic shop (locations, a category tree, a
catalogue with some variants and location prices, stock everywhere) through the domains' own
services, in bulk, so a newcomer sees a living system and benchmarks have data. It is
repeatable: a second run with the same numbers finds what the first made and adds nothing.

`seed_orders` then gives the shop a past: N orders over the last thirteen months
(`demo.history` makes them up, from a seed), written through each domain's
`bulk_insert_history` in set-based statements, a batch per transaction. Each run adds N
more orders, numbered after the tenant's last. History is past business: it writes no
outbox events, no audit rows and no stock movements (its reservations ended long ago; the
stock levels stay today's counts, and the ledger still sums to them)."""

import asyncio
import csv
import io
import random
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from olympus.accounts import service as accounts
from olympus.auth.service import AuthComponents
from olympus.commerce.catalog import imports
from olympus.commerce.catalog import service as catalog
from olympus.commerce.discounts import service as discounts
from olympus.commerce.inventory import service as inventory
from olympus.commerce.orders import service as orders
from olympus.commerce.payments import service as payments
from olympus.commerce.pricing import service as pricing
from olympus.core.db import Database, ReadUnitOfWork, WriteUnitOfWork
from olympus.demo import history
from olympus.platform.locations import service as locations
from olympus.platform.settings import service as settings
from olympus.platform.settings.schemas import TaxRate, TenantSettingsUpdate
from olympus.platform.tenants import service as tenants

SKU_PREFIX = "DEMO-"
LOCATION_PREFIX = "DEMO-"
# The shop's shape: departments, aisles, and the words its products are named with.
DEPARTMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "Drinks": {
        "Tea": ("Green Tea", "Earl Grey", "Jasmine Tea", "Rooibos", "Chai", "Oolong"),
        "Coffee": ("Espresso Beans", "Filter Coffee", "Decaf", "Cold Brew", "Mocha Blend"),
        "Juice": ("Orange Juice", "Apple Juice", "Mango Nectar", "Lemonade"),
    },
    "Bakery": {
        "Bread": ("Sourdough", "Rye Loaf", "Baguette", "Brioche", "Focaccia"),
        "Pastry": ("Croissant", "Pain au Chocolat", "Cinnamon Roll", "Danish", "Muffin"),
    },
    "Pantry": {
        "Spreads": ("Honey", "Strawberry Jam", "Peanut Butter", "Marmalade"),
        "Snacks": ("Oat Biscuits", "Sea Salt Crisps", "Dark Chocolate", "Trail Mix"),
    },
    "Home": {
        "Kitchen": ("Mug", "Teapot", "French Press", "Kettle", "Tea Towel"),
        "Apparel": ("T-Shirt", "Hoodie", "Apron", "Cap"),
    },
}
QUALIFIERS = ("Classic", "Organic", "Large", "Small", "Family", "Premium", "Fair-Trade", "Local")
# Sized goods get variants (a product in this aisle, one in 30, up to `MAX_WITH_VARIANTS`).
SIZES = ("S", "M", "L")
MAX_WITH_VARIANTS = 200
TAX_CLASSES = {"Drinks": "reduced", "Bakery": "reduced", "Pantry": "reduced", "Home": "standard"}
# One of each kind of location among the first five; the warehouse ships the web shop.
PLACES = (
    ("Downtown Store", "store", "Europe/Paris"),
    ("Airport Kiosk", "branch", "Europe/Paris"),
    ("Central Warehouse", "warehouse", "Europe/Paris"),
    ("Riverside Store", "store", "Europe/Paris"),
    ("Head Office", "office", "Europe/Paris"),
)


@dataclass
class SeedReport:
    tenant_id: uuid.UUID
    tenant_slug: str
    owner_email: str | None = None
    # Only when the tenant was created by this run: shown once.
    owner_password: str | None = None
    locations_created: int = 0
    products_created: int = 0
    products_updated: int = 0
    variants_created: int = 0
    location_prices: int = 0
    stock_levels: int = 0
    notes: list[str] = field(default_factory=list)


def _catalogue_csv(count: int, currency: str, rng: random.Random) -> bytes:
    """`count` products as the import takes them: name, SKU, price, category path, barcode."""
    aisles = [(d, a, words) for d, aisles in DEPARTMENTS.items() for a, words in aisles.items()]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["sku", "name", "price", "currency", "status", "description", "category", "barcode",
         "tax_class"]
    )  # fmt: skip
    for n in range(1, count + 1):
        department, aisle, words = aisles[n % len(aisles)]
        noun = words[(n // len(aisles)) % len(words)]
        qualifier = QUALIFIERS[(n // (len(aisles) * len(words))) % len(QUALIFIERS)]
        status = "draft" if n % 50 == 0 else "active"
        writer.writerow(
            [
                f"{SKU_PREFIX}{n:06d}",
                f"{qualifier} {noun} {n}",
                rng.randrange(150, 6000, 5),
                currency,
                status,
                f"{qualifier} {noun.lower()} from the {aisle.lower()} aisle.",
                f"{department}/{aisle}",
                f"200{n:010d}",
                TAX_CLASSES[department],
            ]
        )
    return out.getvalue().encode()


async def _tenant(
    db: Database, auth: AuthComponents, slug: str, report_email: str | None
) -> tuple[uuid.UUID, str | None, str | None]:
    async with db.unit_of_work(clock=auth.clock, write=False) as reader:
        found = await tenants.find_by_slug(reader, slug)
    if found is not None:
        return found.id, None, None
    email = report_email or f"owner@{slug}.example.com"
    password = secrets.token_urlsafe(12)
    async with db.unit_of_work(clock=auth.clock) as uow:
        tenant, _ = await accounts.create_tenant_with_owner(
            uow,
            auth=auth,
            slug=slug,
            name=slug.replace("-", " ").title(),
            owner_email=email,
            owner_password=password,
            owner_name="Demo Owner",
        )
    return tenant.id, email, password


async def _locations(
    db: Database, auth: AuthComponents, tenant_id: uuid.UUID, count: int, currency: str
) -> tuple[list[uuid.UUID], int]:
    """The demo locations (codes DEMO-01, ...), created if missing."""
    wanted = [(f"{LOCATION_PREFIX}{i + 1:02d}", PLACES[i % len(PLACES)]) for i in range(count)]
    ids, created = [], 0
    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id) as uow:
        existing = await locations.find_by_codes(uow, [code for code, _ in wanted])
        for index, (code, (name, kind, zone)) in enumerate(wanted):
            if code in existing:
                ids.append(existing[code])
                continue
            suffix = f" {index // len(PLACES) + 1}" if index >= len(PLACES) else ""
            location = await locations.create_location(
                uow,
                name=f"{name}{suffix}",
                code=code,
                kind=kind,
                address={"city": "Paris", "country": "FR"},
                timezone=zone,
                currency=currency,
            )
            ids.append(location.id)
            created += 1
    return ids, created


async def _variants(
    db: Database, auth: AuthComponents, tenant_id: uuid.UUID, skus: dict[str, uuid.UUID]
) -> int:
    """Sizes for some apparel: the product gets the option, each size a variant of its own."""
    sized = [sku for n, sku in enumerate(sorted(skus)) if n % 30 == 7][:MAX_WITH_VARIANTS]
    created = 0
    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id) as uow:
        for sku in sized:
            product_id = skus[sku]
            if await catalog.has_variants(uow, product_id):
                continue
            await catalog.update_product(
                uow, product_id, changes={"options": [{"name": "size", "values": list(SIZES)}]}
            )
            for size in SIZES:
                await catalog.create_variant(
                    uow, product_id, sku=f"{sku}-{size}", option_values={"size": size}
                )
                created += 1
    return created


async def _location_prices(
    db: Database,
    auth: AuthComponents,
    tenant_id: uuid.UUID,
    units: dict[str, tuple[uuid.UUID, int]],
    location_id: uuid.UUID,
) -> int:
    """The airport charges 10% more on drinks and bakery (one unit in 20 of the others)."""
    chosen = [(uid, price) for n, (uid, price) in enumerate(units.values()) if n % 20 == 3]
    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id) as uow:
        for unit_id, price in chosen[:2000]:
            await catalog.set_location_price(uow, unit_id, location_id, price=price * 11 // 10)
    return len(chosen[:2000])


async def seed(
    db: Database,
    auth: AuthComponents,
    *,
    tenant_slug: str,
    products: int = 200,
    location_count: int = 3,
    owner_email: str | None = None,
    random_seed: int = 7,
) -> SeedReport:
    """Fill `tenant_slug` (created, with an owner, if it does not exist) with demo data."""
    rng = random.Random(random_seed)  # noqa: S311 - demo data, not secrets
    tenant_id, email, password = await _tenant(db, auth, tenant_slug, owner_email)
    report = SeedReport(tenant_id, tenant_slug, email, password)
    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id, write=False) as uow:
        currency = (await settings.get_tenant_settings(uow)).default_currency

    location_ids, report.locations_created = await _locations(
        db, auth, tenant_id, location_count, currency
    )
    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id) as uow:
        result = await imports.import_products(uow, _catalogue_csv(products, currency, rng))
    report.products_created, report.products_updated = result.created, result.updated
    if result.rejected:
        report.notes.append(f"{len(result.rejected)} demo rows rejected: {result.rejected[:3]}")

    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id, write=False) as uow:
        parents = await catalog.ids_by_sku_prefix(uow, SKU_PREFIX)
    report.variants_created = await _variants(db, auth, tenant_id, parents)

    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id, write=False) as uow:
        units = await catalog.sellable_prices_by_sku_prefix(uow, SKU_PREFIX)
        stocked = await inventory.stocked_units(uow, [u for u, _ in units.values()])
    if len(location_ids) > 1:
        report.location_prices = await _location_prices(db, auth, tenant_id, units, location_ids[1])
    levels = _stock_levels(units, location_ids, stocked, rng)
    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant_id) as uow:
        report.stock_levels = await inventory.receive_in_bulk(uow, levels, reason="demo stock")
    return report


def _stock_levels(
    units: dict[str, tuple[uuid.UUID, int]],
    location_ids: Sequence[uuid.UUID],
    stocked: set[tuple[uuid.UUID, uuid.UUID]],
    rng: random.Random,
) -> list[tuple[uuid.UUID, uuid.UUID, int]]:
    """Stock for each unit at each location, except one level in ten (sold out there) and
    the levels a previous run stocked already; the warehouse holds more."""
    levels: list[tuple[uuid.UUID, uuid.UUID, int]] = []
    for index, (unit_id, _) in enumerate(units.values()):
        for position, location_id in enumerate(location_ids):
            if (index + position) % 10 == 0 or (unit_id, location_id) in stocked:
                continue
            top = 400 if position == 2 else 60
            levels.append((unit_id, location_id, rng.randint(1, top)))
    return levels


def describe(report: SeedReport) -> list[str]:
    """The report as the CLI prints it."""
    lines = [f"tenant {report.tenant_slug} (id {report.tenant_id})"]
    if report.owner_password:
        lines.append(
            f"owner {report.owner_email} / password {report.owner_password} "
            "(created now: keep it, it is not shown again)"
        )
    counts: dict[str, Any] = {
        "locations created": report.locations_created,
        "products created": report.products_created,
        "products updated": report.products_updated,
        "variants created": report.variants_created,
        "location prices": report.location_prices,
        "stock levels received": report.stock_levels,
    }
    lines += [f"{name}: {value}" for name, value in counts.items()]
    return lines + report.notes


# --- a past: orders over the last thirteen months ----------------------------------------------

ORDERS_BATCH = 20_000
# The demo's discount codes (any case at the till), created when missing.
DEMO_DISCOUNTS: tuple[dict[str, Any], ...] = (
    {"code": "DEMO10", "name": "Ten per cent off", "type": "percentage", "value": "10"},
    {"code": "DEMO5OFF", "name": "5 off from 20", "type": "fixed", "value": "500",
     "min_subtotal": 2000},
    {"code": "DEMO3FOR2", "name": "Third one free", "type": "buy_x_get_y", "value": "100",
     "buy_quantity": 2, "get_quantity": 1},
)  # fmt: skip
# Tax rates for a demo tenant that has none yet (France's standard and reduced rates).
DEMO_TAX_RATES = {"standard": Decimal("20"), "reduced": Decimal("5.5")}

# Called once the orders are written, with the database and the tenant's id: what derives
# from orders in bulk (the analytics' rollups) is rebuilt there.
AfterOrdersSeeded = Callable[[Database, uuid.UUID], Awaitable[None]]


@dataclass
class OrdersSeedReport:
    tenant_id: uuid.UUID
    orders: int = 0
    first_number: str | None = None
    last_number: str | None = None
    payments: int = 0
    refunds: int = 0
    cancelled: int = 0
    discounted: int = 0
    seconds: float = 0.0


async def _demo_discounts(uow: WriteUnitOfWork) -> list[pricing.Discount]:
    found = await discounts.find_by_codes(uow, [d["code"] for d in DEMO_DISCOUNTS])
    offers = []
    for wanted in DEMO_DISCOUNTS:
        discount = found.get(discounts.code_key(wanted["code"]))
        if discount is None:
            terms = dict.fromkeys(discounts.TERMS) | {
                "min_subtotal": 0, "product_ids": [], "category_ids": [], "automatic": False,
            } | wanted  # fmt: skip
            discount = await discounts.create_discount(uow, terms=terms)
        if discount.status == "active" and discount.usage_limit is None:
            offers.append(discounts.as_offer(discount))
    return offers


async def _demo_tax(uow: WriteUnitOfWork) -> None:
    if not (await settings.get_tenant_settings(uow)).tax_rates:
        rates = [TaxRate(tax_class=c, rate=r) for c, r in DEMO_TAX_RATES.items()]
        await settings.update_tenant_settings(uow, update=TenantSettingsUpdate(tax_rates=rates))


async def _places(uow: ReadUnitOfWork) -> list[history.Place]:
    """The demo locations with the active units each sells, at its prices."""
    tenant = await settings.get_tenant_settings(uow)
    codes = [f"{LOCATION_PREFIX}{n:02d}" for n in range(1, 65)]
    found = await locations.find_by_codes(uow, codes)
    units = await catalog.sellable_prices_by_sku_prefix(uow, SKU_PREFIX)
    places = []
    for code in sorted(found):
        location = await locations.get_location(uow, found[code])
        if location.status != "active" or location.kind not in history.SHAPES:
            continue
        priced = await catalog.sellable_units_at(uow, [u for u, _ in units.values()], location.id)
        sold = [
            history.Unit(unit.id, unit.sku, unit.name, price, unit.tax_class)
            for unit, price in priced.values()
            if unit.status == "active" and unit.currency == location.currency
        ]
        if len(sold) >= 5:
            policy = pricing.tax_policy_of(tenant, location.id)
            places.append(
                history.Place(location.id, location.kind, location.currency, sold, policy.rates)
            )
    return places


async def seed_orders(
    db: Database,
    auth: AuthComponents,
    *,
    tenant_slug: str,
    orders_count: int,
    random_seed: int = 7,
    batch_size: int = ORDERS_BATCH,
    progress: Callable[[int], None] | None = None,
    after_seeded: Sequence[AfterOrdersSeeded] = (),
) -> OrdersSeedReport:
    """Give the demo tenant `tenant_slug` (made by `seed` first) `orders_count` orders of
    the past: over the last thirteen months in the tenant's time zone, at every demo
    location by the shape of its kind, paid by card, cash or both, some cancelled, some
    refunded, some discounted. The same seed makes the same history (ids and numbers
    aside). A batch of `batch_size` orders per transaction; `progress` hears how many are
    written so far."""
    started = time.perf_counter()
    async with db.unit_of_work(clock=auth.clock, write=False) as reader:
        tenant = await tenants.find_by_slug(reader, tenant_slug)
    if tenant is None:
        raise ValueError(f"no tenant {tenant_slug!r}: run the demo seed first")
    report = OrdersSeedReport(tenant.id)
    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant.id) as uow:
        await _demo_tax(uow)
        offers = await _demo_discounts(uow)
    async with db.unit_of_work(clock=auth.clock, tenant_id=tenant.id, write=False) as reader:
        tenant_settings = await settings.get_tenant_settings(reader)
        places = await _places(reader)
    if not places:
        raise ValueError("the tenant has no demo location with demo products to sell")

    rng = random.Random(random_seed)  # noqa: S311 - demo data, not secrets
    now = auth.clock.now()
    zone = tenant_settings.default_timezone
    today = now.astimezone(ZoneInfo(zone)).date()
    keys = history.order_times(rng, orders_count, places, zone=zone, today=today)
    maker = history.HistoryMaker(
        rng, places, offers, prices_include_tax=tenant_settings.prices_include_tax, now=now
    )
    prefix = tenant_settings.order_number_prefix
    batches = [keys[start : start + batch_size] for start in range(0, len(keys), batch_size)]
    # The next batch is made up in a thread while this one is written: the database works on
    # one core while Python works on the other. One maker, batches in order: deterministic.
    making = asyncio.ensure_future(asyncio.to_thread(maker.batch, batches[0])) if keys else None
    for index in range(len(batches)):
        assert making is not None
        made = await making
        if index + 1 < len(batches):
            making = asyncio.ensure_future(asyncio.to_thread(maker.batch, batches[index + 1]))
        async with db.unit_of_work(clock=auth.clock, tenant_id=tenant.id) as uow:
            # Reservations before the orders that name them; then what points at orders.
            await inventory.bulk_insert_history(uow, made.reservations)
            numbers = await orders.bulk_insert_history(uow, made.orders, number_prefix=prefix)
            await discounts.bulk_insert_history(uow, made.uses)
            report.payments += await payments.bulk_insert_history(uow, made.payments, made.refunds)
        report.first_number = report.first_number or numbers[0]
        report.last_number = numbers[-1]
        report.orders += len(made.orders)
        report.refunds += len(made.refunds)
        report.cancelled += sum(1 for o in made.orders if o.status == "cancelled")
        report.discounted += len({use.order_id for use in made.uses})
        if progress is not None:
            progress(report.orders)

    # --- hook: what derives from orders is rebuilt here -----------------------------------------
    # The history above went in without events, so nothing listening to `order.*` saw it:
    # whatever is computed from orders in bulk (the analytics' rollups) is rebuilt now, by the
    # callbacks given (the CLI passes the analytics' rebuild once that package exists).
    for rebuild in after_seeded:
        await rebuild(db, tenant.id)
    report.seconds = time.perf_counter() - started
    return report


def describe_orders(report: OrdersSeedReport) -> list[str]:
    """The orders' report as the CLI prints it."""
    return [
        f"orders written: {report.orders} ({report.first_number} to {report.last_number})",
        f"payments: {report.payments}, refunds: {report.refunds}",
        f"cancelled: {report.cancelled}, discounted: {report.discounted}",
        f"took {report.seconds:.1f} s",
    ]
