"""The demo history at scale, on PostgreSQL: `olympus demo seed --orders N` (default
100,000), timed, against a baseline measured in the same run: PostgreSQL's COPY, over
asyncpg, of the same number of rows of each table the seed wrote (orders, items, timeline,
reservations and their lines, payments, refunds, discount uses), each row a copy of one the
seed wrote with a fresh id, into bare unlogged tables (no index, no constraint, no
row-level security).

    .venv/bin/python benchmarks/seed.py [--orders 100000] [--products 200]

The seed runs in this process, as the CLI runs it (the application role under row-level
security; the demo shop first, then its orders, 20,000 per transaction). It drops and
creates the database `olympus_seed_bench` on `BENCH_POSTGRES_URL` (default
postgresql://postgres@127.0.0.1:5432/postgres) and drops it at the end unless
`--keep-database`. Printed: the seconds of each part, the rows written, and the ratio."""

import argparse
import asyncio
import os
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from olympus.app import create_app
from olympus.config import Settings
from olympus.demo import service as demo

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = "olympus_seed_bench"
# What the seed writes, and each table's column that holds a fresh id in the baseline.
TABLES = {
    "reservations": "id",
    "reservation_lines": "reservation_id",
    "orders": "id",
    "order_items": "id",
    "order_timeline": "id",
    "discount_uses": "id",
    "payments": "id",
    "payment_refunds": "id",
}


async def counts(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(url)
    try:
        return {t: int(await conn.fetchval(f"SELECT count(*) FROM {t}")) for t in TABLES}  # noqa: S608
    finally:
        await conn.close()


async def copy_baseline(url: str, rows: dict[str, int]) -> float:
    """Seconds to COPY `rows[t]` rows like those of each table `t` into a bare unlogged
    copy of it (each table's records are built before its clock starts)."""
    conn = await asyncpg.connect(url)
    seconds = 0.0
    try:
        for table, id_column in TABLES.items():
            if not rows[table]:
                continue
            await conn.execute(f"CREATE UNLOGGED TABLE bare_{table} (LIKE {table})")
            sample = await conn.fetchrow(f"SELECT * FROM {table} LIMIT 1")  # noqa: S608
            columns = list(sample.keys())
            at = columns.index(id_column)
            template = list(sample.values())
            records = []
            for _ in range(rows[table]):
                template[at] = uuid.uuid4()
                records.append(tuple(template))
            started = time.perf_counter()
            await conn.copy_records_to_table(f"bare_{table}", records=records, columns=columns)
            seconds += time.perf_counter() - started
            del records
        return seconds
    finally:
        for table in TABLES:
            await conn.execute(f"DROP TABLE IF EXISTS bare_{table}")
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()

    admin = await asyncpg.connect(ADMIN_URL)
    await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    plain_url = make_url(ADMIN_URL).set(database=DATABASE).render_as_string(hide_password=False)
    url = make_url(plain_url).set(drivername="postgresql+asyncpg").render_as_string(False)
    settings = Settings(
        _env_file=None,
        environment="test",
        jwt_secret="bench-" + "x" * 40,
        data_dir=Path(tempfile.mkdtemp(prefix="olympus-seed-")),
        database_url=url,
        argon2_memory_kib=1024,
        argon2_time_cost=1,
        log_level="ERROR",
        auto_migrate=True,
    )
    figures: dict[str, float] = {}
    try:
        app = create_app(settings, bootstrap=False)
        async with app.router.lifespan_context(app):
            await app.state.relay.stop()
            db, auth = app.state.db, app.state.auth
            started = time.perf_counter()
            await demo.seed(db, auth, tenant_slug="bench", products=args.products, location_count=5)
            figures["demo shop (products, stock)"] = time.perf_counter() - started

            def progress(done: int) -> None:
                print(f"  {done} orders, {time.perf_counter() - started:.0f} s", flush=True)

            started = time.perf_counter()
            report = await demo.seed_orders(
                db,
                auth,
                tenant_slug="bench",
                orders_count=args.orders,
                random_seed=args.seed,
                progress=progress,
            )
            figures[f"seed_orders, {args.orders} orders"] = time.perf_counter() - started
            print("\n".join(demo.describe_orders(report)))
        written = await counts(plain_url)
        total = sum(written.values())
        figures["COPY baseline, same rows"] = baseline = await copy_baseline(plain_url, written)
        print(f"\nrows written: {total} ({', '.join(f'{t} {n}' for t, n in written.items())})")
        print("| step | seconds | x COPY baseline |\n|---|---:|---:|")
        for name, seconds in figures.items():
            print(f"| {name} | {seconds:.1f} | {seconds / baseline:.1f} |")
    finally:
        if not args.keep_database:
            await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
