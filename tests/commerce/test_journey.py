"""One business day through the HTTP API, on both backends: a catalogue with tax, stock
received, an online cart checked out and paid by card, handed over in two parts, then partly
refunded; an order cancelled at the till, its stock back on the shelf; a till order paid in
cash with change and handed over. Every status and every stock figure is checked on the way,
and the ledger still sums to the levels at the end."""

from typing import Any

from tests.fixtures.inventory import Inventory

CARTS, ORDERS, PAYMENTS = "/api/v1/carts", "/api/v1/orders", "/api/v1/payments"


async def _ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def _levels(inv: Inventory, product_id: str, location_id: str) -> tuple[int, int, int]:
    """(on_hand, reserved, available) of the product at the location, as the API shows it."""
    for entry in (await inv.stock(product_id))["locations"]:
        if entry["location_id"] == location_id:
            return entry["on_hand"], entry["reserved"], entry["available"]
    raise AssertionError("no level there")


async def test_a_day_of_business_from_catalogue_to_refund(inventory: Inventory) -> None:
    inv, client, h = inventory, inventory.client, inventory.headers

    # The shop: tax-exclusive prices, 20% standard rate, one store, two products in stock.
    await _ok(
        await client.put(
            "/api/v1/settings",
            json={"tax_rates": [{"tax_class": "standard", "rate": 20}]},
            headers=h,
        )
    )
    store = await inv.location()
    tea = await inv.product(name="Sencha 100 g", price=1250)
    mug = await inv.product(name="Stoneware mug", price=800)
    await inv.stocked(tea, store, 10)
    await inv.stocked(mug, store, 5)
    assert await _levels(inv, tea, store) == (10, 0, 10)
    assert await _levels(inv, mug, store) == (5, 0, 5)

    # An online cart: priced live, holding nothing until checkout.
    cart = await _ok(
        await client.post(CARTS, json={"location_id": store, "channel": "online"}, headers=h),
        201,
    )
    await _ok(
        await client.post(
            f"{CARTS}/{cart['id']}/items", json={"product_id": tea, "quantity": 2}, headers=h
        )
    )
    preview = await _ok(
        await client.post(
            f"{CARTS}/{cart['id']}/items", json={"product_id": mug, "quantity": 1}, headers=h
        )
    )
    assert (preview["subtotal"], preview["tax_total"], preview["total"]) == (3300, 660, 3960)
    assert await _levels(inv, tea, store) == (10, 0, 10)

    # Checkout: one pending order, its stock held.
    online = await _ok(
        await client.post(
            f"{CARTS}/{cart['id']}/checkout", headers={**h, "Idempotency-Key": "journey-1"}
        ),
        201,
    )
    assert online["cart_id"] == cart["id"]
    assert (online["status"], online["total"], online["currency"]) == ("pending", 3960, "EUR")
    assert await _levels(inv, tea, store) == (10, 2, 8)
    assert await _levels(inv, mug, store) == (5, 1, 4)

    # Paid by card.
    card = await _ok(
        await client.post(
            f"{PAYMENTS}/process",
            json={"order_id": online["id"], "amount": 3960,
                  "method": {"type": "card", "token": "tok_visa"}},
            headers={**h, "Idempotency-Key": "journey-pay-1"},
        ),
        201,
    )  # fmt: skip
    assert (card["status"], card["method"], card["amount"]) == ("succeeded", "card", 3960)
    order = await _ok(await client.get(f"{ORDERS}/{online['id']}", headers=h))
    assert (order["status"], order["paid_total"]) == ("paid", 3960)

    # Handed over in two parts: stock moves from held to sold.
    tea_item = next(i["id"] for i in order["items"] if i["product_id"] == tea)
    part = await _ok(
        await client.post(
            f"{ORDERS}/{online['id']}/fulfill",
            json={"lines": [{"item_id": tea_item, "quantity": 1}]},
            headers=h,
        )
    )
    assert part["status"] == "partially_fulfilled"
    assert await _levels(inv, tea, store) == (9, 1, 8)
    assert await _levels(inv, mug, store) == (5, 1, 4)
    rest = await _ok(await client.post(f"{ORDERS}/{online['id']}/fulfill", headers=h))
    assert rest["status"] == "fulfilled"
    assert [i["fulfilled_quantity"] for i in rest["items"]] == [
        i["quantity"] for i in rest["items"]
    ]
    assert await _levels(inv, tea, store) == (8, 0, 8)
    assert await _levels(inv, mug, store) == (4, 0, 4)

    # A partial refund: money back, no stock moved.
    refund = await _ok(
        await client.post(
            f"{PAYMENTS}/{card['id']}/refund",
            json={"amount": 1000},
            headers={**h, "Idempotency-Key": "journey-refund-1"},
        ),
        201,
    )
    assert (refund["status"], refund["amount"], refund["payment"]["refunded_amount"]) == (
        "succeeded",
        1000,
        1000,
    )
    order = await _ok(await client.get(f"{ORDERS}/{online['id']}", headers=h))
    assert (order["status"], order["paid_total"], order["refunded_total"]) == (
        "partially_refunded",
        3960,
        1000,
    )
    assert await _levels(inv, tea, store) == (8, 0, 8)

    # At the till: an order changed their mind about, cancelled; its stock is back.
    dropped = await _ok(
        await client.post(
            ORDERS,
            json={"location_id": store, "items": [{"product_id": tea, "quantity": 3}]},
            headers=h,
        ),
        201,
    )
    assert dropped["status"] == "pending"
    assert int(dropped["number"][4:]) == int(online["number"][4:]) + 1
    assert await _levels(inv, tea, store) == (8, 3, 5)
    cancelled = await _ok(
        await client.post(
            f"{ORDERS}/{dropped['id']}/cancel", json={"reason": "changed their mind"}, headers=h
        )
    )
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", "changed their mind")
    assert await _levels(inv, tea, store) == (8, 0, 8)
    refused = await client.post(f"{ORDERS}/{dropped['id']}/fulfill", headers=h)
    assert (refused.status_code, refused.json()["code"]) == (409, "invalid_transition")

    # At the till: two mugs paid in cash with a 20 note, change given, handed over.
    till = await _ok(
        await client.post(
            ORDERS,
            json={"location_id": store, "items": [{"product_id": mug, "quantity": 2}]},
            headers=h,
        ),
        201,
    )
    assert (till["status"], till["total"]) == ("pending", 1920)
    assert await _levels(inv, mug, store) == (4, 2, 2)
    cash = await _ok(
        await client.post(
            f"{PAYMENTS}/process",
            json={"order_id": till["id"], "amount": 1920,
                  "method": {"type": "cash", "tendered": 2000}},
            headers=h,
        ),
        201,
    )  # fmt: skip
    assert (cash["status"], cash["processor"], cash["tendered"], cash["change_due"]) == (
        "succeeded",
        "cash",
        2000,
        80,
    )
    assert (await _ok(await client.get(f"{ORDERS}/{till['id']}", headers=h)))["status"] == "paid"
    handed = await _ok(await client.post(f"{ORDERS}/{till['id']}/fulfill", headers=h))
    assert handed["status"] == "fulfilled"
    assert await _levels(inv, mug, store) == (2, 0, 2)

    # The day as the lists and the ledger tell it.
    listed = await _ok(await client.get(ORDERS, headers=h))
    assert [(o["id"], o["status"]) for o in listed["items"]] == [
        (till["id"], "fulfilled"),
        (dropped["id"], "cancelled"),
        (online["id"], "partially_refunded"),
    ]
    r = await client.get(f"{ORDERS}/{online['id']}/timeline", headers=h)
    assert r.status_code == 200, r.text
    kinds = [e["kind"] for e in r.json()]
    assert kinds[0] == "created"
    assert [k for k in kinds if k != "transition"] == [
        "created", "payment", "fulfilment", "fulfilment", "refund"
    ]  # fmt: skip
    assert await inv.ledger_differences() == []


async def test_a_sale_with_a_code_a_declined_card_and_a_split_payment(
    inventory: Inventory,
) -> None:
    """The sale as the contract walks it: tenant → location with tax → products with stock →
    cart → code → checkout → split payment (one declined, then two succeeding) → paid →
    partial then full fulfilment → partial refund, every step audited and its events
    published."""
    inv, client, h = inventory, inventory.client, inventory.headers
    await _ok(
        await client.put(
            "/api/v1/settings",
            json={"tax_rates": [{"tax_class": "standard", "rate": 20}]},
            headers=h,
        )
    )
    store = await inv.location()
    tea = await inv.product(name="Genmaicha 100 g", price=1000)
    pot = await inv.product(name="Cast-iron pot", price=3000)
    await inv.stocked(tea, store, 10)
    await inv.stocked(pot, store, 3)
    code = await _ok(
        await client.post(
            "/api/v1/discounts",
            json={"name": "Spring", "type": "percentage", "value": 10, "code": "SPRING10"},
            headers=h,
        ),
        201,
    )

    cart = await _ok(
        await client.post(CARTS, json={"location_id": store, "channel": "pos"}, headers=h), 201
    )
    for product_id, quantity in ((tea, 3), (pot, 1)):
        await _ok(
            await client.post(
                f"{CARTS}/{cart['id']}/items",
                json={"product_id": product_id, "quantity": quantity},
                headers=h,
            )
        )
    preview = await _ok(
        await client.post(
            f"{CARTS}/{cart['id']}/discount-codes", json={"code": "SPRING10"}, headers=h
        )
    )
    # 6000 - 10% = 5400, + 20% tax = 6480.
    assert (preview["subtotal"], preview["discount_total"], preview["tax_total"]) == (
        6000, 600, 1080
    )  # fmt: skip
    assert preview["total"] == 6480

    order = await _ok(
        await client.post(
            f"{CARTS}/{cart['id']}/checkout", headers={**h, "Idempotency-Key": "sale-1"}
        ),
        201,
    )
    assert (order["status"], order["total"], order["discount_total"]) == ("pending", 6480, 600)
    assert await _levels(inv, tea, store) == (10, 3, 7)

    async def pay(key: str, amount: int, method: dict[str, Any]) -> dict[str, Any]:
        return await _ok(
            await client.post(
                f"{PAYMENTS}/process",
                json={"order_id": order["id"], "amount": amount, "method": method},
                headers={**h, "Idempotency-Key": key},
            ),
            201,
        )

    declined = await pay("sale-pay-1", 6480, {"type": "card", "token": "tok_declined"})
    assert (declined["status"], declined["failure_code"]) == ("failed", "card_declined")
    assert (await _ok(await client.get(f"{ORDERS}/{order['id']}", headers=h)))["status"] == (
        "pending"
    )
    card = await pay("sale-pay-2", 4000, {"type": "card", "token": "tok_visa"})
    assert card["status"] == "succeeded"
    middle = await _ok(await client.get(f"{ORDERS}/{order['id']}", headers=h))
    assert (middle["status"], middle["paid_total"]) == ("pending", 4000)
    cash = await pay("sale-pay-3", 2480, {"type": "cash"})
    assert cash["status"] == "succeeded"
    paid = await _ok(await client.get(f"{ORDERS}/{order['id']}", headers=h))
    assert (paid["status"], paid["paid_total"]) == ("paid", 6480)

    tea_item = next(i["id"] for i in paid["items"] if i["product_id"] == tea)
    part = await _ok(
        await client.post(
            f"{ORDERS}/{order['id']}/fulfill",
            json={"lines": [{"item_id": tea_item, "quantity": 2}]},
            headers=h,
        )
    )
    assert part["status"] == "partially_fulfilled"
    assert await _levels(inv, tea, store) == (8, 1, 7)
    done = await _ok(await client.post(f"{ORDERS}/{order['id']}/fulfill", headers=h))
    assert done["status"] == "fulfilled"
    assert await _levels(inv, tea, store) == (7, 0, 7)
    assert await _levels(inv, pot, store) == (2, 0, 2)

    refund = await _ok(
        await client.post(
            f"{PAYMENTS}/{card['id']}/refund",
            json={"amount": 1000},
            headers={**h, "Idempotency-Key": "sale-refund-1"},
        ),
        201,
    )
    assert refund["status"] == "succeeded"
    final = await _ok(await client.get(f"{ORDERS}/{order['id']}", headers=h))
    assert (final["status"], final["refunded_total"]) == ("partially_refunded", 1000)
    assert await _levels(inv, tea, store) == (7, 0, 7)  # money back, no stock moved
    assert await inv.ledger_differences() == []

    # Every step audited ...
    for action, count in {
        "discount.created": 1, "cart.created": 1, "cart.discount_code_added": 1,
        "cart.checked_out": 1, "order.created": 1, "payment.processed": 3, "order.paid": 1,
        "order.fulfilled": 2, "payment.refunded": 1,
    }.items():  # fmt: skip
        assert len(await inv.audit(action)) == count, action
    # ... and its events published.
    for event_type, count in {
        "discount.created": 1, "cart.created": 1, "cart.discount_code_added": 1,
        "cart.checked_out": 1, "order.created": 1, "payment.processed": 3, "order.paid": 1,
        "order.fulfilled": 2, "payment.refunded": 1, "order.refunded": 1,
    }.items():  # fmt: skip
        assert len(await inv.events_of(event_type)) == count, event_type
    assert code["code"] == "SPRING10"
