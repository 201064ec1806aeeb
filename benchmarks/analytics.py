"""Analytics at a million orders, on PostgreSQL.

1. Creates the database `olympus_bench_analytics` (dropped first), migrates it, and makes a
   tenant with 5 locations and 200 products through the service.
2. Writes the history. By default with `olympus demo seed --orders N` (`--history demo`: the
   demo shop, then N orders over the last thirteen months through the domains' bulk
   inserts, see the seed's section of the README), timed; the seed rebuilds the rollups at
   its end. With `--history sql`, a year (2025) written with set-based SQL: `--orders` orders
   (1,000,000 by default) at business hours, 1 to 3 lines each, 96 % paid (70 % card, 30 %
   cash), 3 % of the paid ones refunded in part days later, the rest cancelled unpaid. It
   writes what the orders and payments domains write: reservations, orders, items, timeline
   entries (created, paid), payments, refunds. Times it.
3. Rebuilds the analytics rollups (`rebuild_tenant`: set-based INSERT ... SELECT) and times it.
4. Times every report over that year through the HTTP API in process (httpx, ASGI; no
   network), `--runs` times each after a warm-up, and prints p50 / p99 (with 50 runs p99 is
   the slowest but one).
5. Checks the year's revenue of the sales report against a plain SUM over the orders.

    .venv/bin/python benchmarks/analytics.py [--orders N] [--runs 50] [--keep-database]
                                             [--history demo|sql]
    .venv/bin/python benchmarks/analytics.py --reuse   # the kept database: rebuild and time
    .venv/bin/python benchmarks/analytics.py --reports-only   # the kept database: time only

With `--reuse` the orders of a database kept by an earlier run are kept; only the analytics
tables are made again (its migration re-applied), rebuilt and timed.

Needs PostgreSQL at BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
"""

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from olympus.accounts import service as accounts
from olympus.app import create_app
from olympus.commerce.analytics import service as analytics
from olympus.config import Settings
from olympus.core.clock import Clock
from olympus.demo import service as demo

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = "olympus_bench_analytics"
PASSWORD = "bench-analytics-password"  # a throwaway database on loopback
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
LOCATIONS = [
    ("Paris", "PAR", "Europe/Paris"),
    ("Lyon", "LYO", "Europe/Paris"),
    ("London", "LON", "Europe/London"),
    ("New York", "NYC", "America/New_York"),
    ("Berlin", "BER", "Europe/Berlin"),
]
PRODUCTS = 200
CHUNK = 250_000

# One chunk of orders [lo, hi): what each order is, then its lines, then the rows.
SPEC_SQL = """
CREATE TEMP TABLE spec ON COMMIT DROP AS
SELECT n,
       gen_random_uuid() AS id,
       gen_random_uuid() AS reservation_id,
       (n % 5) + 1 AS place,
       created_at,
       created_at + random() * interval '10 minutes' AS paid_at,
       r < 0.96 AS paid,
       r >= 0.93 AND r < 0.96 AS refunded,
       CASE WHEN random() < 0.7 THEN 'card' ELSE 'cash' END AS method,
       1 + floor(random() * 3)::int AS lines
FROM (
    SELECT n, random() AS r,
           $3::timestamptz + floor(random() * 365) * interval '1 day'
             + (8 + (random() + random()) * 7) * interval '1 hour' AS created_at
    FROM generate_series($1::bigint, $2::bigint - 1) AS n
) AS drawn
"""
LINES_SQL = """
CREATE TEMP TABLE line ON COMMIT DROP AS
SELECT s.id AS order_id, g.pos, p.id AS product_id, p.sku, p.name, p.price,
       q.quantity, p.price * q.quantity AS line_total
FROM spec s
CROSS JOIN LATERAL generate_series(0, s.lines - 1) AS g(pos)
CROSS JOIN LATERAL (SELECT 1 + floor(random() * 3)::int + g.pos * 0 AS quantity,
                           1 + floor(random() * $1)::int + g.pos * 0 AS pick) AS q
JOIN bench_products p ON p.pick = q.pick
"""
TOTALS_SQL = """
CREATE TEMP TABLE total ON COMMIT DROP AS
SELECT order_id, sum(line_total) AS total FROM line GROUP BY order_id
"""
ROWS_SQL = [
    """INSERT INTO reservations (tenant_id, id, location_id, status, reason, actor_id,
           expires_at, created_at, ended_at)
       SELECT $1::uuid, s.reservation_id, l.id,
              CASE WHEN s.paid THEN 'committed' ELSE 'released' END, 'order', NULL,
              s.created_at + interval '3650 days', s.created_at, s.paid_at
       FROM spec s JOIN bench_locations l ON l.place = s.place""",
    """INSERT INTO orders (tenant_id, id, number, reference, status, channel, location_id,
           customer_id, cart_id, reservation_id, currency, prices_include_tax, subtotal,
           discount_total, tax_total, total, paid_total, refunded_total, discounts,
           cancel_reason, created_by, created_at, updated_at)
       SELECT $1::uuid, s.id, s.n + 1, 'ORD-' || lpad((s.n + 1)::text, 7, '0'),
              CASE WHEN s.refunded THEN 'partially_refunded' WHEN s.paid THEN 'completed'
                   ELSE 'cancelled' END,
              'pos', l.id, NULL, NULL, s.reservation_id, 'EUR', true, t.total, 0,
              t.total / 6, t.total, CASE WHEN s.paid THEN t.total ELSE 0 END,
              CASE WHEN s.refunded THEN t.total / 3 ELSE 0 END, '[]',
              CASE WHEN s.paid THEN NULL ELSE 'customer left' END, NULL, s.created_at,
              s.paid_at
       FROM spec s JOIN total t ON t.order_id = s.id JOIN bench_locations l ON l.place = s.place""",
    """INSERT INTO order_items (tenant_id, id, order_id, position, product_id, sku, name,
           quantity, unit_price, subtotal, discount, tax, line_total, tax_rate,
           fulfilled_quantity)
       SELECT $1::uuid, gen_random_uuid(), i.order_id, i.pos, i.product_id, i.sku, i.name,
              i.quantity, i.price, i.line_total, 0, i.line_total / 6, i.line_total, '20',
              CASE WHEN s.paid THEN i.quantity ELSE 0 END
       FROM line i JOIN spec s ON s.id = i.order_id""",
    """INSERT INTO order_timeline (tenant_id, id, order_id, kind, from_status, to_status,
           actor_id, data, created_at)
       SELECT $1::uuid, gen_random_uuid(), s.id, 'created', NULL, 'pending', NULL::uuid, '{}'::json,
              s.created_at
       FROM spec s
       UNION ALL
       SELECT $1::uuid, gen_random_uuid(), s.id, 'transition', 'pending', 'paid', NULL::uuid,
              '{}'::json, s.paid_at
       FROM spec s WHERE s.paid""",
    """INSERT INTO payments (tenant_id, id, order_id, location_id, method, processor, status,
           amount, currency, refunded_amount, tendered, failure_code, reference,
           idempotency_key, created_by, created_at, attempted_at, decided_at)
       SELECT $1::uuid, s.id, s.id, l.id, s.method,
              CASE WHEN s.method = 'cash' THEN 'cash' ELSE 'test' END, 'succeeded',
              t.total, 'EUR', CASE WHEN s.refunded THEN t.total / 3 ELSE 0 END, NULL, NULL,
              NULL, NULL, NULL, s.paid_at, s.paid_at, s.paid_at
       FROM spec s JOIN total t ON t.order_id = s.id JOIN bench_locations l ON l.place = s.place
       WHERE s.paid""",
    """INSERT INTO payment_refunds (tenant_id, id, payment_id, order_id, status, amount,
           failure_code, reference, idempotency_key, created_by, created_at, decided_at)
       SELECT $1::uuid, gen_random_uuid(), s.id, s.id, 'succeeded', t.total / 3, NULL, NULL, NULL,
              NULL, s.paid_at + random() * interval '20 days',
              s.paid_at + random() * interval '20 days'
       FROM spec s JOIN total t ON t.order_id = s.id WHERE s.refunded AND t.total / 3 > 0""",
]


def _database_url() -> str:
    url = make_url(ADMIN_URL).set(drivername="postgresql+asyncpg", database=DATABASE)
    return url.render_as_string(hide_password=False)


def _direct_dsn() -> str:
    url = make_url(ADMIN_URL).set(drivername="postgresql", database=DATABASE)
    return url.render_as_string(hide_password=False)


async def _fresh_database() -> None:
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await conn.close()


async def _reset_analytics() -> uuid.UUID:
    """The kept database without its analytics tables and indexes, its migration to apply
    again; the tenant's id."""
    conn = await asyncpg.connect(_direct_dsn())
    try:
        for table in ("sales", "payment", "product"):
            await conn.execute(f"DROP TABLE IF EXISTS analytics_{table}_hours")
        await conn.execute("DROP TABLE IF EXISTS analytics_product_days, analytics_product_months")
        await conn.execute(
            "DROP INDEX IF EXISTS ix_order_timeline_paid, ix_payments_captured,"
            " ix_payment_refunds_given"
        )
        await conn.execute("UPDATE alembic_version SET version_num = '0021'")
        tenant_id: uuid.UUID = await conn.fetchval(
            "SELECT id FROM tenants WHERE slug = 'bench-analytics'"
        )
        return tenant_id
    finally:
        await conn.close()


async def _bench_tenant() -> uuid.UUID:
    conn = await asyncpg.connect(_direct_dsn())
    try:
        tenant_id: uuid.UUID = await conn.fetchval(
            "SELECT id FROM tenants WHERE slug = 'bench-analytics'"
        )
        return tenant_id
    finally:
        await conn.close()


async def _drop_database() -> None:
    conn = await asyncpg.connect(ADMIN_URL)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    finally:
        await conn.close()


async def _catalogue(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    for name, code, zone in LOCATIONS:
        body = {"name": name, "code": code, "timezone": zone, "currency": "EUR"}
        r = await client.post("/api/v1/locations", json=body, headers=headers)
        r.raise_for_status()
    for n in range(PRODUCTS):
        body = {
            "sku": f"SKU-{n:04d}",
            "name": f"Product {n}",
            "price": 150 + (n * 37) % 2400,
            "currency": "EUR",
            "status": "active",
        }
        r = await client.post("/api/v1/products", json=body, headers=headers)
        r.raise_for_status()


async def _seed(tenant_id: uuid.UUID, orders: int) -> float:
    """The year of history, set-based, in chunks of CHUNK orders (one transaction each)."""
    conn = await asyncpg.connect(_direct_dsn())
    started = time.perf_counter()
    try:
        await conn.execute("SET synchronous_commit = off")
        await conn.execute(
            """CREATE TEMP TABLE bench_locations AS
               SELECT row_number() OVER (ORDER BY code) AS place, id FROM locations
               WHERE tenant_id = $1""",
            tenant_id,
        )
        await conn.execute(
            """CREATE TEMP TABLE bench_products AS
               SELECT row_number() OVER (ORDER BY sku) AS pick, id, sku, name, price
               FROM products WHERE tenant_id = $1""",
            tenant_id,
        )
        for lo in range(0, orders, CHUNK):
            hi = min(orders, lo + CHUNK)
            async with conn.transaction():
                await conn.execute(SPEC_SQL, lo, hi, YEAR_START)
                await conn.execute(LINES_SQL, PRODUCTS)
                await conn.execute(TOTALS_SQL)
                for statement in ROWS_SQL:
                    await conn.execute(statement, tenant_id)
            elapsed = time.perf_counter() - started
            print(f"  {hi:>9,} orders written ({elapsed:.0f} s)", file=sys.stderr)
        await conn.execute(
            "INSERT INTO order_counters (tenant_id, last_number) VALUES ($1, $2)", tenant_id, orders
        )
        seeded = time.perf_counter() - started
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return seeded


async def _paid_revenue(tenant_id: uuid.UUID) -> int:
    conn = await asyncpg.connect(_direct_dsn())
    try:
        value = await conn.fetchval(
            "SELECT coalesce(sum(total), 0) FROM orders WHERE tenant_id = $1 AND paid_total = total"
            " AND status <> 'cancelled'",
            tenant_id,
        )
        return int(value)
    finally:
        await conn.close()


async def _orders_count() -> int:
    conn = await asyncpg.connect(_direct_dsn())
    try:
        return int(await conn.fetchval("SELECT count(*) FROM orders"))
    finally:
        await conn.close()


def _progress(total: int) -> Any:
    step = max(1, total // 20)
    marks = {"next": step}

    def report(done: int) -> None:
        if done >= marks["next"]:
            print(f"  {done:>9,} of {total:,} orders", file=sys.stderr)
            marks["next"] = done + step

    return report


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _time_reports(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    runs: int,
    location_id: str,
    year: dict[str, str],
) -> list[tuple[str, float, float]]:
    here = location_id
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("sales, interval=day", "sales", {**year, "interval": "day"}),
        ("sales, interval=week", "sales", {**year, "interval": "week"}),
        ("sales, interval=month", "sales", {**year, "interval": "month"}),
        ("sales, interval=hour", "sales", {**year, "interval": "hour"}),
        ("sales, day, one location", "sales", {**year, "interval": "day", "location_id": here}),
        ("top-products by revenue, 10", "top-products", {**year, "by": "revenue"}),
        ("top-products by quantity, 50", "top-products", {**year, "by": "quantity", "limit": 50}),
        ("top-products, one location", "top-products", {**year, "location_id": location_id}),
        ("payment-methods", "payment-methods", year),
        ("locations", "locations", year),
        ("hours", "hours", year),
        ("sales, day, as CSV", "sales", {**year, "interval": "day", "format": "csv"}),
    ]
    results = []
    for label, path, params in cases:
        url = f"/api/v1/analytics/{path}"
        for _ in range(3):  # warm-up
            (await client.get(url, params=params, headers=headers)).raise_for_status()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            r = await client.get(url, params=params, headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
            r.raise_for_status()
        results.append((label, statistics.median(samples), _percentile(samples, 0.99)))
        _, p50, p99 = results[-1]
        print(f"  {label:<32} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms", file=sys.stderr)
    return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument(
        "--history",
        choices=["demo", "sql"],
        default="demo",
        help="orders written by `olympus demo seed --orders` (default) or by plain SQL",
    )
    parser.add_argument("--reuse", action="store_true", help="the kept database's orders")
    parser.add_argument(
        "--reports-only", action="store_true", help="the kept database as it is: time reports"
    )
    args = parser.parse_args()
    args.reuse = args.reuse or args.reports_only

    reused = None
    if args.reports_only:
        reused = await _bench_tenant()
    elif args.reuse:
        reused = await _reset_analytics()
    if reused is None:
        await _fresh_database()
    seeded = 0.0
    clock = Clock()
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            _env_file=None,
            environment="test",
            database_url=_database_url(),
            jwt_secret=secrets.token_urlsafe(48),
            data_dir=Path(data_dir),
            log_level="WARNING",
            auto_migrate=True,
            argon2_memory_kib=1024,
            argon2_time_cost=1,
        )
        application = create_app(settings, clock=clock)
        try:
            async with application.router.lifespan_context(application):
                if reused is None:
                    async with application.state.db.unit_of_work(clock=clock) as uow:
                        tenant, _ = await accounts.create_tenant_with_owner(
                            uow,
                            auth=application.state.auth,
                            slug="bench-analytics",
                            name="Bench Analytics",
                            owner_email="owner@bench-analytics.example.com",
                            owner_password=PASSWORD,
                        )
                    tenant_id = tenant.id
                else:
                    tenant_id = reused
                transport = httpx.ASGITransport(app=application)
                async with httpx.AsyncClient(
                    transport=transport, base_url="http://bench", timeout=60
                ) as client:
                    r = await client.post(
                        "/api/v1/auth/login",
                        json={
                            "tenant": "bench-analytics",
                            "email": "owner@bench-analytics.example.com",
                            "password": PASSWORD,
                        },
                    )
                    r.raise_for_status()
                    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
                    if reused is None and args.history == "demo":
                        db, auth = application.state.db, application.state.auth
                        await demo.seed(db, auth, tenant_slug="bench-analytics", location_count=5)
                        print(f"demo seed of {args.orders:,} orders ...", file=sys.stderr)
                        started = time.perf_counter()
                        await demo.seed_orders(
                            db,
                            auth,
                            tenant_slug="bench-analytics",
                            orders_count=args.orders,
                            progress=_progress(args.orders),
                        )
                        seeded = time.perf_counter() - started
                        print(f"seeded (rollups included) in {seeded:.1f} s", file=sys.stderr)
                    elif reused is None:
                        await _catalogue(client, headers)
                        print(f"seeding {args.orders:,} orders ...", file=sys.stderr)
                        seeded = await _seed(tenant_id, args.orders)
                        print(f"seeded in {seeded:.1f} s", file=sys.stderr)
                    rebuilt = 0.0
                    if not args.reports_only:
                        started = time.perf_counter()
                        await analytics.rebuild_tenant(
                            application.state.db, clock=clock, tenant_id=tenant_id
                        )
                        rebuilt = time.perf_counter() - started
                        print(f"rollups rebuilt in {rebuilt:.1f} s", file=sys.stderr)
                    # Re-login: the seed may have outlived the access token.
                    r = await client.post(
                        "/api/v1/auth/login",
                        json={
                            "tenant": "bench-analytics",
                            "email": "owner@bench-analytics.example.com",
                            "password": PASSWORD,
                        },
                    )
                    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
                    locations = (await client.get("/api/v1/locations", headers=headers)).json()
                    today = clock.now().date()
                    if args.history == "demo":  # the last 365 whole days; all of the history
                        window = {"from": str(today - timedelta(days=365)),
                                  "to": str(today - timedelta(days=1))}  # fmt: skip
                        everything = {"from": str(today - timedelta(days=420)), "to": str(today)}
                    else:
                        window = {"from": "2025-01-01", "to": "2025-12-31"}
                        everything = {"from": "2024-12-25", "to": "2026-01-10"}
                    results = await _time_reports(
                        client, headers, args.runs, locations["items"][0]["id"], window
                    )
                    year = await client.get(
                        "/api/v1/analytics/sales",
                        params={**everything, "interval": "month"},
                        headers=headers,
                    )
                    expected = await _paid_revenue(tenant_id)
                    found = year.json()["totals"]["revenue"]
                    print(
                        f"revenue of the year: report {found:,}, SUM over orders {expected:,}"
                        f" -> {'equal' if found == expected else 'DIFFERENT'}",
                        file=sys.stderr,
                    )
        finally:
            if not (args.keep_database or args.reuse):
                await _drop_database()
    orders = await _orders_count() if args.keep_database or args.reuse else args.orders
    print(f"\n| report (one year, {orders:,} orders) | p50 ms | p99 ms |")
    print("|---|---:|---:|")
    for label, p50, p99 in results:
        print(f"| {label} | {p50:.1f} | {p99:.1f} |")
    print(f"\nseed {seeded:.1f} s, rebuild {rebuilt:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
