"""Carts over HTTP: open, fill, change and read a cart, with its audit rows and events; what
may go in (sellable units of the tenant, for sale at the location); discount codes; bad input
changes nothing; another tenant's cart is not found; who may do what."""

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.commerce.carts.cart_api import CARTS, Shop, item_ids, new_id, quote_fields
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import of
from tests.fixtures.problems import assert_problem

# --- happy paths ------------------------------------------------------------------------------


async def test_open_a_cart_audited_and_published(shop: Shop, clock: MovableClock) -> None:
    r = await shop.client.post(
        CARTS, json={"location_id": shop.location, "channel": "online"}, headers=shop.headers
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["location_id"], body["channel"], body["status"]) == (
        shop.location,
        "online",
        "open",
    )
    assert (body["customer_id"], body["order_id"], body["checked_out_at"]) == (None, None, None)
    assert body["items"] == [] and body["discount_codes"] == [] and body["discounts"] == []
    assert quote_fields(body) == (0, 0, 0, 0)
    assert body["currency"] == "EUR"
    created = datetime.fromisoformat(body["created_at"])
    assert datetime.fromisoformat(body["expires_at"]) == created + timedelta(minutes=120)

    (carts, items) = await shop.rows()
    assert [(str(c.id), c.status, c.channel) for c in carts] == [(body["id"], "open", "online")]
    assert items == []
    (row,) = await shop.audit(body["id"])
    assert row.action == "cart.created"
    assert row.actor_id == shop.inventory.tenant.owner_id
    (event,) = of(await shop.inventory.events_of("cart.created"), cart_id=body["id"])
    assert event["data"]["location_id"] == shop.location


async def test_items_priced_the_same_unit_adds_to_its_line(shop: Shop) -> None:
    tea = await shop.product(price=450, name="Tea")
    cake = await shop.product(price=300, name="Cake")
    cart = await shop.open_cart()

    body = await shop.added(cart["id"], tea, 2)
    body = await shop.added(cart["id"], cake, 1)
    body = await shop.added(cart["id"], tea, 1)
    assert [(i["product_id"], i["quantity"]) for i in body["items"]] == [(tea, 3), (cake, 1)]
    first = body["items"][0]
    assert (first["name"], first["unit_price"], first["subtotal"], first["line_total"]) == (
        "Tea",
        450,
        1350,
        1350,
    )
    assert (first["discount"], first["tax"], first["problem"]) == (0, 0, None)
    assert quote_fields(body) == (1650, 0, 0, 1650)

    tea_line, cake_line = item_ids(body)
    r = await shop.client.patch(
        f"{CARTS}/{cart['id']}/items/{cake_line}", json={"quantity": 4}, headers=shop.headers
    )
    assert r.status_code == 200, r.text
    assert [i["quantity"] for i in r.json()["items"]] == [3, 4]
    assert r.json()["total"] == 1350 + 1200

    r = await shop.client.delete(f"{CARTS}/{cart['id']}/items/{tea_line}", headers=shop.headers)
    assert r.status_code == 200, r.text
    assert item_ids(r.json()) == [cake_line]
    assert r.json()["total"] == 1200
    assert await shop.cart(cart["id"]) == r.json()

    actions = [row.action for row in await shop.audit(cart["id"])]
    assert actions == [
        "cart.created",
        "cart.item_added",
        "cart.item_added",
        "cart.item_added",
        "cart.item_changed",
        "cart.item_removed",
    ]
    added = of(await shop.inventory.events_of("cart.item_added"), cart_id=cart["id"])
    assert [e["data"]["quantity"] for e in added] == [
        {"from": 0, "to": 2},
        {"from": 0, "to": 1},
        {"from": 2, "to": 3},
    ]
    (removed,) = of(await shop.inventory.events_of("cart.item_removed"), cart_id=cart["id"])
    assert removed["data"]["item_id"] == tea_line


async def test_a_location_price_wins_and_a_customer_may_be_named(shop: Shop) -> None:
    tea = await shop.product(price=450)
    r = await shop.client.put(
        f"/api/v1/products/{tea}/location-prices/{shop.location}",
        json={"price": 399},
        headers=shop.headers,
    )
    assert r.status_code == 200, r.text
    r = await shop.client.post("/api/v1/customers", json={"name": "Ada"}, headers=shop.headers)
    customer = r.json()["id"]
    cart = await shop.open_cart(customer_id=customer)
    assert cart["customer_id"] == customer
    body = await shop.added(cart["id"], tea, 2)
    assert (body["items"][0]["unit_price"], body["total"]) == (399, 798)


async def test_a_variant_is_sold_not_the_product_that_has_variants(shop: Shop) -> None:
    shirt = await shop.product(options=[{"name": "size", "values": ["S", "M"]}])
    small = await shop.inventory.variant(shirt, "S")
    cart = await shop.open_cart()
    assert_problem(await shop.add(cart["id"], shirt), 409, "product_not_sellable")
    body = await shop.added(cart["id"], small, 1)
    assert [i["product_id"] for i in body["items"]] == [small]


async def test_only_active_units_of_the_tenant_in_the_locations_currency(
    shop: Shop, other_shop: Shop
) -> None:
    draft = await shop.product(status="draft")
    dollars = await shop.product(currency="USD")
    theirs = await other_shop.product()
    cart = await shop.open_cart()
    before = await shop.snapshot()
    assert_problem(await shop.add(cart["id"], draft), 409, "product_not_sellable")
    assert_problem(await shop.add(cart["id"], dollars), 409, "location_currency_mismatch")
    assert_problem(await shop.add(cart["id"], theirs), 404, "product_not_found")
    assert_problem(await shop.add(cart["id"], new_id()), 404, "product_not_found")
    assert await shop.snapshot() == before


async def test_a_unit_withdrawn_after_it_was_added_shows_its_problem(shop: Shop) -> None:
    tea, cake = await shop.product(price=450), await shop.product(price=300)
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 1)
    await shop.added(cart["id"], cake, 1)
    r = await shop.client.delete(f"/api/v1/products/{tea}", headers=shop.headers)
    assert r.status_code in (200, 204), r.text
    body = await shop.cart(cart["id"])
    gone, kept = body["items"]
    assert (gone["problem"], gone["line_total"], gone["quantity"]) == (
        "product_not_sellable",
        0,
        1,
    )
    assert gone["sku"] is not None
    assert kept["problem"] is None
    assert body["total"] == 300


async def test_limits_of_a_line(shop: Shop) -> None:
    tea = await shop.product()
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 9_999)
    assert_problem(await shop.add(cart["id"], tea, 2), 409, "cart_too_large")
    assert (await shop.cart(cart["id"]))["items"][0]["quantity"] == 9_999


# --- discount codes ---------------------------------------------------------------------------


async def test_codes_apply_in_any_case_and_say_why_not(shop: Shop) -> None:
    tea = await shop.product(price=1000)
    await shop.discount(code="TEN", value=10)
    await shop.discount(code="BIG", type="fixed", value=500, min_subtotal=5000, name="Big")
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 2)

    r = await shop.enter_code(cart["id"], "ten")
    assert r.status_code == 200, r.text
    r = await shop.enter_code(cart["id"], "big")
    body = r.json()
    assert body["discount_codes"] == [
        {"code": "ten", "applied": True, "reason": None},
        {"code": "big", "applied": False, "reason": "below_min_subtotal"},
    ]
    assert [(d["code"], d["amount"]) for d in body["discounts"]] == [("TEN", 200)]
    assert quote_fields(body) == (2000, 200, 0, 1800)

    # The same code again, in another case, changes nothing.
    before = await shop.snapshot()
    r = await shop.enter_code(cart["id"], "Ten")
    assert r.status_code == 200 and len(r.json()["discount_codes"]) == 2
    assert await shop.snapshot() == before

    # Enough in the cart: the fixed amount applies after the percentage.
    body = await shop.added(cart["id"], tea, 4)
    assert [c["applied"] for c in body["discount_codes"]] == [True, True]
    assert quote_fields(body) == (6000, 600 + 500, 0, 4900)

    r = await shop.client.delete(f"{CARTS}/{cart['id']}/discount-codes/TEN", headers=shop.headers)
    assert r.status_code == 200, r.text
    assert [c["code"] for c in r.json()["discount_codes"]] == ["big"]
    assert r.json()["total"] == 5500
    r = await shop.client.delete(f"{CARTS}/{cart['id']}/discount-codes/TEN", headers=shop.headers)
    assert_problem(r, 404, "discount_code_not_in_cart")
    actions = [row.action for row in await shop.audit(cart["id"])]
    assert actions.count("cart.discount_code_added") == 2
    assert actions.count("cart.discount_code_removed") == 1


async def test_codes_refused_as_the_discounts_refuse_them(shop: Shop, clock: MovableClock) -> None:
    now = clock.now()
    await shop.discount(code="LATER", starts_at=(now + timedelta(days=3)).isoformat())
    await shop.discount(
        code="PAST",
        starts_at=(now - timedelta(days=3)).isoformat(),
        ends_at=(now - timedelta(days=1)).isoformat(),
    )
    gone = await shop.discount(code="GONE")
    r = await shop.client.delete(f"/api/v1/discounts/{gone['id']}", headers=shop.headers)
    assert r.status_code == 204
    once = await shop.discount(code="ONCE", usage_limit=1)
    await shop.use_discount(once["id"])
    cart = await shop.open_cart()
    before = await shop.snapshot()
    for code in ("NOPE", "LATER", "PAST", "GONE"):
        assert_problem(await shop.enter_code(cart["id"], code), 422, "discount_code_invalid")
    assert_problem(await shop.enter_code(cart["id"], "ONCE"), 409, "discount_exhausted")
    assert await shop.snapshot() == before


async def test_a_code_used_up_after_it_was_entered_shows_why(shop: Shop) -> None:
    tea = await shop.product(price=1000)
    once = await shop.discount(code="ONCE", usage_limit=1)
    await shop.discount(code=None, automatic=True, type="fixed", value=100, name="Welcome")
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 1)
    body = (await shop.enter_code(cart["id"], "ONCE")).json()
    assert body["discount_total"] == 100 + 100  # 10% of 1000, then 100 off
    await shop.use_discount(once["id"])
    body = await shop.cart(cart["id"])
    assert body["discount_codes"] == [
        {"code": "ONCE", "applied": False, "reason": "discount_exhausted"}
    ]
    assert [(d["name"], d["code"], d["amount"]) for d in body["discounts"]] == [
        ("Welcome", None, 100)
    ]
    assert body["total"] == 900


async def test_at_most_five_codes(shop: Shop) -> None:
    cart = await shop.open_cart()
    for n in range(6):
        await shop.discount(code=f"C{n}")
    for n in range(5):
        assert (await shop.enter_code(cart["id"], f"C{n}")).status_code == 200
    assert_problem(await shop.enter_code(cart["id"], "C5"), 409, "cart_too_large")


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"channel": "pos"},
        {"location_id": "not-a-uuid", "channel": "pos"},
        {"location_id": new_id(), "channel": "web"},
        {"location_id": new_id(), "channel": "pos", "status": "checked_out"},
        {"location_id": new_id(), "channel": "pos", "customer_id": 7},
    ],
)
async def test_a_bad_cart_is_refused_and_nothing_is_written(
    shop: Shop, body: dict[str, Any]
) -> None:
    r = await shop.client.post(CARTS, json=body, headers=shop.headers)
    assert_problem(r, 422, "validation_error")
    assert await shop.rows() == ([], [])


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"product_id": "x", "quantity": 1},
        {"quantity": 1},
        {"product_id": new_id(), "quantity": 0},
        {"product_id": new_id(), "quantity": -2},
        {"product_id": new_id(), "quantity": 10_001},
        {"product_id": new_id(), "quantity": 1.5},
        {"product_id": new_id(), "quantity": 1, "unit_price": 1},
    ],
)
async def test_a_bad_item_is_refused_and_the_cart_stays_as_it_was(
    shop: Shop, body: dict[str, Any]
) -> None:
    tea = await shop.product()
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 2)
    before = await shop.snapshot()
    r = await shop.client.post(f"{CARTS}/{cart['id']}/items", json=body, headers=shop.headers)
    assert_problem(r, 422, "validation_error")
    assert await shop.snapshot() == before


@pytest.mark.parametrize(
    "body", [{}, {"quantity": 0}, {"quantity": 10_001}, {"quantity": None}, {"quantity": 2, "x": 1}]
)
async def test_a_bad_change_of_quantity_is_refused(shop: Shop, body: dict[str, Any]) -> None:
    tea = await shop.product()
    cart = await shop.open_cart()
    line = item_ids(await shop.added(cart["id"], tea, 2))[0]
    before = await shop.snapshot()
    r = await shop.client.patch(
        f"{CARTS}/{cart['id']}/items/{line}", json=body, headers=shop.headers
    )
    assert_problem(r, 422, "validation_error")
    assert await shop.snapshot() == before


@pytest.mark.parametrize("code", ["", "  ", "a b", "x" * 41, "ÉTÉ", 10])
async def test_a_bad_code_is_refused(shop: Shop, code: Any) -> None:
    cart = await shop.open_cart()
    r = await shop.enter_code(cart["id"], code)
    assert_problem(r, 422, "validation_error")
    assert (await shop.cart(cart["id"]))["discount_codes"] == []


async def test_unknown_cart_item_location_and_customer(shop: Shop, other_shop: Shop) -> None:
    tea = await shop.product()
    cart = await shop.open_cart()
    other_cart = await shop.open_cart()
    line = item_ids(await shop.added(other_cart["id"], tea))[0]
    before = await shop.snapshot()
    assert_problem(await shop.get(new_id()), 404, "cart_not_found")
    assert_problem(await shop.add(new_id(), tea), 404, "cart_not_found")
    url = f"{CARTS}/{cart['id']}/items/{line}"  # a line of another cart
    r = await shop.client.patch(url, json={"quantity": 3}, headers=shop.headers)
    assert_problem(r, 404, "cart_item_not_found")
    assert_problem(await shop.client.delete(url, headers=shop.headers), 404, "cart_item_not_found")
    for body, code in (
        ({"location_id": new_id()}, "location_not_found"),
        ({"location_id": other_shop.location}, "location_not_found"),
        ({"customer_id": new_id()}, "customer_not_found"),
    ):
        r = await shop.client.post(
            CARTS,
            json={"location_id": shop.location, "channel": "pos", **body},
            headers=shop.headers,
        )
        assert_problem(r, 404, code)
    assert await shop.snapshot() == before


async def test_an_erased_customer_has_no_cart(shop: Shop) -> None:
    r = await shop.client.post("/api/v1/customers", json={"name": "Ada"}, headers=shop.headers)
    customer = r.json()["id"]
    r = await shop.client.post(f"/api/v1/customers/{customer}/erase", headers=shop.headers)
    assert r.status_code == 200, r.text
    r = await shop.client.post(
        CARTS,
        json={"location_id": shop.location, "channel": "pos", "customer_id": customer},
        headers=shop.headers,
    )
    assert_problem(r, 409, "customer_erased")
    assert await shop.rows() == ([], [])


async def test_an_archived_location_opens_no_cart(shop: Shop) -> None:
    r = await shop.client.delete(f"/api/v1/locations/{shop.location}", headers=shop.headers)
    assert r.status_code in (200, 204), r.text
    r = await shop.client.post(
        CARTS, json={"location_id": shop.location, "channel": "pos"}, headers=shop.headers
    )
    assert_problem(r, 409, "location_archived")


# --- tenants and permissions ------------------------------------------------------------------


async def test_another_tenants_cart_is_not_found_and_stays_unchanged(
    shop: Shop, other_shop: Shop
) -> None:
    tea = await other_shop.product()
    cart = await other_shop.open_cart()
    line = item_ids(await other_shop.added(cart["id"], tea))[0]
    await other_shop.discount(code="THEIRS")
    before = await other_shop.snapshot()
    base = f"{CARTS}/{cart['id']}"
    h = shop.headers
    answers = [
        await shop.client.get(base, headers=h),
        await shop.client.post(f"{base}/items", json={"product_id": tea, "quantity": 1}, headers=h),
        await shop.client.patch(f"{base}/items/{line}", json={"quantity": 5}, headers=h),
        await shop.client.delete(f"{base}/items/{line}", headers=h),
        await shop.client.post(f"{base}/discount-codes", json={"code": "THEIRS"}, headers=h),
        await shop.client.delete(f"{base}/discount-codes/THEIRS", headers=h),
    ]
    for r in answers:
        assert_problem(r, 404, "cart_not_found")
    assert await other_shop.snapshot() == before


async def test_without_the_orders_permissions_403(shop: Shop) -> None:
    tea = await shop.product()
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea)
    before = await shop.snapshot()
    nobody = await shop.inventory.member("customer")
    h = nobody.headers
    base = f"{CARTS}/{cart['id']}"
    answers = [
        await shop.client.post(
            CARTS, json={"location_id": shop.location, "channel": "pos"}, headers=h
        ),
        await shop.client.get(base, headers=h),
        await shop.client.post(f"{base}/items", json={"product_id": tea, "quantity": 1}, headers=h),
        await shop.client.post(f"{base}/discount-codes", json={"code": "X1"}, headers=h),
    ]
    for r in answers:
        assert_problem(r, 403, "permission_denied")
    assert await shop.snapshot() == before


async def test_staff_sell_at_the_locations_they_hold_orders_write_at(shop: Shop) -> None:
    tea = await shop.product()
    there = await shop.inventory.location()
    cashier = await shop.inventory.member()
    await shop.inventory.grant_at(cashier, "staff", shop.location)
    reader = await shop.inventory.member()
    role = await shop.client.post(
        "/api/v1/roles",
        json={"name": "viewer", "permissions": ["orders:read"]},
        headers=shop.headers,
    )
    assert role.status_code == 201, role.text
    await shop.inventory.grant_at(reader, "viewer", shop.location)

    mine = await shop.open_cart(headers=cashier.headers)
    r = await shop.add(mine["id"], tea, 1, headers=cashier.headers)
    assert r.status_code == 200, r.text
    r = await shop.client.post(
        CARTS, json={"location_id": there, "channel": "pos"}, headers=cashier.headers
    )
    assert_problem(r, 403, "permission_denied")

    elsewhere = await shop.client.post(
        CARTS, json={"location_id": there, "channel": "pos"}, headers=shop.headers
    )
    elsewhere_id = elsewhere.json()["id"]
    assert_problem(await shop.get(elsewhere_id, headers=cashier.headers), 404, "cart_not_found")
    r = await shop.add(elsewhere_id, tea, 1, headers=cashier.headers)
    assert_problem(r, 404, "cart_not_found")

    # Reading only: the cart is seen, not changed.
    assert (await shop.get(mine["id"], headers=reader.headers)).status_code == 200
    r = await shop.add(mine["id"], tea, 1, headers=reader.headers)
    assert_problem(r, 403, "permission_denied")
    assert (await shop.cart(mine["id"]))["items"][0]["quantity"] == 1
