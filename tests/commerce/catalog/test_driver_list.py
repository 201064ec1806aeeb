"""The product list on PostgreSQL's driver connection (the hot path of `GET /api/v1/products`)
answers exactly what the unit of work's path answers, for every filter, sort and cursor; it
stays in its tenant, under row-level security, read-only."""

import itertools
import uuid
from typing import Any

import orjson
import pytest

from olympus.commerce.catalog import repository, service
from olympus.commerce.catalog.router.documents import json_response
from olympus.core.db import Database, ReadUnitOfWork
from olympus.core.pagination import InvalidCursor, PageParams, decode_cursor
from tests.commerce.catalog.conftest import PRODUCTS, Catalog
from tests.fixtures.apps import WITH_PGBOUNCER

pytestmark = [
    pytest.mark.parametrize("backend", WITH_PGBOUNCER, indirect=True),
    pytest.mark.usefixtures("postgres_only"),
]

SORTS = ("created", "-created", "name", "-name", "price", "-price")


@pytest.fixture
def postgres_only(is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("the driver path is PostgreSQL's; SQLite lists through the unit of work")


def _answer(items: list[dict[str, Any]], cursor: str | None) -> Any:
    """A page as the client gets it (the route's own encoding, read back)."""
    return orjson.loads(json_response({"items": items, "next_cursor": cursor}).body)


async def _both_paths(
    catalog: Catalog, filters: service.ProductFilter, sort: str, limit: int
) -> list[Any]:
    """Every page of a list on both paths, checked equal page by page (cursors included);
    the pages."""
    db: Database = catalog.app.state.db
    pages: list[Any] = []
    cursor: str | None = None
    while True:
        page = PageParams(limit=limit, cursor=decode_cursor(cursor) if cursor else None)

        async def through_uow(uow: ReadUnitOfWork, page: PageParams = page) -> Any:
            return await service.list_products(uow, filters=filters, sort=sort, page=page)

        expected = _answer(*await catalog.read(through_uow))
        driven = _answer(
            *await service.list_products_on_driver(
                db, catalog.tenant.id, filters=filters, sort=sort, page=page
            )
        )
        assert driven == expected, (filters, sort, cursor)
        pages.append(driven)
        cursor = driven["next_cursor"]
        if cursor is None:
            return pages


async def _varied_catalog(catalog: Catalog) -> dict[str, Any]:
    """Products of every kind the list shows: statuses, a category tree, tied names and
    prices, attributes and images, variants (found by their own SKU or barcode), prices per
    location on products and variants."""
    drinks = await catalog.category("Drinks")
    tea = await catalog.category("Tea", parent_id=drinks["id"])
    other = await catalog.category("Cups")
    location = await catalog.location()
    made: list[dict[str, Any]] = []
    for i in range(14):
        made.append(
            await catalog.product(
                sku=f"TEA-{i:02d}",
                name=f"Tea {i % 4}",  # names tie, so the id breaks the tie
                price=100 * (i % 5),
                status=("active", "draft", "archived")[i % 3],
                category_id=(tea["id"], drinks["id"], other["id"], None)[i % 4],
                barcode=f"40063813{i:05d}" if i % 2 else None,
                attributes={"origin": "Shizuoka", "grams": 100 + i, "ratio": 0.5}
                if i % 3 == 0
                else {},
                image_urls=[f"https://img.example.com/{i}.png"] if i % 2 else [],
            )
        )
    tee = await catalog.product(
        sku="TEE",
        name="Plain tee",
        price=1500,
        status="active",
        category_id=other["id"],
        options=[{"name": "size", "values": ["S", "M", "L"]}],
    )
    variants = [
        await catalog.variant(
            tee["id"],
            sku=f"TEE-{size}-ZX",
            barcode=f"77{size}99",
            option_values={"size": size},
            attributes={"fit": "slim"},
        )
        for size in ("S", "M", "L")
    ]
    for target, price in ((made[0], 90), (made[4], 80), (variants[1], 1400), (variants[2], 1450)):
        r = await catalog.client.put(
            f"{PRODUCTS}/{target['id']}/location-prices/{location['id']}",
            json={"price": price},
            headers=catalog.headers,
        )
        assert r.status_code == 200, r.text
    return {"drinks": drinks, "tea": tea, "tee": tee}


async def test_the_driver_path_answers_as_the_unit_of_work_for_every_combination(
    catalog: Catalog,
) -> None:
    made = await _varied_catalog(catalog)
    # A search of trigrams, a short one, one found through variants only, inside barcodes,
    # a LIKE wildcard matching itself.
    searches = (None, "tea", "TE", "77m", "4006381", "%")
    statuses: tuple[tuple[str | None, bool], ...] = (
        (None, False),
        (None, True),
        ("active", False),
        ("archived", False),
    )
    categories = (None, uuid.UUID(made["drinks"]["id"]), uuid.UUID(made["tea"]["id"]))
    listed = 0
    for q, (status, archived), category_id, sort in itertools.product(
        searches, statuses, categories, SORTS
    ):
        filters = service.ProductFilter(
            q=q, status=status, include_archived=archived, category_id=category_id
        )
        pages = await _both_paths(catalog, filters, sort, limit=4)
        listed += sum(len(p["items"]) for p in pages)
    assert listed > 1000  # the combinations list something, not only empty pages
    # One page of everything, variants and prices inside.
    (page,) = await _both_paths(
        catalog, service.ProductFilter(include_archived=True), "created", limit=200
    )
    tee = next(item for item in page["items"] if item["id"] == made["tee"]["id"])
    assert len(tee["variants"]) == 3
    assert [v["location_prices"] != [] for v in tee["variants"]] == [False, True, True]
    assert any(item["attributes"].get("grams") == 100 for item in page["items"])


async def test_the_route_answers_from_the_driver_path(catalog: Catalog) -> None:
    await _varied_catalog(catalog)
    cases: list[tuple[dict[str, str | int], service.ProductFilter, str, int]] = [
        ({"limit": 3, "sort": "-price"}, service.ProductFilter(), "-price", 3),
        (
            {"q": "tea", "status": "active"},
            service.ProductFilter(q="tea", status="active"),
            "created",
            50,
        ),
    ]
    for params, filters, sort, limit in cases:
        r = await catalog.client.get(PRODUCTS, params=params, headers=catalog.headers)
        assert r.status_code == 200, r.text
        page = PageParams(limit=limit, cursor=None)

        async def through_uow(
            uow: ReadUnitOfWork,
            filters: service.ProductFilter = filters,
            sort: str = sort,
            page: PageParams = page,
        ) -> Any:
            return await service.list_products(uow, filters=filters, sort=sort, page=page)

        assert r.json() == _answer(*await catalog.read(through_uow))


async def test_a_foreign_cursor_is_refused_before_the_database(catalog: Catalog) -> None:
    db: Database = catalog.app.state.db
    page = PageParams(limit=5, cursor={"s": "name", "id": str(uuid.uuid4()), "k": "x"})
    with pytest.raises(InvalidCursor):
        await service.list_products_on_driver(
            db, catalog.tenant.id, filters=service.ProductFilter(), sort="price", page=page
        )


async def test_the_driver_path_lists_only_its_tenant(
    catalog: Catalog, other_catalog: Catalog
) -> None:
    mine = await catalog.product(name="Sencha", status="active")
    theirs = await other_catalog.product(name="Sencha", status="active")
    db: Database = catalog.app.state.db
    for owner, product in ((catalog, mine), (other_catalog, theirs)):
        items, _ = await service.list_products_on_driver(
            db,
            owner.tenant.id,
            filters=service.ProductFilter(q="sencha"),
            sort="created",
            page=PageParams(limit=50, cursor=None),
        )
        assert [item["id"] for item in items] == [product["id"]]
        r = await owner.client.get(PRODUCTS, params={"q": "sench"}, headers=owner.headers)
        assert [item["id"] for item in r.json()["items"]] == [product["id"]]


async def test_row_level_security_holds_on_the_driver_path(
    catalog: Catalog, other_catalog: Catalog
) -> None:
    """A statement bound to another tenant than the transaction's sees nothing of it: the
    database itself keeps the driver path in its tenant. And the transaction reads only."""
    theirs = await other_catalog.product(name="Foreign tea", status="active")
    db: Database = catalog.app.state.db
    query = repository.ProductQuery(limit=50)
    async with db.driver_read_transaction(catalog.tenant.id) as conn:
        assert await conn.fetchval("SELECT current_user") == "olympus_app"
        forged = await repository.product_page_on(conn, other_catalog.tenant.id, query)
        assert forged == []
        variants = await repository.variants_on(conn, other_catalog.tenant.id, [theirs["id"]])
        assert variants == []
        assert await conn.fetchval("SELECT count(*) FROM products") == 0
    async with db.driver_read_transaction(other_catalog.tenant.id) as conn:
        rows = await repository.product_page_on(conn, other_catalog.tenant.id, query)
        assert [row["id"] for row in rows] == [theirs["id"]]
    with pytest.raises(Exception, match="read-only transaction"):
        async with db.driver_read_transaction(other_catalog.tenant.id) as conn:
            await conn.execute("UPDATE products SET name = 'Changed'")
    assert (await other_catalog.get(theirs["id"]))["name"] == "Foreign tea"
