"""The product list: `q` finds a part of a name, SKU or barcode (any case, a variant's finding
its product), the filters, every sort order paged with cursors, the statements a page costs,
and on PostgreSQL the trigram index under row-level security."""

import uuid
from typing import Any, cast

import pytest
import sqlalchemy as sa

from olympus.commerce.catalog import repository
from olympus.commerce.catalog.models import Product
from olympus.core.db import ReadUnitOfWork
from tests.commerce.catalog.conftest import PRODUCTS, Catalog
from tests.fixtures.problems import assert_problem
from tests.fixtures.statements import own_work, statements


async def ids(catalog: Catalog, **params: Any) -> list[str]:
    r = await catalog.client.get(PRODUCTS, params=params, headers=catalog.headers)
    assert r.status_code == 200, r.text
    return [item["id"] for item in r.json()["items"]]


async def all_pages(catalog: Catalog, **params: Any) -> list[dict[str, Any]]:
    """Every item, following `next_cursor`."""
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        r = await catalog.client.get(PRODUCTS, params=query, headers=catalog.headers)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= params.get("limit", 50)
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen


async def test_q_finds_a_part_of_a_name_sku_or_barcode_in_any_case(catalog: Catalog) -> None:
    sencha = await catalog.product(
        sku="TEA-SEN-100", name="Sencha Green Tea", barcode="4006381333931"
    )
    earl = await catalog.product(sku="TEA-EARL-250", name="Earl Grey", barcode="5012345678900")
    mug = await catalog.product(sku="MUG-01", name="Stoneware Mug 100% clay", barcode="ab-12")
    under = await catalog.product(sku="CUP_02", name="Cup")

    assert await ids(catalog, q="green") == [sencha["id"]]
    assert await ids(catalog, q="GREY") == [earl["id"]]
    assert await ids(catalog, q="tea-") == [sencha["id"], earl["id"]]
    assert await ids(catalog, q="sen-1") == [sencha["id"]]
    assert await ids(catalog, q="63813") == [sencha["id"]]  # inside a barcode
    assert await ids(catalog, q="AB-12") == [mug["id"]]
    assert await ids(catalog, q="  earl  ") == [earl["id"]]
    assert await ids(catalog, q="100") == [sencha["id"], mug["id"]]
    # LIKE's wildcards match only themselves.
    assert await ids(catalog, q="100%") == [mug["id"]]
    assert await ids(catalog, q="%") == [mug["id"]]
    assert await ids(catalog, q="_") == [under["id"]]
    assert await ids(catalog, q="\\") == []
    assert await ids(catalog, q="matcha") == []
    assert await ids(catalog, q="") == [sencha["id"], earl["id"], mug["id"], under["id"]]


async def test_q_finds_a_product_by_its_variants(catalog: Catalog) -> None:
    product = await catalog.product(
        sku="TEE", name="Plain tee", options=[{"name": "size", "values": ["S", "M", "L"]}]
    )
    for size in ("S", "M", "L"):
        await catalog.variant(
            product["id"], sku=f"TEE-{size}-ZX", barcode=f"77{size}99", option_values={"size": size}
        )
    other = await catalog.product(sku="ZX-SPECTRUM", name="Home computer")
    # Once, in its place, with its variants inside.
    r = await catalog.client.get(PRODUCTS, params={"q": "zx"}, headers=catalog.headers)
    items = r.json()["items"]
    assert [i["id"] for i in items] == [product["id"], other["id"]]
    assert len(items[0]["variants"]) == 3
    assert await ids(catalog, q="7m9") == [product["id"]]
    assert await ids(catalog, q="tee-l") == [product["id"]]
    # Variants themselves are never listed at the top level.
    assert await ids(catalog) == [product["id"], other["id"]]


async def test_filters(catalog: Catalog, other_catalog: Catalog) -> None:
    drinks = await catalog.category("Drinks")
    tea = await catalog.category("Tea", drinks["id"])
    green = await catalog.category("Green", tea["id"])
    drinks2 = await catalog.category("Drinks2")
    food = await catalog.category("Food")
    sencha = await catalog.product(name="Sencha", category_id=green["id"], status="active")
    earl = await catalog.product(name="Earl Grey", category_id=tea["id"], status="draft")
    water = await catalog.product(name="Water", category_id=drinks["id"], status="active")
    juice = await catalog.product(name="Juice", category_id=drinks2["id"], status="active")
    bread = await catalog.product(name="Bread", category_id=food["id"], status="active")
    old = await catalog.product(name="Old tea", category_id=tea["id"], status="active")
    await catalog.client.delete(f"{PRODUCTS}/{old['id']}", headers=catalog.headers)

    everything = [sencha["id"], earl["id"], water["id"], juice["id"], bread["id"]]
    assert await ids(catalog) == everything
    assert await ids(catalog, include_archived="true") == [*everything, old["id"]]
    assert await ids(catalog, status="active") == [
        sencha["id"],
        water["id"],
        juice["id"],
        bread["id"],
    ]
    assert await ids(catalog, status="draft") == [earl["id"]]
    assert await ids(catalog, status="archived") == [old["id"]]
    # A category takes in the categories below it (and no sibling that only starts alike).
    assert await ids(catalog, category_id=drinks["id"]) == [sencha["id"], earl["id"], water["id"]]
    assert await ids(catalog, category_id=tea["id"]) == [sencha["id"], earl["id"]]
    assert await ids(catalog, category_id=tea["id"], include_archived="true") == [
        sencha["id"],
        earl["id"],
        old["id"],
    ]
    assert await ids(catalog, category_id=green["id"]) == [sencha["id"]]
    assert await ids(catalog, category_id=food["id"], q="bread") == [bread["id"]]
    assert await ids(catalog, category_id=food["id"], q="tea") == []
    assert await ids(catalog, category_id=str(uuid.uuid4())) == []
    assert await ids(catalog, category_id=drinks["id"], status="draft", q="GREY") == [earl["id"]]

    # A location of the tenant is taken; another's is not found.
    location = await catalog.location()
    r = await catalog.client.get(
        PRODUCTS, params={"location_id": location["id"]}, headers=catalog.headers
    )
    assert r.status_code == 200, r.text
    theirs = await other_catalog.location()
    r = await catalog.client.get(
        PRODUCTS, params={"location_id": theirs["id"]}, headers=catalog.headers
    )
    assert_problem(r, 404, "location_not_found")


FRUITS = [
    ("Cherry", 200),
    ("Apricot", 300),
    ("Elderberry", 100),
    ("Cherry", 200),
    ("Blueberry", 100),
    ("Damson", 500),
    ("Fig", 0),
]


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("created", None),
        ("-created", None),
        ("name", "name"),
        ("-name", "name"),
        ("price", "price"),
        ("-price", "price"),
    ],
)
async def test_every_sort_order_pages_without_gaps_or_repeats(
    catalog: Catalog, sort: str, key: str | None
) -> None:
    created = [await catalog.product(name=name, price=price) for name, price in FRUITS]
    if key is None:
        expected = list(reversed(created)) if sort.startswith("-") else created
    else:
        expected = sorted(created, key=lambda p: (p[key], p["id"]), reverse=sort.startswith("-"))
    pages = await all_pages(catalog, sort=sort, limit=2)
    assert [p["id"] for p in pages] == [p["id"] for p in expected]
    # And a search keeps the order across its pages.
    berries = [p for p in expected if "berry" in p["name"]]
    pages = await all_pages(catalog, sort=sort, limit=1, q="BERRY")
    assert [p["id"] for p in pages] == [p["id"] for p in berries]


async def test_a_cursor_belongs_to_its_sort_order(catalog: Catalog) -> None:
    for name in ("A", "B", "C"):
        await catalog.product(name=name)
    r = await catalog.client.get(
        PRODUCTS, params={"sort": "name", "limit": 1}, headers=catalog.headers
    )
    cursor = r.json()["next_cursor"]
    assert cursor
    r = await catalog.client.get(
        PRODUCTS, params={"sort": "price", "cursor": cursor}, headers=catalog.headers
    )
    assert_problem(r, 422, "invalid_cursor")
    for forged in (
        "e30",
        "eyJzIjoibmFtZSIsImlkIjoieCJ9",
        "eyJzIjoicHJpY2UiLCJpZCI6IjAxOTAwMDAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMCIsImsiOiJ4In0",
    ):
        r = await catalog.client.get(
            PRODUCTS, params={"sort": "price", "cursor": forged}, headers=catalog.headers
        )
        assert_problem(r, 422, "invalid_cursor")


async def test_a_page_costs_one_statement_plus_one_per_kind_of_detail(catalog: Catalog) -> None:
    """The list is the catalog's hottest read: one statement for a page of plain products,
    one more when some have variants, one more when some have prices per location,
    whatever the page's size (on PostgreSQL, on the driver connection: the transaction's
    opening statements are one round trip)."""
    for i in range(30):
        await catalog.product(name=f"Plain {i}")
    # Warm the caches (permissions) and the connection.
    await ids(catalog)
    with statements(catalog.app.state.db, driver=True) as seen:
        assert len(await ids(catalog, limit=200)) == 30
    work = own_work(seen)
    assert len(work) == 1 and "FROM products" in work[0], work

    product = await catalog.product(name="Tee", options=[{"name": "size", "values": ["S", "M"]}])
    for size in ("S", "M"):
        await catalog.variant(product["id"], option_values={"size": size})
    location = await catalog.location()
    plain = await catalog.product(name="Priced")
    await catalog.client.put(
        f"{PRODUCTS}/{plain['id']}/location-prices/{location['id']}",
        json={"price": 1},
        headers=catalog.headers,
    )
    with statements(catalog.app.state.db, driver=True) as seen:
        assert len(await ids(catalog, limit=200)) == 32
    # (Leaving out asyncpg's look-up of the array type a connection meets the first time.)
    work = [s for s in own_work(seen) if "typeinfo_tree" not in s and "'jit'" not in s]
    assert len(work) == 3, work
    if not catalog.app.state.db.is_sqlite:
        # The driver transaction opens in one round trip: role, tenant and settings with it.
        openings = [s for s in seen if s.startswith("BEGIN READ ONLY; ")]
        assert len(openings) == 1 and "set_config" in openings[0], seen


async def test_postgres_searches_through_the_trigram_index_under_row_level_security(
    catalog: Catalog, is_postgres: bool
) -> None:
    """The app reads as a role under row-level security, where the planner may push a
    condition into an index only if its function is leakproof (the migration marks ILIKE's
    so), and the statement avoids what security barriers treat as leaky (COALESCE): the
    search reads its matches from `ix_products_search`. (Without the mark, no index could
    take the condition and the plan would sweep the table however it is priced.)"""
    if not is_postgres:
        pytest.skip("the trigram index is PostgreSQL's")
    now = catalog.clock.now()
    rows: list[dict[str, Any]] = [
        {
            "tenant_id": catalog.tenant.id,
            "id": uuid.uuid4(),
            "parent_id": None,
            "sku": f"BULK-{i:05d}",
            "name": f"Product {i} {uuid.uuid4().hex}",
            "description": "",
            "price": i,
            "currency": "EUR",
            "status": "active",
            "category_id": None,
            "attributes": {},
            "tax_class": "standard",
            "image_urls": [],
            "barcode": f"{i:013d}",
            "options": [],
            "option_values": {},
            "created_at": now,
            "updated_at": now,
        }
        for i in range(20_000)
    ]
    sencha = await catalog.product(name="Sencha Green Tea")
    async with catalog.app.state.db.unit_of_work(clock=catalog.clock, system=True) as uow:
        await uow.session.execute(sa.insert(cast(sa.Table, Product.__table__)), rows)
    async with catalog.app.state.db.unit_of_work(clock=catalog.clock, system=True) as uow:
        await uow.session.execute(sa.text("ANALYZE products"))

    async def plan(uow: ReadUnitOfWork) -> tuple[str, str]:
        query = repository.ProductQuery(q="encha gr", limit=50)
        stmt = repository.product_page_statement(uow.require_tenant(), "postgresql", query)
        conn = await uow.session.connection()
        # A few thousand rows read faster in one sweep than through any index: price the
        # sweep out, so the plan shows which index the search can use.
        await conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
        compiled = stmt.compile(dialect=conn.dialect)
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
        explained = await conn.exec_driver_sql(f"EXPLAIN {compiled}", params)
        role = await conn.scalar(sa.text("SELECT current_user"))
        return "\n".join(row[0] for row in explained), str(role)

    explained, role = await catalog.read(plan)
    assert role == "olympus_app"
    assert "Bitmap Index Scan on ix_products_search" in explained, explained
    assert await ids(catalog, q="encha gr") == [sencha["id"]]
