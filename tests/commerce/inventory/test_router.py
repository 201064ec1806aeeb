"""The inventory API: stock per sellable unit and location, adjustments, transfers,
reservations, the ledger and thresholds; who may do what, bad input and other tenants."""

import uuid
from typing import Any

import httpx
import pytest

from tests.fixtures.inventory import INVENTORY, RESERVATIONS, TRANSFERS, Inventory
from tests.fixtures.problems import assert_problem


def _locations(stock: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {
        e["location_id"]: (e["on_hand"], e["reserved"], e["available"]) for e in stock["locations"]
    }


# --- reading stock ----------------------------------------------------------------------------


async def test_stock_of_a_unit_per_location_and_in_total(inventory: Inventory) -> None:
    product = await inventory.product()
    here, there = await inventory.location(), await inventory.location()
    empty = await inventory.stock(product)
    assert empty == {
        "product_id": product,
        "on_hand": 0,
        "reserved": 0,
        "available": 0,
        "locations": [],
    }
    await inventory.stocked(product, here, 7)
    await inventory.stocked(product, there, 5)
    r = await inventory.reserve(here, [(product, 2)])
    assert r.status_code == 201, r.text
    stock = await inventory.stock(product)
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (12, 2, 10)
    assert _locations(stock) == {here: (7, 2, 5), there: (5, 0, 5)}
    assert all(e["low_stock_threshold"] is None for e in stock["locations"])


async def test_the_unit_is_a_plain_product_or_a_variant(inventory: Inventory) -> None:
    parent = await inventory.product(options=[{"name": "size", "values": ["S", "M"]}])
    small = await inventory.variant(parent, "S")
    location = await inventory.location()
    await inventory.stocked(small, location, 3)
    assert (await inventory.stock(small))["available"] == 3
    r = await inventory.client.get(f"{INVENTORY}/{parent}", headers=inventory.headers)
    assert_problem(r, 409, "product_not_sellable")
    r = await inventory.adjust(parent, location, 1)
    assert_problem(r, 409, "product_not_sellable")
    r = await inventory.client.get(f"{INVENTORY}/{uuid.uuid4()}", headers=inventory.headers)
    assert_problem(r, 404, "product_not_found")


# --- adjustments ------------------------------------------------------------------------------


async def test_adjustments_append_movements_audit_rows_and_events(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    r = await inventory.adjust(product, location, 10)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["kind"] == "adjustment"
    assert (body["on_hand_delta"], body["reserved_delta"]) == (10, 0)
    assert (body["on_hand_after"], body["reserved_after"], body["available_after"]) == (10, 0, 10)
    assert body["reason"] == "count"
    assert body["actor_id"] == inventory.owner.user_id
    r = await inventory.adjust(product, location, -4)
    assert r.status_code == 201, r.text
    assert r.json()["on_hand_after"] == 6
    assert await inventory.levels() == {(product, location): (6, 0)}
    assert [m.on_hand_delta for m in await inventory.movements()] == [10, -4]
    audited = await inventory.audit("inventory.adjusted")
    assert [a.changes["delta"] for a in audited] == [10, -4]
    assert all(a.target_id == product for a in audited)
    updates = await inventory.events_of("inventory.updated")
    assert [e["data"]["levels"][0]["on_hand"] for e in updates] == [10, 6]


async def test_taking_more_than_is_available_changes_nothing(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 5)
    assert (await inventory.reserve(location, [(product, 3)])).status_code == 201
    before = (await inventory.levels(), len(await inventory.movements()))
    r = await inventory.adjust(product, location, -3)  # 5 on hand, but only 2 available
    body = assert_problem(r, 409, "insufficient_stock")
    assert (body["requested"], body["available"]) == (3, 2)
    assert body["product_id"] == product
    assert (await inventory.levels(), len(await inventory.movements())) == before
    assert len(await inventory.audit("inventory.adjusted")) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"delta": 0, "reason": "x"},
        {"delta": 1_000_001, "reason": "x"},
        {"delta": -1_000_001, "reason": "x"},
        {"delta": 1},
        {"delta": 1, "reason": "  "},
        {"delta": 1, "reason": "x" * 201},
        {"delta": 1.5, "reason": "x"},
        {"delta": "ten", "reason": "x"},
        {"delta": 1, "reason": "x", "tenant_id": str(uuid.uuid4())},
        {"delta": 1, "reason": "x", "on_hand": 5},
    ],
)
async def test_adjustments_refuse_bad_input(inventory: Inventory, body: dict[str, Any]) -> None:
    product, location = await inventory.product(), await inventory.location()
    r = await inventory.client.post(
        f"{INVENTORY}/{product}/adjustments",
        json={"location_id": location, **body},
        headers=inventory.headers,
    )
    assert_problem(r, 422, "validation_error")
    assert await inventory.levels() == {}


async def test_unknown_and_foreign_locations_are_not_found(
    inventory: Inventory, other_inventory: Inventory
) -> None:
    product = await inventory.product()
    theirs = await other_inventory.location()
    for location in (str(uuid.uuid4()), theirs):
        assert_problem(await inventory.adjust(product, location, 1), 404, "location_not_found")
        r = await inventory.reserve(location, [(product, 1)])
        assert_problem(r, 404, "location_not_found")
        r = await inventory.client.put(
            f"{INVENTORY}/{product}/thresholds/{location}",
            json={"threshold": 1},
            headers=inventory.headers,
        )
        assert_problem(r, 404, "location_not_found")
    assert await inventory.levels() == {}


async def test_an_archived_location_takes_no_stock(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    r = await inventory.client.delete(f"/api/v1/locations/{location}", headers=inventory.headers)
    assert r.status_code == 204, r.text
    assert_problem(await inventory.adjust(product, location, 1), 409, "location_archived")


# --- transfers --------------------------------------------------------------------------------


async def test_a_transfer_moves_stock_in_one_operation(inventory: Inventory) -> None:
    product = await inventory.product()
    source, destination = await inventory.location(), await inventory.location()
    await inventory.stocked(product, source, 8)
    r = await inventory.client.post(
        TRANSFERS,
        json={
            "product_id": product,
            "from_location_id": source,
            "to_location_id": destination,
            "quantity": 3,
            "reason": "rebalance",
        },
        headers=inventory.headers,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["source"]["on_hand"], body["destination"]["on_hand"]) == (5, 3)
    assert await inventory.levels() == {(product, source): (5, 0), (product, destination): (3, 0)}
    moved = [m for m in await inventory.movements() if m.kind.startswith("transfer")]
    assert sorted((m.kind, m.on_hand_delta) for m in moved) == [
        ("transfer_in", 3),
        ("transfer_out", -3),
    ]
    assert {str(m.reference_id) for m in moved} == {body["id"]}
    assert len(await inventory.audit("inventory.transferred")) == 1


async def test_a_transfer_of_more_than_is_available_or_within_one_location_is_refused(
    inventory: Inventory,
) -> None:
    product = await inventory.product()
    source, destination = await inventory.location(), await inventory.location()
    await inventory.stocked(product, source, 4)
    assert (await inventory.reserve(source, [(product, 2)])).status_code == 201
    before = (await inventory.levels(), len(await inventory.movements()))

    async def transfer(quantity: int, to: str) -> httpx.Response:
        return await inventory.client.post(
            TRANSFERS,
            json={
                "product_id": product,
                "from_location_id": source,
                "to_location_id": to,
                "quantity": quantity,
            },
            headers=inventory.headers,
        )

    body = assert_problem(await transfer(3, destination), 409, "insufficient_stock")
    assert body["available"] == 2
    assert_problem(await transfer(1, source), 422, "same_location")
    assert_problem(await transfer(0, destination), 422, "validation_error")
    r = await inventory.client.post(
        TRANSFERS,
        json={"product_id": product, "from_location_id": source, "quantity": 1},
        headers=inventory.headers,
    )
    assert_problem(r, 422, "validation_error")
    assert (await inventory.levels(), len(await inventory.movements())) == before


# --- reservations -----------------------------------------------------------------------------


async def test_a_reservation_holds_stock_until_released(inventory: Inventory) -> None:
    tea, cup = await inventory.product(), await inventory.product()
    location = await inventory.location()
    await inventory.stocked(tea, location, 5)
    await inventory.stocked(cup, location, 2)
    r = await inventory.reserve(location, [(tea, 3), (cup, 2)], expires_in=300)
    assert r.status_code == 201, r.text
    reservation = r.json()
    assert reservation["status"] == "active"
    assert {(line["product_id"], line["quantity"]) for line in reservation["lines"]} == {
        (tea, 3),
        (cup, 2),
    }
    assert reservation["expires_at"].endswith("Z")
    assert await inventory.available(tea, location) == 2
    assert await inventory.available(cup, location) == 0
    r = await inventory.client.get(f"{RESERVATIONS}/{reservation['id']}", headers=inventory.headers)
    assert r.status_code == 200 and r.json() == reservation

    r = await inventory.client.post(
        f"{RESERVATIONS}/{reservation['id']}/release",
        json={"reason": "cart abandoned"},
        headers=inventory.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "released"
    assert await inventory.levels() == {(tea, location): (5, 0), (cup, location): (2, 0)}
    releases = [m for m in await inventory.movements() if m.kind == "release"]
    assert sorted(m.reserved_delta for m in releases) == [-3, -2]
    assert all(m.reason == "cart abandoned" for m in releases)
    for action in ("release", "commit"):
        r = await inventory.client.post(
            f"{RESERVATIONS}/{reservation['id']}/{action}", headers=inventory.headers
        )
        assert_problem(r, 409, "reservation_not_active")
    assert len(await inventory.audit("inventory.reserved")) == 1
    assert len(await inventory.audit("inventory.reservation_released")) == 1


async def test_committing_a_reservation_sells_the_stock(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 5)
    reservation = (await inventory.reserve(location, [(product, 2)])).json()
    r = await inventory.client.post(
        f"{RESERVATIONS}/{reservation['id']}/commit", headers=inventory.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "committed"
    assert r.json()["ended_at"] is not None
    assert await inventory.levels() == {(product, location): (3, 0)}
    (sale,) = [m for m in await inventory.movements() if m.kind == "sale"]
    assert (sale.on_hand_delta, sale.reserved_delta, str(sale.reference_id)) == (
        -2,
        -2,
        reservation["id"],
    )
    r = await inventory.client.post(
        f"{RESERVATIONS}/{reservation['id']}/release", headers=inventory.headers
    )
    assert_problem(r, 409, "reservation_not_active")
    assert await inventory.ledger_differences() == []


async def test_a_reservation_short_of_one_line_holds_nothing(inventory: Inventory) -> None:
    plenty, scarce = await inventory.product(), await inventory.product()
    location = await inventory.location()
    await inventory.stocked(plenty, location, 10)
    await inventory.stocked(scarce, location, 1)
    before = (await inventory.levels(), len(await inventory.movements()))
    r = await inventory.reserve(location, [(plenty, 4), (scarce, 2)])
    body = assert_problem(r, 409, "insufficient_stock")
    assert (body["product_id"], body["requested"], body["available"]) == (scarce, 2, 1)
    assert (await inventory.levels(), len(await inventory.movements())) == before
    assert await inventory.reservations() == []
    r = await inventory.reserve(location, [(await inventory.product(), 1)])  # never stocked
    assert_problem(r, 409, "insufficient_stock")


@pytest.mark.parametrize(
    "change",
    [
        {"lines": []},
        {"lines": [{"product_id": "P", "quantity": 0}]},
        {"lines": [{"product_id": "P", "quantity": 1_000_001}]},
        {"lines": [{"product_id": "P", "quantity": 1}, {"product_id": "P", "quantity": 1}]},
        {"lines": [{"product_id": "P", "quantity": 1, "price": 0}]},
        {"expires_in": 0},
        {"expires_in": 7 * 24 * 3600 + 1},
        {"status": "committed"},
        {"location_id": "nope"},
    ],
)
async def test_reservations_refuse_bad_input(inventory: Inventory, change: dict[str, Any]) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 5)
    body: dict[str, Any] = {
        "location_id": location,
        "lines": [{"product_id": product, "quantity": 1}],
        "expires_in": 60,
        **change,
    }
    for line in body["lines"]:
        if line["product_id"] == "P":
            line["product_id"] = product
    r = await inventory.client.post(RESERVATIONS, json=body, headers=inventory.headers)
    assert_problem(r, 422, "validation_error")
    assert await inventory.levels() == {(product, location): (5, 0)}


async def test_a_reservation_expires_and_its_stock_comes_back(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 3)
    reservation = (await inventory.reserve(location, [(product, 3)], expires_in=60)).json()
    url = f"{RESERVATIONS}/{reservation['id']}"
    inventory.clock.advance(seconds=61)
    r = await inventory.client.get(url, headers=inventory.headers)
    assert r.json()["status"] == "expired"
    r = await inventory.client.post(f"{url}/commit", headers=inventory.headers)
    assert_problem(r, 409, "reservation_expired")
    assert await inventory.levels() == {(product, location): (3, 3)}  # not yet swept

    # A reservation that needs the stock expires the overdue one on its way.
    r = await inventory.reserve(location, [(product, 2)])
    assert r.status_code == 201, r.text
    assert await inventory.levels() == {(product, location): (3, 2)}
    (expired,) = [m for m in await inventory.movements() if m.kind == "release"]
    assert (expired.reason, str(expired.reference_id)) == ("expired", reservation["id"])
    assert [r.status for r in await inventory.reservations()] == ["expired", "active"]
    assert len(await inventory.audit("inventory.reservation_expired")) == 1
    assert await inventory.ledger_differences() == []


# --- the ledger and thresholds ----------------------------------------------------------------


async def test_the_ledger_pages_newest_first_and_filters_by_location(inventory: Inventory) -> None:
    product = await inventory.product()
    here, there = await inventory.location(), await inventory.location()
    for delta in (5, -1, 2):
        await inventory.stocked(product, here, delta)
    await inventory.stocked(product, there, 9)
    url = f"{INVENTORY}/{product}/movements"
    r = await inventory.client.get(url, params={"limit": 3}, headers=inventory.headers)
    assert r.status_code == 200, r.text
    first = r.json()
    assert [m["on_hand_delta"] for m in first["items"]] == [9, 2, -1]
    r = await inventory.client.get(
        url, params={"limit": 3, "cursor": first["next_cursor"]}, headers=inventory.headers
    )
    assert [m["on_hand_delta"] for m in r.json()["items"]] == [5]
    assert r.json()["next_cursor"] is None
    r = await inventory.client.get(url, params={"location_id": there}, headers=inventory.headers)
    assert [(m["location_id"], m["on_hand_after"]) for m in r.json()["items"]] == [(there, 9)]
    r = await inventory.client.get(
        url, params={"location_id": str(uuid.uuid4())}, headers=inventory.headers
    )
    assert_problem(r, 404, "location_not_found")
    r = await inventory.client.get(url, params={"limit": 0}, headers=inventory.headers)
    assert_problem(r, 422, "validation_error")


async def test_low_stock_is_published_once_per_crossing(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 10)
    url = f"{INVENTORY}/{product}/thresholds/{location}"
    r = await inventory.client.put(url, json={"threshold": 4}, headers=inventory.headers)
    assert r.status_code == 200, r.text
    assert (r.json()["low_stock_threshold"], r.json()["available"]) == (4, 10)
    assert await inventory.events_of("inventory.low_stock") == []

    await inventory.stocked(product, location, -6)  # 4: crosses
    await inventory.stocked(product, location, -1)  # 3: still low, no second event
    assert (await inventory.reserve(location, [(product, 1)])).status_code == 201  # 2
    lows = await inventory.events_of("inventory.low_stock")
    assert [(e["data"]["available"], e["data"]["threshold"]) for e in lows] == [(4, 4)]
    await inventory.stocked(product, location, 5)  # 7: above again
    await inventory.stocked(product, location, -4)  # 3: crosses again
    lows = await inventory.events_of("inventory.low_stock")
    assert [e["data"]["available"] for e in lows] == [4, 3]

    r = await inventory.client.put(url, json={"threshold": None}, headers=inventory.headers)
    assert r.json()["low_stock_threshold"] is None
    await inventory.stocked(product, location, -1)
    assert len(await inventory.events_of("inventory.low_stock")) == 2
    # A threshold the level is already under publishes at once.
    await inventory.client.put(url, json={"threshold": 5}, headers=inventory.headers)
    assert len(await inventory.events_of("inventory.low_stock")) == 3
    assert len(await inventory.audit("inventory.threshold_set")) == 3
    for bad in ({"threshold": -1}, {"threshold": "low"}, {}, {"threshold": 1, "x": 1}):
        r = await inventory.client.put(url, json=bad, headers=inventory.headers)
        assert_problem(r, 422, "validation_error")


# --- who may do what --------------------------------------------------------------------------


async def test_without_a_token_every_endpoint_answers_401(client: httpx.AsyncClient) -> None:
    some = uuid.uuid4()
    for method, url in (
        ("GET", f"{INVENTORY}/{some}"),
        ("POST", f"{INVENTORY}/{some}/adjustments"),
        ("GET", f"{INVENTORY}/{some}/movements"),
        ("PUT", f"{INVENTORY}/{some}/thresholds/{some}"),
        ("POST", TRANSFERS),
        ("POST", RESERVATIONS),
        ("GET", f"{RESERVATIONS}/{some}"),
        ("POST", f"{RESERVATIONS}/{some}/release"),
        ("POST", f"{RESERVATIONS}/{some}/commit"),
    ):
        r = await client.request(method, url, json={} if method != "GET" else None)
        assert_problem(r, 401, "not_authenticated")


async def test_staff_read_stock_and_customers_see_nothing(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 4)
    reservation = (await inventory.reserve(location, [(product, 1)])).json()
    staff, customer = await inventory.member("staff"), await inventory.member("customer")
    assert (await inventory.stock(product, staff.headers))["available"] == 3
    for who in (staff, customer):
        r = await inventory.adjust(product, location, 1, headers=who.headers)
        assert_problem(r, 403, "permission_denied")
        r = await inventory.client.post(
            f"{RESERVATIONS}/{reservation['id']}/release", headers=who.headers
        )
        assert_problem(r, 403, "permission_denied")
        r = await inventory.client.post(
            RESERVATIONS,
            json={"location_id": location, "lines": [{"product_id": product, "quantity": 1}]},
            headers=who.headers,
        )
        assert_problem(r, 403, "permission_denied")
    r = await inventory.client.get(f"{INVENTORY}/{product}", headers=customer.headers)
    assert_problem(r, 403, "permission_denied")
    assert await inventory.levels() == {(product, location): (4, 1)}


async def test_a_grant_at_one_location_reads_and_changes_only_there(
    inventory: Inventory,
) -> None:
    product = await inventory.product()
    here, there = await inventory.location(), await inventory.location()
    await inventory.stocked(product, here, 5)
    await inventory.stocked(product, there, 7)
    elsewhere = (await inventory.reserve(there, [(product, 1)])).json()
    manager = await inventory.member()
    await inventory.grant_at(manager, "manager", here)

    stock = await inventory.stock(product, manager.headers)
    assert (stock["on_hand"], _locations(stock)) == (5, {here: (5, 0, 5)})
    r = await inventory.client.get(f"{INVENTORY}/{product}/movements", headers=manager.headers)
    assert {m["location_id"] for m in r.json()["items"]} == {here}
    r = await inventory.client.get(
        f"{INVENTORY}/{product}/movements", params={"location_id": there}, headers=manager.headers
    )
    assert_problem(r, 404, "location_not_found")
    r = await inventory.client.get(f"{RESERVATIONS}/{elsewhere['id']}", headers=manager.headers)
    assert_problem(r, 404, "reservation_not_found")

    assert (await inventory.adjust(product, here, -1, headers=manager.headers)).status_code == 201
    r = await inventory.adjust(product, there, -1, headers=manager.headers)
    assert_problem(r, 403, "permission_denied")
    r = await inventory.client.post(
        TRANSFERS,
        json={
            "product_id": product,
            "from_location_id": here,
            "to_location_id": there,
            "quantity": 1,
        },
        headers=manager.headers,
    )
    assert_problem(r, 403, "permission_denied")
    r = await inventory.client.put(
        f"{INVENTORY}/{product}/thresholds/{there}", json={"threshold": 1}, headers=manager.headers
    )
    assert_problem(r, 403, "permission_denied")
    assert await inventory.levels() == {(product, here): (4, 0), (product, there): (7, 1)}


async def test_another_tenants_stock_is_not_found(
    inventory: Inventory, other_inventory: Inventory
) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 5)
    reservation = (await inventory.reserve(location, [(product, 1)])).json()
    before = (await inventory.levels(), len(await inventory.movements()))
    intruder = other_inventory.headers
    theirs = await other_inventory.location()
    r = await inventory.client.get(f"{INVENTORY}/{product}", headers=intruder)
    assert_problem(r, 404, "product_not_found")
    r = await inventory.client.get(f"{INVENTORY}/{product}/movements", headers=intruder)
    assert_problem(r, 404, "product_not_found")
    for target in (location, theirs):
        r = await other_inventory.adjust(product, target, 1)
        assert_problem(r, 404, "product_not_found")
    r = await inventory.client.post(
        TRANSFERS,
        json={
            "product_id": product,
            "from_location_id": theirs,
            "to_location_id": await other_inventory.location(),
            "quantity": 1,
        },
        headers=intruder,
    )
    assert_problem(r, 404, "product_not_found")
    for suffix in ("", "/release", "/commit"):
        method = "GET" if not suffix else "POST"
        r = await inventory.client.request(
            method, f"{RESERVATIONS}/{reservation['id']}{suffix}", headers=intruder
        )
        assert_problem(r, 404, "reservation_not_found")
    assert (await inventory.levels(), len(await inventory.movements())) == before
