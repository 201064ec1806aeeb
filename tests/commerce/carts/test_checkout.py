"""Checkout: a cart becomes one order, priced again at that moment, its stock held and its
codes counted; a refusal writes nothing and leaves the cart open; a cart checked out can't
change nor become a second order; Idempotency-Key replays the first answer."""

import uuid

from tests.commerce.carts.cart_api import CARTS, Shop, item_ids
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import of
from tests.fixtures.problems import assert_problem


async def test_checkout_makes_the_order_the_cart_showed(shop: Shop) -> None:
    await shop.set_tax([{"tax_class": "standard", "rate": 20}], inclusive=False)
    tea, cake = await shop.product(price=450), await shop.product(price=300)
    for unit in (tea, cake):
        await shop.inventory.stocked(unit, shop.location, 10)
    r = await shop.client.post("/api/v1/customers", json={"name": "Ada"}, headers=shop.headers)
    customer = r.json()["id"]
    code = await shop.discount(code="TEN", value=10)
    cart = await shop.open_cart(channel="online", customer_id=customer)
    await shop.added(cart["id"], tea, 3)
    await shop.added(cart["id"], cake, 2)
    shown = (await shop.enter_code(cart["id"], "ten")).json()

    r = await shop.checkout(cart["id"])
    assert r.status_code == 201, r.text
    order = r.json()
    assert (order["status"], order["channel"], order["cart_id"]) == (
        "pending",
        "online",
        cart["id"],
    )
    assert (order["location_id"], order["customer_id"]) == (shop.location, customer)
    for field in ("subtotal", "discount_total", "tax_total", "total", "currency"):
        assert order[field] == shown[field], field
    assert [(i["product_id"], i["quantity"], i["line_total"]) for i in order["items"]] == [
        (i["product_id"], i["quantity"], i["line_total"]) for i in shown["items"]
    ]
    assert [d["code"] for d in order["discounts"]] == ["TEN"]

    assert await shop.inventory.available(tea, shop.location) == 7
    assert await shop.inventory.available(cake, shop.location) == 8
    (row,) = await shop.orders()
    assert (str(row.id), str(row.cart_id)) == (order["id"], cart["id"])
    r = await shop.client.get(f"/api/v1/discounts/{code['id']}", headers=shop.headers)
    assert r.json()["used_count"] == 1

    body = await shop.cart(cart["id"])
    assert (body["status"], body["order_id"], body["expires_at"]) == (
        "checked_out",
        order["id"],
        None,
    )
    assert body["checked_out_at"] is not None
    actions = [a.action for a in await shop.audit(cart["id"])]
    assert actions[-1] == "cart.checked_out"
    (event,) = of(await shop.inventory.events_of("cart.checked_out"), cart_id=cart["id"])
    assert (event["data"]["order_id"], event["data"]["total"]) == (order["id"], order["total"])
    (created,) = of(await shop.inventory.events_of("order.created"), cart_id=cart["id"])
    assert created["data"]["order_id"] == order["id"]


async def test_a_cart_checked_out_is_one_order_and_changes_no_more(shop: Shop) -> None:
    tea = await shop.product()
    await shop.inventory.stocked(tea, shop.location, 5)
    cart = await shop.open_cart()
    line = item_ids(await shop.added(cart["id"], tea, 1))[0]
    order = (await shop.checkout(cart["id"])).json()

    before = await shop.snapshot()
    again = assert_problem(await shop.checkout(cart["id"]), 409, "cart_already_checked_out")
    assert again["order_id"] == order["id"]
    base = f"{CARTS}/{cart['id']}"
    h = shop.headers
    for r in (
        await shop.add(cart["id"], tea, 1),
        await shop.client.patch(f"{base}/items/{line}", json={"quantity": 2}, headers=h),
        await shop.client.delete(f"{base}/items/{line}", headers=h),
        await shop.enter_code(cart["id"], "ANY"),
    ):
        assert_problem(r, 409, "cart_already_checked_out")
    assert await shop.snapshot() == before
    assert len(await shop.orders()) == 1
    assert await shop.inventory.available(tea, shop.location) == 4


async def test_an_idempotency_key_replays_the_first_answer(shop: Shop) -> None:
    tea = await shop.product()
    await shop.inventory.stocked(tea, shop.location, 5)
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 2)
    key = f"checkout-{uuid.uuid4()}"
    first = await shop.checkout(cart["id"], key=key)
    assert first.status_code == 201, first.text
    replay = await shop.checkout(cart["id"], key=key)
    assert replay.status_code == 201
    assert replay.content == first.content
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert len(await shop.orders()) == 1
    # Another key is another request: the cart is checked out already.
    assert_problem(
        await shop.checkout(cart["id"], key=f"other-{key}"), 409, "cart_already_checked_out"
    )
    assert_problem(await shop.checkout(cart["id"], key=""), 422, "invalid_idempotency_key")


async def test_a_refused_checkout_writes_nothing_and_leaves_the_cart_open(shop: Shop) -> None:
    tea, cake = await shop.product(price=500), await shop.product(price=200)
    await shop.inventory.stocked(tea, shop.location, 2)
    await shop.inventory.stocked(cake, shop.location, 9)
    once = await shop.discount(code="ONCE", usage_limit=1)
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 3)
    await shop.added(cart["id"], cake, 1)
    await shop.enter_code(cart["id"], "ONCE")
    before = await shop.snapshot()

    short = assert_problem(await shop.checkout(cart["id"]), 409, "insufficient_stock")
    assert (short["product_id"], short["available"]) == (tea, 2)
    assert await shop.snapshot() == before
    assert await shop.orders() == []
    assert await shop.inventory.available(cake, shop.location) == 9

    # Enough now, but the code was used up meanwhile.
    await shop.inventory.stocked(tea, shop.location, 1)
    await shop.use_discount(once["id"])
    assert_problem(await shop.checkout(cart["id"]), 409, "discount_exhausted")
    assert await shop.snapshot() == before
    assert await shop.orders() == []
    assert (await shop.cart(cart["id"]))["status"] == "open"

    r = await shop.client.delete(f"{CARTS}/{cart['id']}/discount-codes/once", headers=shop.headers)
    assert r.status_code == 200, r.text
    order = (await shop.checkout(cart["id"])).json()
    assert (order["total"], order["discount_total"]) == (1700, 0)


async def test_an_empty_an_expired_and_an_unsellable_cart(shop: Shop, clock: MovableClock) -> None:
    tea = await shop.product()
    await shop.inventory.stocked(tea, shop.location, 5)
    empty = await shop.open_cart()
    assert_problem(await shop.checkout(empty["id"]), 409, "cart_empty")

    withdrawn = await shop.open_cart()
    await shop.added(withdrawn["id"], tea, 1)
    idle = await shop.open_cart()
    await shop.added(idle["id"], tea, 1)
    r = await shop.client.patch(
        f"/api/v1/products/{tea}", json={"status": "draft"}, headers=shop.headers
    )
    assert r.status_code == 200, r.text
    assert (await shop.checkout(withdrawn["id"])).status_code == 409
    assert await shop.orders() == []

    clock.advance(minutes=121)
    await shop.sign_in_again()
    assert_problem(await shop.checkout(idle["id"]), 410, "cart_expired")
    assert await shop.orders() == []


async def test_checkout_needs_orders_write_at_the_carts_location(
    shop: Shop, other_shop: Shop
) -> None:
    tea = await shop.product()
    await shop.inventory.stocked(tea, shop.location, 5)
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 1)
    before = await shop.snapshot()

    nobody = await shop.inventory.member("customer")
    assert_problem(
        await shop.checkout(cart["id"], headers=nobody.headers), 403, "permission_denied"
    )
    elsewhere = await shop.inventory.member()
    await shop.inventory.grant_at(elsewhere, "staff", await shop.inventory.location())
    r = await shop.checkout(cart["id"], headers=elsewhere.headers)
    assert_problem(r, 404, "cart_not_found")
    r = await shop.checkout(cart["id"], headers=other_shop.headers)
    assert_problem(r, 404, "cart_not_found")
    assert await shop.snapshot() == before
    assert await shop.orders() == []

    cashier = await shop.inventory.member()
    await shop.inventory.grant_at(cashier, "staff", shop.location)
    assert (await shop.checkout(cart["id"], headers=cashier.headers)).status_code == 201
