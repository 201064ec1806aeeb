"""The product list and search at scale, on PostgreSQL: seeds a database with one tenant's
catalog (`--products`, default 100,000, about 5% of them with three variants each) and
another tenant's half as large, then times `catalog.service.list_products` as the service
runs it (the application role, under row-level security) and shows each statement's plan.

    .venv/bin/python benchmarks/catalog_search.py [--products 100000] [--runs 15]

It drops and creates the database `olympus_catalog_bench` on `BENCH_POSTGRES_URL` (default
postgresql://postgres@127.0.0.1:5432/postgres, a role that may create databases) and drops it
at the end unless `--keep-database`."""

import argparse
import asyncio
import os
import statistics
import time
import uuid
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from olympus.commerce.catalog import repository, service
from olympus.core.clock import Clock
from olympus.core.db import Database, ReadUnitOfWork
from olympus.core.migrations import upgrade_async
from olympus.core.pagination import PageParams, decode_cursor

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DATABASE = "olympus_catalog_bench"
TENANT = uuid.UUID("00000000-0000-7000-8000-0000000000a1")
NEIGHBOUR = uuid.UUID("00000000-0000-7000-8000-0000000000b2")

WORDS_A = "Green Black Oolong Herbal Earl Jasmine Mint Chai Rooibos White"
WORDS_B = "Tea Coffee Mug Kettle Biscuit Honey Syrup Cup Spoon Tin"

TENANT_ROW = """
INSERT INTO tenants (id, slug, name, status, created_at, updated_at)
VALUES ($1, $2, $3, 'active', now(), now())
"""

SEED = """
INSERT INTO categories (tenant_id, id, parent_id, name, path, position, created_at, updated_at)
SELECT t.id, uuid_generate_v7_stand_in(t.id, top), NULL, 'Department ' || top,
       'Department ' || top, top, now(), now()
FROM tenants t, generate_series(0, 9) top WHERE t.id IN (':tenant', ':neighbour');

INSERT INTO categories (tenant_id, id, parent_id, name, path, position, created_at, updated_at)
SELECT t.id, uuid_generate_v7_stand_in(t.id, 100 + top * 10 + sub),
       uuid_generate_v7_stand_in(t.id, top), 'Aisle ' || sub,
       'Department ' || top || '/Aisle ' || sub, sub, now(), now()
FROM tenants t, generate_series(0, 9) top, generate_series(0, 4) sub
WHERE t.id IN (':tenant', ':neighbour');

INSERT INTO products (tenant_id, id, parent_id, sku, name, description, price, currency,
                      status, category_id, attributes, tax_class, image_urls, barcode,
                      options, option_values, created_at, updated_at)
SELECT t.id, uuid_generate_v7_stand_in(t.id, 1000000 + g), NULL,
       'SKU-' || t.tag || '-' || lpad(g::text, 7, '0'),
       (string_to_array(':words_a', ' '))[1 + g % 10] || ' '
         || (string_to_array(':words_b', ' '))[1 + (g / 10) % 10] || ' '
         || substr(md5(t.tag || g), 1, 8),
       '', (g * 37) % 100000, 'EUR',
       (ARRAY['active', 'active', 'draft', 'archived'])[1 + (g / 7) % 4],
       uuid_generate_v7_stand_in(t.id, 100 + (g % 10) * 10 + (g / 10) % 5),
       '{}', 'standard', '[]', lpad(((g::bigint * 7919) % 1000000000)::text, 12, '0') || t.tag,
       (CASE WHEN g % 20 = 0 THEN '[{"name": "size", "values": ["S", "M", "L"]}]'
             ELSE '[]' END)::json,
       '{}', now() - g * interval '1 second', now()
FROM (VALUES (':tenant'::uuid, 'a', :products), (':neighbour'::uuid, 'b', :neighbours))
     AS t(id, tag, n), generate_series(1, t.n) g;

INSERT INTO products (tenant_id, id, parent_id, sku, name, description, price, currency,
                      status, category_id, attributes, tax_class, image_urls, barcode,
                      options, option_values, created_at, updated_at)
SELECT p.tenant_id, gen_random_uuid(), p.id, p.sku || '-' || size, p.name || ' / ' || size, '',
       p.price, p.currency, 'active', p.category_id, '{}', p.tax_class, '[]',
       'V' || p.barcode || size, '[]', json_build_object('size', size), p.created_at, now()
FROM products p, unnest(ARRAY['S', 'M', 'L']) size
WHERE p.options::text <> '[]';
"""

# Ids made from a number, so a category can be named before it exists.
STAND_IN = """
CREATE FUNCTION uuid_generate_v7_stand_in(tenant uuid, n int) RETURNS uuid
LANGUAGE sql IMMUTABLE AS $$
  SELECT (substr(md5(tenant::text || n), 1, 12) || '7' || substr(md5(tenant::text || n), 14, 3)
          || '8' || substr(md5(tenant::text || n), 18, 15))::uuid
$$
"""


async def seed(
    url: str,
    products: int,
    *,
    tenant: uuid.UUID = TENANT,
    neighbour: uuid.UUID = NEIGHBOUR,
    new_tenants: bool = True,
) -> None:
    """`products` products of `tenant` (every twentieth with three variants, in 60
    categories) and half as many of `neighbour`, then VACUUM ANALYZE. With `new_tenants`
    the two tenant rows are inserted first; without, they exist already (made by
    `olympus create-tenant`, with their owners and roles)."""
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        if new_tenants:
            await conn.execute(TENANT_ROW, tenant, "bench-a", "Bench A")
            await conn.execute(TENANT_ROW, neighbour, "bench-b", "Bench B")
        await conn.execute(STAND_IN)
        sql = SEED
        for name, value in (
            (":products", str(products)),
            (":neighbours", str(products // 2)),
            (":neighbour", str(neighbour)),
            (":tenant", str(tenant)),
            (":words_a", WORDS_A),
            (":words_b", WORDS_B),
        ):
            sql = sql.replace(name, value)
        started = time.perf_counter()
        await conn.execute(sql)
        await conn.execute("DROP FUNCTION uuid_generate_v7_stand_in(uuid, int)")
        await conn.execute("VACUUM ANALYZE products")
        await conn.execute("VACUUM ANALYZE categories")
        counts = await conn.fetch(
            "SELECT tenant_id = $1 AS ours, count(*), count(parent_id) AS variants"
            " FROM products GROUP BY 1",
            tenant,
        )
        print(f"seeded in {time.perf_counter() - started:.1f} s:")
        for row in counts:
            who = "tenant" if row["ours"] else "neighbour"
            print(f"  {who}: {row['count']} product rows, {row['variants']} of them variants")
        size = await conn.fetchval("SELECT pg_size_pretty(pg_relation_size('ix_products_search'))")
        print(f"  ix_products_search: {size}")
    finally:
        await conn.close()


async def measure(db: Database, runs: int) -> None:
    clock = Clock()
    async with db.unit_of_work(clock=clock, tenant_id=TENANT, write=False) as uow:
        category = await uow.session.scalar(
            sa.text("SELECT id FROM categories WHERE tenant_id = :t AND path = 'Department 3'"),
            {"t": TENANT},
        )
        token = await uow.session.scalar(
            sa.text(
                "SELECT split_part(name, ' ', 3) FROM products"
                " WHERE tenant_id = :t AND parent_id IS NULL ORDER BY id OFFSET 4321 LIMIT 1"
            ),
            {"t": TENANT},
        )
        barcode = await uow.session.scalar(
            sa.text(
                "SELECT barcode FROM products WHERE tenant_id = :t AND parent_id IS NULL"
                " ORDER BY id OFFSET 777 LIMIT 1"
            ),
            {"t": TENANT},
        )
        variant_sku = await uow.session.scalar(
            sa.text(
                "SELECT v.sku FROM products v JOIN products p"
                " ON p.tenant_id = v.tenant_id AND p.id = v.parent_id"
                " WHERE v.tenant_id = :t AND p.status = 'active' ORDER BY v.id OFFSET 99 LIMIT 1"
            ),
            {"t": TENANT},
        )
        page_one, cursor = await service.list_products(
            uow,
            filters=service.ProductFilter(),
            sort="name",
            page=PageParams(limit=50, cursor=None),
        )
    assert page_one and cursor
    cases: list[tuple[str, dict[str, Any], str, dict[str, Any] | None]] = [
        ("list, creation order", {}, "created", None),
        ("list, by name, page 2", {}, "name", decode_cursor(cursor)),
        ("list, by price desc", {}, "-price", None),
        (f"q={token!r} (one name)", {"q": token}, "name", None),
        ("q='tea' (a tenth of the names)", {"q": "tea"}, "name", None),
        ("q='jasmine honey' (1%)", {"q": "jasmine honey"}, "created", None),
        (f"q={barcode!r} (a barcode)", {"q": barcode}, "created", None),
        (f"q={variant_sku!r} (a variant's SKU)", {"q": variant_sku}, "created", None),
        ("q='a1' (2 characters)", {"q": "a1"}, "created", None),
        ("category with its aisles", {"category_id": category}, "created", None),
        ("category + q='honey'", {"category_id": category, "q": "honey"}, "name", None),
    ]
    print(
        f"\n{'case':44} {'items':>5} {'median ms':>10} {'p95 ms':>8} {'plan ms':>8}  trigram index"
    )
    for label, filters, sort, page_cursor in cases:
        page = PageParams(limit=50, cursor=page_cursor)
        timings = []
        items: list[dict[str, Any]] = []
        for _ in range(runs):
            async with db.unit_of_work(clock=clock, tenant_id=TENANT, write=False) as uow:
                started = time.perf_counter()
                items, _ = await service.list_products(
                    uow, filters=service.ProductFilter(**filters), sort=sort, page=page
                )
                timings.append((time.perf_counter() - started) * 1000)
        async with db.unit_of_work(clock=clock, tenant_id=TENANT, write=False) as uow:
            plan = await explain(uow, filters, sort, page_cursor)
        uses = "ix_products_search" in plan
        executed = next(
            (line.split(":")[1].strip() for line in plan.splitlines() if "Execution Time" in line),
            "?",
        )
        p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{label[:44]:44} {len(items):>5} {statistics.median(timings):>10.2f} "
            f"{p95:>8.2f} {executed.removesuffix(' ms'):>8}  {'yes' if uses else 'no'}"
        )


async def explain(
    uow: ReadUnitOfWork, filters: dict[str, Any], sort: str, cursor: dict[str, Any] | None
) -> str:
    column, descending = {
        "name": ("name", False),
        "-price": ("price", True),
        "created": ("id", False),
    }[sort]
    after_key = cursor.get("k") if cursor else None
    after_id = uuid.UUID(cursor["id"]) if cursor else None
    query = repository.ProductQuery(
        q=filters.get("q"),
        category_id=filters.get("category_id"),
        sort_column=column,
        descending=descending,
        after_key=after_key,
        after_id=after_id,
        limit=50,
    )
    conn = await uow.session.connection()
    stmt = repository.product_page_statement(uow.require_tenant(), "postgresql", query)
    compiled = stmt.compile(dialect=conn.dialect)
    params = tuple(compiled.params[name] for name in compiled.positiontup or ())
    rows = await conn.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}", params)
    return "\n".join(row[0] for row in rows)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--show-plans", action="store_true", help="print some plans in full")
    parser.add_argument(
        "--not-leakproof",
        action="store_true",
        help="unmark ILIKE as leakproof after migrating: what a deployment gets whose "
        "migrations ran without a superuser",
    )
    args = parser.parse_args()

    admin = await asyncpg.connect(ADMIN_URL)
    await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    url = (
        make_url(ADMIN_URL)
        .set(drivername="postgresql+asyncpg", database=DATABASE)
        .render_as_string(hide_password=False)
    )
    db = Database(url, app_role="olympus_app")
    try:
        await upgrade_async(url)
        if args.not_leakproof:
            conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
            await conn.execute("ALTER FUNCTION pg_catalog.texticlike(text, text) NOT LEAKPROOF")
            await conn.close()
        await seed(url, args.products)
        await measure(db, args.runs)
        if args.show_plans:
            shown = (({}, "created"), ({"q": "tea"}, "name"), ({"q": "a1"}, "created"))
            for filters, sort in shown:
                async with db.unit_of_work(clock=Clock(), tenant_id=TENANT, write=False) as uow:
                    print(f"\n{filters} sort={sort}:\n{await explain(uow, filters, sort, None)}")
    finally:
        await db.dispose()
        if not args.keep_database:
            await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    asyncio.run(main())
