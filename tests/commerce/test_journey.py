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
