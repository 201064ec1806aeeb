"""A cancelled order that had been paid stays refundable: cancelling returns its stock and
says in its timeline and its event how much is left to refund; the money then goes back
through the payments' refund path, in full or in parts, never above what was captured, and
the order moves `cancelled → partially_refunded → refunded`."""

from typing import Any

from tests.commerce.payments.conftest import Till
from tests.fixtures.problems import assert_problem

VISA = {"type": "card", "token": "tok_visa"}


async def _cancel(till: Till, order_id: str) -> dict[str, Any]:
    r = await till.client.post(
        f"/api/v1/orders/{order_id}/cancel", json={"reason": "customer left"}, headers=till.headers
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def _cancel_entry(till: Till, order_id: str) -> dict[str, Any]:
    r = await till.client.get(f"/api/v1/orders/{order_id}/timeline", headers=till.headers)
    assert r.status_code == 200, r.text
    (entry,) = [e for e in r.json() if e["to_status"] == "cancelled"]
    return dict(entry)


async def _cancel_event(till: Till, order_id: str) -> dict[str, Any]:
    events = await till.inv.events_of("order.cancelled")
    (event,) = [e for e in events if e["data"]["order_id"] == order_id]
    return dict(event["data"])


async def test_a_paid_order_cancelled_returns_its_stock_and_is_refunded_in_full(
    till: Till,
) -> None:
    order = await till.order(2000)
    product = order["items"][0]["product_id"]
    payment = (await till.pay(order["id"], 2000, VISA)).json()
    assert await till.inv.available(product, till.location) == 4

    cancelled = await _cancel(till, order["id"])

    assert (cancelled["status"], cancelled["paid_total"]) == ("cancelled", 2000)
    assert await till.inv.available(product, till.location) == 5
    entry = await _cancel_entry(till, order["id"])
    assert (entry["from_status"], entry["data"]["refundable"]) == ("paid", 2000)
    assert (await _cancel_event(till, order["id"]))["refundable"] == 2000

    assert_problem(await till.refund(payment["id"], 2001), 409, "refund_exceeds_captured")
    r = await till.refund(payment["id"])  # everything captured

    assert (r.status_code, r.json()["status"], r.json()["amount"]) == (201, "succeeded", 2000)
    after = await till.order_now(order["id"])
    assert (after["status"], after["refunded_total"]) == ("refunded", 2000)
    assert after["cancel_reason"] == "customer left"
    assert_problem(await till.refund(payment["id"], 1), 409, "refund_exceeds_captured")
    refunded = [
        e["data"]
        for e in await till.inv.events_of("order.refunded")
        if e["data"]["order_id"] == order["id"]
    ]
    assert [(d["amount"], d["status"]["from"], d["status"]["to"]) for d in refunded] == [
        (2000, "cancelled", "refunded")
    ]
    assert await till.inv.available(product, till.location) == 5


async def test_a_cancelled_order_paid_twice_is_refunded_in_parts(till: Till) -> None:
    order = await till.order(2000)
    first = (await till.pay(order["id"], 1200, VISA)).json()
    second = (await till.pay(order["id"], 800, {"type": "cash"})).json()
    await _cancel(till, order["id"])

    r = await till.refund(first["id"], 500)
    assert r.status_code == 201, r.text
    assert (await till.order_now(order["id"]))["status"] == "partially_refunded"
    assert_problem(await till.refund(first["id"], 701), 409, "refund_exceeds_captured")
    assert (await till.refund(first["id"])).json()["amount"] == 700
    assert (await till.order_now(order["id"]))["status"] == "partially_refunded"
    assert_problem(await till.refund(second["id"], 801), 409, "refund_exceeds_captured")
    assert (await till.refund(second["id"], 800)).status_code == 201

    after = await till.order_now(order["id"])
    assert (after["status"], after["paid_total"], after["refunded_total"]) == (
        "refunded",
        2000,
        2000,
    )
    assert [(f.status, f.amount) for f in await till.stored.refunds()] == [
        ("succeeded", 500),
        ("succeeded", 700),
        ("succeeded", 800),
    ]


async def test_a_pending_order_cancelled_after_a_part_payment_gives_that_part_back(
    till: Till,
) -> None:
    order = await till.order(900)
    part = (await till.pay(order["id"], 400, {"type": "cash"})).json()
    # Not paid in full, not cancelled: nothing to refund yet.
    assert_problem(await till.refund(part["id"]), 409, "invalid_transition")

    await _cancel(till, order["id"])

    entry = await _cancel_entry(till, order["id"])
    assert (entry["from_status"], entry["data"]["refundable"]) == ("pending", 400)
    assert_problem(await till.refund(part["id"], 401), 409, "refund_exceeds_captured")
    assert (await till.refund(part["id"])).json()["amount"] == 400
    after = await till.order_now(order["id"])
    assert (after["status"], after["refunded_total"]) == ("refunded", 400)


async def test_an_unpaid_cancelled_order_has_nothing_to_refund(till: Till) -> None:
    order = await till.order(900)
    declined = await till.pay(order["id"], 900, {"type": "card", "token": "tok_declined"})
    await _cancel(till, order["id"])

    assert (await _cancel_entry(till, order["id"]))["data"]["refundable"] == 0
    assert (await _cancel_event(till, order["id"]))["refundable"] == 0
    assert_problem(await till.refund(declined.json()["id"]), 409, "payment_not_refundable")
    assert (await till.order_now(order["id"]))["status"] == "cancelled"
