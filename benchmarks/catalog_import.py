"""The CSV import and export of the catalog at scale, on PostgreSQL: a file of `--rows`
products (default 100,000) is imported through the HTTP API (`POST /api/v1/products/import`,
every product created), imported again with every price changed (every product updated),
then exported (`GET /api/v1/products/export`). The baseline, in the same run: PostgreSQL's
COPY of the same rows into a bare table (no index, no constraint) over asyncpg.

    .venv/bin/python benchmarks/catalog_import.py [--rows 100000]

The app runs in this process and is called over ASGI (httpx), as the application role under
row-level security. It drops and creates the database `olympus_import_bench` on
`BENCH_POSTGRES_URL` (default postgresql://postgres@127.0.0.1:5432/postgres) and drops it at
the end unless `--keep-database`. The outbox relay is stopped once the app has started:
publishing the import's events happens after the commit, outside the request. After each
import the tables are analyzed, as autovacuum would (outside the timings)."""

import argparse
import asyncio
import csv
import io
import os
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from olympus.accounts import service as accounts
from olympus.app import create_app
from olympus.config import Settings
from olympus.core.clock import Clock

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = "olympus_import_bench"
PASSWORD = "Quartz-Meadow-Lantern-42"
COLUMNS = (
    "sku,name,price,currency,status,description,category,barcode,tax_class,attributes,image_urls"
)
WORDS = (
    "Green",
    "Black",
    "Oolong",
    "Herbal",
    "Earl",
    "Jasmine",
    "Mint",
    "Chai",
    "Rooibos",
    "White",
)


def rows(count: int, price_shift: int) -> list[list[str]]:
    return [
        [
            f"SKU-{i:07d}",
            f"{WORDS[i % 10]} Tea {i}",
            str((i * 37) % 100_000 + price_shift),
            "EUR",
            "active" if i % 4 else "draft",
            f"Loose leaf tea number {i}",
            f"Drinks/Tea/Shelf {i % 20}",
            f"{4000000000000 + i}",
            "standard" if i % 3 else "reduced",
            '{"grams": 100}' if i % 2 else "",
            f"https://cdn.example.com/tea/{i}.jpg",
        ]
        for i in range(count)
    ]


def as_csv(records: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    buffer.write(COLUMNS + "\r\n")
    csv.writer(buffer, lineterminator="\r\n").writerows(records)
    return buffer.getvalue().encode()


async def copy_baseline(url: str, records: list[list[str]]) -> float:
    """Seconds to COPY the rows into a bare table of the same columns."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "CREATE TABLE bare_products (sku text, name text, price bigint, currency text, "
            "status text, description text, category text, barcode text, tax_class text, "
            "attributes text, image_urls text)"
        )
        typed = [(r[0], r[1], int(r[2]), *r[3:]) for r in records]
        started = time.perf_counter()
        await conn.copy_records_to_table("bare_products", records=typed)
        return time.perf_counter() - started
    finally:
        await conn.execute("DROP TABLE IF EXISTS bare_products")
        await conn.close()


async def analyze(url: str) -> None:
    """What autovacuum does after a bulk load in a deployment (this bench's server may run
    without it): fresh statistics. Not counted in the figures. Without them the export's
    pages were planned as a sort of the whole catalog each (see README)."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("ANALYZE products, events, categories")
    finally:
        await conn.close()


async def mark_published(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("UPDATE events SET published_at = now() WHERE published_at IS NULL")
    finally:
        await conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args()

    admin = await asyncpg.connect(ADMIN_URL)
    await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    plain_url = make_url(ADMIN_URL).set(database=DATABASE).render_as_string(hide_password=False)
    url = make_url(plain_url).set(drivername="postgresql+asyncpg").render_as_string(False)
    data = Path(tempfile.mkdtemp(prefix="olympus-import-"))
    settings = Settings(
        _env_file=None,
        environment="test",
        jwt_secret="bench-" + "x" * 40,
        data_dir=data,
        database_url=url,
        argon2_memory_kib=1024,
        argon2_time_cost=1,
        log_level="ERROR",
        auto_migrate=True,
        rate_limit_per_token=10**9,
        rate_limit_per_tenant=10**9,
    )
    created_rows = rows(args.rows, 0)
    updated_rows = rows(args.rows, 1)
    first, second = as_csv(created_rows), as_csv(updated_rows)
    figures: dict[str, float] = {}
    try:
        app = create_app(settings, bootstrap=False)
        async with app.router.lifespan_context(app):
            await app.state.relay.stop()
            async with app.state.db.unit_of_work(clock=Clock()) as uow:
                await accounts.create_tenant_with_owner(
                    uow, auth=app.state.auth, slug="bench", name="Bench",
                    owner_email="owner@bench.example.com", owner_password=PASSWORD,
                )  # fmt: skip
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench.test", timeout=600
            ) as client:
                login = await client.post(
                    "/api/v1/auth/login",
                    json={"tenant": "bench", "email": "owner@bench.example.com",
                          "password": PASSWORD},
                )  # fmt: skip
                login.raise_for_status()
                headers = {
                    "Authorization": f"Bearer {login.json()['access_token']}",
                    "Content-Type": "text/csv",
                }
                for name, body in (("import, all created", first), ("import, all updated", second)):
                    started = time.perf_counter()
                    answer = await client.post(
                        "/api/v1/products/import", content=body, headers=headers
                    )
                    figures[name] = time.perf_counter() - started
                    answer.raise_for_status()
                    result = answer.json()
                    print(
                        f"{name}: {figures[name]:.2f} s  created {result['created']}, "
                        f"updated {result['updated']}, rejected {len(result['rejected'])}"
                    )
                    await analyze(plain_url)
                started = time.perf_counter()
                exported = 0
                async with client.stream(
                    "GET", "/api/v1/products/export", headers=headers
                ) as streamed:
                    streamed.raise_for_status()
                    async for chunk in streamed.aiter_bytes():
                        exported += chunk.count(b"\n")
                figures["export"] = time.perf_counter() - started
                print(f"export: {figures['export']:.2f} s  {exported - 1} rows")
            await mark_published(plain_url)  # or the relay's last drain publishes them all
        figures["COPY baseline"] = await copy_baseline(plain_url, created_rows)
        baseline = figures["COPY baseline"]
        print(f"COPY baseline: {baseline:.2f} s")
        print(f"\n{args.rows} rows, {len(first) / 2**20:.1f} MiB of CSV")
        print("| step | seconds | x COPY baseline |\n|---|---:|---:|")
        for name, seconds in figures.items():
            print(f"| {name} | {seconds:.2f} | {seconds / baseline:.1f} |")
    finally:
        if not args.keep_database:
            await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
