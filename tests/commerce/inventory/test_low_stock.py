"""`GET /api/v1/inventory/low-stock`: the levels at or below their threshold, paged, scoped to
the caller's locations and tenant."""

import uuid

import httpx

from tests.fixtures.inventory import INVENTORY, Inventory
from tests.fixtures.problems import assert_problem

LOW_STOCK = f"{INVENTORY}/low-stock"


async def _threshold(inventory: Inventory, product: str, location: str, threshold: int) -> None:
    r = await inventory.client.put(
        f"{INVENTORY}/{product}/thresholds/{location}",
        json={"threshold": threshold},
        headers=inventory.headers,
    )
    assert r.status_code == 200, r.text


async def test_lists_the_levels_at_or_below_their_threshold(inventory: Inventory) -> None:
    tea = await inventory.product(name="Sencha 100 g")
    cups = await inventory.product(name="Cup")
    plenty = await inventory.product(name="Kettle")
    unwatched = await inventory.product(name="Spoon")
    here, there = await inventory.location(), await inventory.location()
    for product, location, quantity in (
        (tea, here, 3), (tea, there, 9), (cups, here, 5), (plenty, here, 50), (unwatched, here, 0),
    ):  # fmt: skip
        if quantity:
            await inventory.stocked(product, location, quantity)
    await _threshold(inventory, tea, here, 4)  # 3 <= 4: low
    await _threshold(inventory, tea, there, 4)  # 9: fine
    await _threshold(inventory, cups, here, 5)  # 5 <= 5: low (at the threshold)
    await _threshold(inventory, plenty, here, 10)  # 50: fine
    # Reserved stock is not available: 6 on hand, 3 reserved leaves 3 <= 4.
    await inventory.stocked(tea, there, -3)
    assert (await inventory.reserve(there, [(tea, 3)])).status_code == 201

    r = await inventory.client.get(LOW_STOCK, headers=inventory.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["next_cursor"] is None
    found = {(i["product_id"], i["location_id"]): i for i in body["items"]}
    assert set(found) == {(tea, here), (tea, there), (cups, here)}
    low = found[(tea, there)]
    assert (low["on_hand"], low["reserved"], low["available"], low["low_stock_threshold"]) == (
        6, 3, 3, 4,
    )  # fmt: skip
    assert found[(cups, here)]["name"] == "Cup"
    assert found[(cups, here)]["sku"].startswith("INV-")

    r = await inventory.client.get(
        LOW_STOCK, params={"location_id": there}, headers=inventory.headers
    )
    assert [(i["product_id"], i["location_id"]) for i in r.json()["items"]] == [(tea, there)]


async def test_pages_in_a_stable_order(inventory: Inventory) -> None:
    location = await inventory.location()
    expected = []
    for _ in range(5):
        product = await inventory.product()
        await inventory.stocked(product, location, 1)
        await _threshold(inventory, product, location, 2)
        expected.append(product)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"limit": 2, "location_id": location}
        if cursor:
            params["cursor"] = cursor
        r = await inventory.client.get(LOW_STOCK, params=params, headers=inventory.headers)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["items"]) <= 2
        seen += [i["product_id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(expected, key=lambda p: uuid.UUID(p).hex)
    assert len(seen) == 5


async def test_refuses_bad_input(inventory: Inventory) -> None:
    for params in ({"limit": 0}, {"limit": 1000}, {"location_id": "nowhere"}):
        r = await inventory.client.get(LOW_STOCK, params=params, headers=inventory.headers)
        assert_problem(r, 422, "validation_error")
    r = await inventory.client.get(
        LOW_STOCK, params={"cursor": "bm9wZQ"}, headers=inventory.headers
    )
    assert_problem(r, 422, "invalid_cursor")
    r = await inventory.client.get(
        LOW_STOCK, params={"location_id": str(uuid.uuid4())}, headers=inventory.headers
    )
    assert_problem(r, 404, "location_not_found")


async def test_needs_a_token_and_inventory_read(
    inventory: Inventory, client: httpx.AsyncClient
) -> None:
    assert_problem(await client.get(LOW_STOCK), 401, "not_authenticated")
    customer = await inventory.member("customer")
    r = await inventory.client.get(LOW_STOCK, headers=customer.headers)
    assert_problem(r, 403, "permission_denied")


async def test_a_grant_at_one_location_sees_only_there(inventory: Inventory) -> None:
    product = await inventory.product()
    here, there = await inventory.location(), await inventory.location()
    for location in (here, there):
        await inventory.stocked(product, location, 1)
        await _threshold(inventory, product, location, 3)
    manager = await inventory.member()
    await inventory.grant_at(manager, "manager", here)
    r = await inventory.client.get(LOW_STOCK, headers=manager.headers)
    assert [i["location_id"] for i in r.json()["items"]] == [here]
    r = await inventory.client.get(
        LOW_STOCK, params={"location_id": there}, headers=manager.headers
    )
    assert_problem(r, 404, "location_not_found")


async def test_another_tenants_levels_are_not_seen(
    inventory: Inventory, other_inventory: Inventory
) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 1)
    await _threshold(inventory, product, location, 3)
    intruder = other_inventory.headers
    r = await inventory.client.get(LOW_STOCK, headers=intruder)
    assert r.status_code == 200, r.text
    assert r.json()["items"] == []
    r = await inventory.client.get(LOW_STOCK, params={"location_id": location}, headers=intruder)
    assert_problem(r, 404, "location_not_found")
