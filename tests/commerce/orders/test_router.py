"""The orders API: taking an order (pricing, stock, numbering, idempotency), reading and
listing orders, fulfilment, completion, cancellation, notes and the timeline, with the
refusals a client may meet (422, 404 across tenants, 403 without the permission or outside
the caller's locations)."""

import uuid

from tests.commerce.orders.conftest import ORDERS, Shop
from tests.fixtures.problems import assert_problem


async def test_an_order_is_priced_numbered_and_holds_its_stock(shop: Shop) -> None:
    tea, cup = await shop.product(10, price=1250), await shop.product(5, price=399)
    r = await shop.client.put(
        "/api/v1/settings",
        json={"tax_rates": [{"tax_class": "standard", "rate": 20}]},
        headers=shop.headers,
    )
    assert r.status_code == 200, r.text

    first = await shop.order([(tea, 2), (cup, 1)])
    second = await shop.order([(cup, 1)])

    assert first["status"] == "pending" and first["currency"] == "EUR"
    assert [(i["product_id"], i["quantity"], i["unit_price"]) for i in first["items"]] == [
        (tea, 2, 1250),
        (cup, 1, 399),
    ]
    assert first["subtotal"] == 2899 and first["discount_total"] == 0
    # Tax per line, half to even: 2500 * 20% = 500, 399 * 20% = 79.8 -> 80.
    assert first["tax_total"] == 580 and first["total"] == 3479
    assert [i["line_total"] for i in first["items"]] == [3000, 479]
    assert int(second["number"]) == int(first["number"]) + 1
    assert {"id", "sku", "name"} <= first["items"][0].keys()
    assert await shop.inv.levels() == {(tea, shop.location): (10, 2), (cup, shop.location): (5, 2)}
    created = await shop.inv.events_of("order.created")
    assert [e["data"]["order_id"] for e in created] == [first["id"], second["id"]]
    assert len(await shop.inv.audit("order.created")) == 2
    read = await shop.get(first["id"])
    assert read.status_code == 200 and read.json() == first


async def test_a_code_discounts_the_order_and_counts_one_use(shop: Shop) -> None:
    tea = await shop.product(10, price=1000)
    discount = await shop.discount(code="Tea10")
    order = await shop.order([(tea, 3)], codes=["tea10"])
    assert order["discount_total"] == 300 and order["total"] == 2700
    assert order["discounts"] == [
        {"id": discount, "code": "Tea10", "name": "Save 10", "amount": 300}
    ]
    assert await shop.used_count(discount) == 1


async def test_bad_input_is_refused_and_changes_nothing(shop: Shop) -> None:
    tea = await shop.product(10)
    item = {"product_id": tea, "quantity": 1}
    bodies = [
        {},
        {"location_id": shop.location, "items": []},
        {"location_id": shop.location, "items": [{**item, "quantity": 0}]},
        {"location_id": shop.location, "items": [{**item, "quantity": -2}]},
        {"location_id": shop.location, "items": [{**item, "price": 1}]},
        {"location_id": shop.location, "items": [item], "status": "paid"},
        {"location_id": "not-an-id", "items": [item]},
        {"location_id": shop.location, "items": [item], "discount_codes": [""]},
    ]
    for body in bodies:
        r = await shop.client.post(ORDERS, json=body, headers=shop.headers)
        assert_problem(r, 422, "validation_error")
    unknown_code = await shop.post_order([(tea, 1)], codes=["NOPE"])
    assert_problem(unknown_code, 422, "discount_code_invalid")
    assert await shop.orders() == []
    assert await shop.inv.levels() == {(tea, shop.location): (10, 0)}


async def test_not_enough_of_one_line_holds_nothing(shop: Shop) -> None:
    tea, cup = await shop.product(10), await shop.product(1)
    r = await shop.post_order([(tea, 2), (cup, 2)])
    body = assert_problem(r, 409, "insufficient_stock")
    assert body["product_id"] == cup and body["available"] == 1
    assert await shop.orders() == []
    assert await shop.inv.levels() == {(tea, shop.location): (10, 0), (cup, shop.location): (1, 0)}


async def test_products_that_are_not_for_sale_are_refused(shop: Shop) -> None:
    draft = await shop.product(0, status="draft")
    assert_problem(await shop.post_order([(draft, 1)]), 409, "product_not_available")
    assert_problem(await shop.post_order([(str(uuid.uuid4()), 1)]), 404, "product_not_found")
    assert await shop.orders() == []


async def test_the_same_idempotency_key_replays_the_first_order(shop: Shop) -> None:
    tea = await shop.product(10)
    headers = {**shop.headers, "Idempotency-Key": f"k-{uuid.uuid4()}"}
    first = await shop.post_order([(tea, 2)], headers=headers)
    again = await shop.post_order([(tea, 2)], headers=headers)
    other = await shop.post_order([(tea, 3)], headers=headers)
    assert first.status_code == 201
    assert (again.status_code, again.content) == (201, first.content)
    assert again.headers["idempotent-replayed"] == "true"
    assert_problem(other, 422, "idempotency_conflict")
    assert len(await shop.orders()) == 1
    assert await shop.inv.levels() == {(tea, shop.location): (10, 2)}


async def test_fulfilment_in_parts_sells_the_held_stock(shop: Shop) -> None:
    tea, cup = await shop.product(10), await shop.product(10)
    order = await shop.paid_order([(tea, 3), (cup, 2)])
    tea_item, cup_item = (i["id"] for i in order["items"])

    part = await shop.act(order["id"], "fulfill", {"lines": [{"item_id": tea_item, "quantity": 3}]})
    assert part.status_code == 200, part.text
    assert part.json()["status"] == "partially_fulfilled"
    assert [i["fulfilled_quantity"] for i in part.json()["items"]] == [3, 0]
    assert await shop.inv.levels() == {(tea, shop.location): (7, 0), (cup, shop.location): (10, 2)}

    more = await shop.act(order["id"], "fulfill", {"lines": [{"item_id": cup_item, "quantity": 1}]})
    assert more.json()["status"] == "partially_fulfilled"
    rest = await shop.act(order["id"], "fulfill")
    assert rest.status_code == 200 and rest.json()["status"] == "fulfilled"
    assert await shop.inv.levels() == {(tea, shop.location): (7, 0), (cup, shop.location): (8, 0)}
    assert await shop.inv.ledger_differences() == []

    done = await shop.act(order["id"], "complete")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert len(await shop.inv.events_of("order.fulfilled")) == 3
    assert len(await shop.inv.events_of("order.completed")) == 1


async def test_fulfilment_lines_are_checked(shop: Shop) -> None:
    tea = await shop.product(10)
    order = await shop.paid_order([(tea, 2)])
    item = order["items"][0]["id"]
    too_many = await shop.act(order["id"], "fulfill", {"lines": [{"item_id": item, "quantity": 3}]})
    assert_problem(too_many, 409, "fulfilment_exceeds_remaining")
    unknown = {"lines": [{"item_id": str(uuid.uuid4()), "quantity": 1}]}
    assert_problem(await shop.act(order["id"], "fulfill", unknown), 422, "invalid_fulfilment")
    twice = {"lines": [{"item_id": item, "quantity": 1}] * 2}
    assert_problem(await shop.act(order["id"], "fulfill", twice), 422, "invalid_fulfilment")
    zero = {"lines": [{"item_id": item, "quantity": 0}]}
    assert_problem(await shop.act(order["id"], "fulfill", zero), 422, "validation_error")
    assert (await shop.get(order["id"])).json()["status"] == "paid"
    assert await shop.inv.levels() == {(tea, shop.location): (10, 2)}


async def test_cancelling_returns_the_stock_and_the_discount_use(shop: Shop) -> None:
    tea = await shop.product(10)
    discount = await shop.discount(usage_limit=1)
    order = await shop.order([(tea, 4)], codes=["SAVE10"])
    assert await shop.used_count(discount) == 1

    no_reason = await shop.act(order["id"], "cancel", {})
    assert_problem(no_reason, 422, "validation_error")
    r = await shop.act(order["id"], "cancel", {"reason": "changed their mind"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"
    assert r.json()["cancel_reason"] == "changed their mind"
    assert await shop.inv.levels() == {(tea, shop.location): (10, 0)}
    assert await shop.used_count(discount) == 0
    (event,) = await shop.inv.events_of("order.cancelled")
    assert event["data"]["reason"] == "changed their mind"
    # The use given back can be used again.
    assert (await shop.order([(tea, 1)], codes=["SAVE10"]))["discount_total"] > 0


async def test_notes_and_the_timeline(shop: Shop) -> None:
    tea = await shop.product(10)
    order = await shop.paid_order([(tea, 1)])
    note = await shop.client.post(
        f"{ORDERS}/{order['id']}/notes", json={"text": "gift wrap"}, headers=shop.headers
    )
    assert note.status_code == 201, note.text
    assert note.json()["kind"] == "note" and note.json()["data"] == {"text": "gift wrap"}
    empty = await shop.client.post(
        f"{ORDERS}/{order['id']}/notes", json={"text": "  "}, headers=shop.headers
    )
    assert_problem(empty, 422, "validation_error")
    await shop.act(order["id"], "fulfill")

    r = await shop.client.get(f"{ORDERS}/{order['id']}/timeline", headers=shop.headers)
    assert r.status_code == 200
    entries = r.json()
    assert [e["kind"] for e in entries] == [
        "created",
        "payment",
        "transition",
        "note",
        "fulfilment",
        "transition",
    ]
    assert [(e["from_status"], e["to_status"]) for e in entries if e["kind"] == "transition"] == [
        ("pending", "paid"),
        ("paid", "fulfilled"),
    ]
    # Through the API the actor is the caller; the payment was recorded by a system call.
    by_api = [e for e in entries if e["kind"] in ("created", "note", "fulfilment")]
    assert {e["actor_id"] for e in by_api} == {shop.inv.owner.user_id}
    assert all(e["created_at"] for e in entries)
    assert len(await shop.inv.audit("order.note_added")) == 1


async def test_lists_filter_by_status_location_customer_and_time(shop: Shop) -> None:
    tea = await shop.product(20)
    elsewhere = await shop.inv.location()
    await shop.inv.stocked(tea, elsewhere, 5)
    customer = await shop.customer()
    first = await shop.order([(tea, 1)], customer_id=customer)
    shop.inv.clock.advance(seconds=600)
    second = await shop.paid_order([(tea, 1)])
    third = await shop.order([(tea, 1)], location=elsewhere)

    async def ids(**params: str) -> list[str]:
        r = await shop.client.get(ORDERS, params=params, headers=shop.headers)
        assert r.status_code == 200, r.text
        return [o["id"] for o in r.json()["items"]]

    assert await ids() == [third["id"], second["id"], first["id"]]
    assert await ids(status="paid") == [second["id"]]
    assert await ids(location_id=elsewhere) == [third["id"]]
    assert await ids(customer_id=customer) == [first["id"]]
    assert await ids(created_to=second["created_at"]) == [first["id"]]
    assert await ids(created_from=second["created_at"]) == [third["id"], second["id"]]
    page = await shop.client.get(ORDERS, params={"limit": 2}, headers=shop.headers)
    cursor = page.json()["next_cursor"]
    rest = await shop.client.get(ORDERS, params={"cursor": cursor}, headers=shop.headers)
    assert [o["id"] for o in rest.json()["items"]] == [first["id"]]
    bad = await shop.client.get(ORDERS, params={"status": "lost"}, headers=shop.headers)
    assert_problem(bad, 422, "validation_error")

    mine = await shop.client.get(f"/api/v1/customers/{customer}/orders", headers=shop.headers)
    assert mine.status_code == 200
    assert [o["id"] for o in mine.json()["items"]] == [first["id"]]
    nobody = await shop.client.get(f"/api/v1/customers/{uuid.uuid4()}/orders", headers=shop.headers)
    assert_problem(nobody, 404, "customer_not_found")


async def test_another_tenants_orders_are_not_there(shop: Shop, other_shop: Shop) -> None:
    tea = await shop.product(10)
    order = await shop.order([(tea, 1)])
    theirs = other_shop.headers
    assert_problem(await shop.get(order["id"], headers=theirs), 404, "order_not_found")
    for action, body in (
        ("fulfill", None),
        ("complete", None),
        ("cancel", {"reason": "x"}),
        ("notes", {"text": "x"}),
    ):
        r = await shop.act(order["id"], action, body, headers=theirs)
        assert_problem(r, 404, "order_not_found")
    timeline = await shop.client.get(f"{ORDERS}/{order['id']}/timeline", headers=theirs)
    assert_problem(timeline, 404, "order_not_found")
    listed = await shop.client.get(ORDERS, headers=theirs)
    assert listed.json()["items"] == []
    # Their own location with our product: our product is not theirs.
    r = await other_shop.post_order([(tea, 1)])
    assert_problem(r, 404, "product_not_found")
    assert (await shop.get(order["id"])).json()["status"] == "pending"
    assert await other_shop.orders() == []


async def test_without_the_permission_the_answer_is_403(shop: Shop) -> None:
    tea = await shop.product(10)
    order = await shop.order([(tea, 1)])
    customer = await shop.inv.member("customer")
    assert_problem(
        await shop.post_order([(tea, 1)], headers=customer.headers), 403, "permission_denied"
    )
    assert_problem(await shop.get(order["id"], headers=customer.headers), 403, "permission_denied")
    r = await shop.act(order["id"], "cancel", {"reason": "x"}, headers=customer.headers)
    assert_problem(r, 403, "permission_denied")
    listed = await shop.client.get(ORDERS, headers=customer.headers)
    assert_problem(listed, 403, "permission_denied")
    assert len(await shop.orders()) == 1


async def test_a_cashier_granted_at_one_location_sells_there_only(shop: Shop) -> None:
    tea = await shop.product(10)
    elsewhere = await shop.inv.location()
    await shop.inv.stocked(tea, elsewhere, 10)
    theirs = await shop.order([(tea, 1)], location=elsewhere)
    cashier = await shop.inv.member()
    await shop.inv.grant_at(cashier, "staff", shop.location)

    sold = await shop.post_order([(tea, 1)], headers=cashier.headers)
    assert sold.status_code == 201, sold.text
    refused = await shop.post_order([(tea, 1)], headers=cashier.headers, location=elsewhere)
    assert_problem(refused, 403, "permission_denied")
    assert_problem(await shop.get(theirs["id"], headers=cashier.headers), 404, "order_not_found")
    r = await shop.act(theirs["id"], "cancel", {"reason": "x"}, headers=cashier.headers)
    assert_problem(r, 404, "order_not_found")
    listed = await shop.client.get(ORDERS, headers=cashier.headers)
    assert [o["id"] for o in listed.json()["items"]] == [sold.json()["id"]]
    assert (await shop.get(sold.json()["id"], headers=cashier.headers)).status_code == 200
    assert await shop.inv.levels() == {(tea, shop.location): (10, 1), (tea, elsewhere): (10, 1)}
