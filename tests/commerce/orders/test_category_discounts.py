"""Discounts limited to categories, end to end on both engines: a discount on a category
applies to the products of that category and of every category below it (variants take
their product's category), in an order and in a cart's preview, and follows a category that
is moved."""

import uuid
from typing import Any

from olympus.commerce.catalog import service as catalog
from olympus.core.db import ReadUnitOfWork
from tests.commerce.orders.conftest import Shop


async def _category(shop: Shop, name: str, parent: str | None = None) -> str:
    body: dict[str, Any] = {"name": name}
    if parent is not None:
        body["parent_id"] = parent
    r = await shop.client.post("/api/v1/categories", json=body, headers=shop.headers)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _tree(shop: Shop) -> dict[str, str]:
    """Drinks > Tea > Green, and Food beside Drinks."""
    drinks = await _category(shop, "Drinks")
    tea = await _category(shop, "Tea", drinks)
    green = await _category(shop, "Green", tea)
    food = await _category(shop, "Food")
    return {"drinks": drinks, "tea": tea, "green": green, "food": food}


def _discounts(order: dict[str, Any]) -> dict[str, int]:
    return {item["product_id"]: item["discount"] for item in order["items"]}


async def test_a_category_discount_covers_the_categories_below_it(shop: Shop) -> None:
    cats = await _tree(shop)
    sencha = await shop.product(10, price=1000, category_id=cats["green"])
    assam = await shop.product(10, price=800, category_id=cats["tea"])
    cake = await shop.product(10, price=600, category_id=cats["food"])
    plain = await shop.product(10, price=500)
    await shop.discount(code="DRINKS50", value=50, category_ids=[cats["drinks"]])

    order = await shop.order([(sencha, 1), (assam, 1), (cake, 1), (plain, 1)], codes=["drinks50"])

    assert _discounts(order) == {sencha: 500, assam: 400, cake: 0, plain: 0}
    assert order["discount_total"] == 900


async def test_a_variant_takes_the_category_of_its_product(shop: Shop) -> None:
    cats = await _tree(shop)
    parent = await shop.inv.product(
        price=1200, category_id=cats["green"], options=[{"name": "size", "values": ["S", "M"]}]
    )
    small = await shop.inv.variant(parent, "S")
    await shop.inv.stocked(small, shop.location, 5)
    await shop.discount(code="TEA10", value=10, category_ids=[cats["tea"]])

    order = await shop.order([(small, 2)], codes=["TEA10"])

    assert _discounts(order) == {small: 240}


async def test_a_discount_on_a_lower_category_does_not_reach_up(shop: Shop) -> None:
    cats = await _tree(shop)
    sencha = await shop.product(10, price=1000, category_id=cats["green"])
    assam = await shop.product(10, price=800, category_id=cats["tea"])
    await shop.discount(code="GREEN", value=50, category_ids=[cats["green"]])

    order = await shop.order([(sencha, 1), (assam, 1)], codes=["green"])

    assert _discounts(order) == {sencha: 500, assam: 0}


async def test_a_moved_category_brings_its_products_under_the_discount(shop: Shop) -> None:
    cats = await _tree(shop)
    cake = await shop.product(10, price=600, category_id=cats["food"])
    await shop.discount(code="DRINKS50", value=50, category_ids=[cats["drinks"]])
    before = await shop.order([(cake, 1)], codes=["DRINKS50"])
    r = await shop.client.patch(
        f"/api/v1/categories/{cats['food']}",
        json={"parent_id": cats["tea"]},
        headers=shop.headers,
    )
    assert r.status_code == 200, r.text

    after = await shop.order([(cake, 1)], codes=["DRINKS50"])

    assert (before["discount_total"], after["discount_total"]) == (0, 300)


async def test_an_automatic_category_discount_prices_the_cart_preview(shop: Shop) -> None:
    cats = await _tree(shop)
    sencha = await shop.product(10, price=1000, category_id=cats["green"])
    cake = await shop.product(10, price=600, category_id=cats["food"])
    await shop.discount(
        code=None, automatic=True, name="Drinks week", value=20, category_ids=[cats["drinks"]]
    )
    r = await shop.client.post(
        "/api/v1/carts", json={"location_id": shop.location, "channel": "pos"}, headers=shop.headers
    )
    assert r.status_code == 201, r.text
    cart = r.json()["id"]
    for product in (sencha, cake):
        r = await shop.client.post(
            f"/api/v1/carts/{cart}/items",
            json={"product_id": product, "quantity": 1},
            headers=shop.headers,
        )
        assert r.status_code == 200, r.text

    preview = r.json()

    assert {i["product_id"]: i["discount"] for i in preview["items"]} == {sencha: 200, cake: 0}
    r = await shop.client.post(
        f"/api/v1/carts/{cart}/checkout",
        headers={**shop.headers, "Idempotency-Key": uuid.uuid4().hex},
    )
    assert r.status_code == 201, r.text
    assert r.json()["discount_total"] == 200


async def test_category_lineage_walks_up_to_the_top_level(shop: Shop) -> None:
    cats = await _tree(shop)
    sencha = await shop.product(0, category_id=cats["green"])
    cake = await shop.product(0, category_id=cats["food"])
    plain = await shop.product(0)
    unknown = uuid.uuid4()

    async def lineage(uow: ReadUnitOfWork) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
        wanted = [uuid.UUID(p) for p in (sencha, cake, plain)] + [unknown]
        return await catalog.category_lineage(uow, wanted)

    found = await shop.inv.read(lineage)

    ids = {name: uuid.UUID(value) for name, value in cats.items()}
    assert found == {
        uuid.UUID(sencha): frozenset({ids["green"], ids["tea"], ids["drinks"]}),
        uuid.UUID(cake): frozenset({ids["food"]}),
        uuid.UUID(plain): frozenset(),
        unknown: frozenset(),
    }


async def test_category_lineage_sees_only_the_tenants_products(
    shop: Shop, other_shop: Shop
) -> None:
    cats = await _tree(other_shop)
    theirs = await other_shop.product(0, category_id=cats["green"])

    async def lineage(uow: ReadUnitOfWork) -> dict[uuid.UUID, frozenset[uuid.UUID]]:
        return await catalog.category_lineage(uow, [uuid.UUID(theirs)])

    assert await shop.inv.read(lineage) == {uuid.UUID(theirs): frozenset()}
