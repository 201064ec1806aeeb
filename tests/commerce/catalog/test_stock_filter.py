"""The product list's `location_id` filter: the products with stock on hand at a location,
a product with variants listed when one of its variants is stocked there."""

import uuid

from tests.commerce.catalog.conftest import PRODUCTS, Catalog
from tests.fixtures.problems import assert_problem


async def _stock(catalog: Catalog, product_id: str, location_id: str, delta: int) -> None:
    r = await catalog.client.post(
        f"/api/v1/inventory/{product_id}/adjustments",
        json={"location_id": location_id, "delta": delta, "reason": "delivery"},
        headers=catalog.headers,
    )
    assert r.status_code == 201, r.text


async def test_the_list_keeps_the_products_stocked_at_a_location(catalog: Catalog) -> None:
    here, there = (await catalog.location())["id"], (await catalog.location())["id"]
    stocked = await catalog.product(name="Stocked here")
    elsewhere = await catalog.product(name="Stocked elsewhere")
    sold_out = await catalog.product(name="Sold out here")
    await catalog.product(name="Never stocked")
    tee = await catalog.product(name="Tee", options=[{"name": "size", "values": ["S", "M"]}])
    small = await catalog.variant(tee["id"], option_values={"size": "S"})
    await catalog.variant(tee["id"], option_values={"size": "M"})
    await _stock(catalog, stocked["id"], here, 3)
    await _stock(catalog, elsewhere["id"], there, 3)
    await _stock(catalog, sold_out["id"], here, 2)
    await _stock(catalog, sold_out["id"], here, -2)
    await _stock(catalog, small["id"], here, 1)

    r = await catalog.client.get(PRODUCTS, params={"location_id": here}, headers=catalog.headers)
    assert r.status_code == 200, r.text
    assert [p["name"] for p in r.json()["items"]] == ["Stocked here", "Tee"]
    (listed_tee,) = [p for p in r.json()["items"] if p["name"] == "Tee"]
    assert len(listed_tee["variants"]) == 2  # the product as it is, all its variants
    r = await catalog.client.get(
        PRODUCTS, params={"location_id": there, "q": "stock"}, headers=catalog.headers
    )
    assert [p["name"] for p in r.json()["items"]] == ["Stocked elsewhere"]
    r = await catalog.client.get(PRODUCTS, headers=catalog.headers)
    assert len(r.json()["items"]) == 5


async def test_a_location_of_no_stock_or_of_another_tenant(
    catalog: Catalog, other_catalog: Catalog
) -> None:
    await catalog.product()
    empty = (await catalog.location())["id"]
    r = await catalog.client.get(PRODUCTS, params={"location_id": empty}, headers=catalog.headers)
    assert r.json() == {"items": [], "next_cursor": None}
    theirs = (await other_catalog.location())["id"]
    for location_id in (theirs, str(uuid.uuid4())):
        r = await catalog.client.get(
            PRODUCTS, params={"location_id": location_id}, headers=catalog.headers
        )
        assert_problem(r, 404, "location_not_found")
