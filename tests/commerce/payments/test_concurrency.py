"""Payments under concurrent requests, through the API on one event loop, each request in its
own transactions; on PostgreSQL they really race on the rows (on SQLite the write gate takes
them in turn, and the same outcome must hold): one Idempotency-Key sent 20 times is one
charge; Stripe's webhook racing the client's confirmation settles a payment once and marks
its order paid once; split payments racing past the total never overpay."""

import asyncio
import uuid
from collections import Counter
from collections.abc import Awaitable, Iterable

import httpx

from tests.commerce.payments.conftest import Till
from tests.commerce.payments.payment_api import URL, deliver, stripe_event, use_stripe
from tests.fixtures.problems import assert_problem
from tests.fixtures.stripe import FakeStripe

IN_FLIGHT = 20
VISA = {"type": "card", "token": "pm_card_visa"}


async def at_once(calls: Iterable[Awaitable[httpx.Response]]) -> list[httpx.Response]:
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def run(call: Awaitable[httpx.Response]) -> httpx.Response:
        async with gate:
            return await call

    return list(await asyncio.gather(*(run(call) for call in calls)))


async def test_one_key_sent_twenty_times_at_once_is_one_charge(
    till: Till, stripe_api: FakeStripe
) -> None:
    await use_stripe(till.client, till.headers)
    order = await till.order(4200)
    key = f"same-{uuid.uuid4()}"
    answers = await at_once(till.pay(order["id"], 4200, VISA, key=key) for _ in range(20))

    counts = Counter(r.status_code for r in answers)
    assert set(counts) <= {201, 409}, [r.text for r in answers]
    for busy in (r for r in answers if r.status_code == 409):
        assert_problem(busy, 409, "idempotency_in_progress")
    created = {r.content for r in answers if r.status_code == 201}
    assert len(created) == 1  # the first answer, and replays of it byte for byte
    (payment,) = await till.stored.payments(order["id"])
    assert payment.status == "succeeded"
    assert len(stripe_api.intents) == 1
    assert [path for path, _ in stripe_api.calls] == ["/v1/payment_intents"]
    assert (await till.order_now(order["id"]))["status"] == "paid"
    later = await till.pay(order["id"], 4200, VISA, key=key)
    assert (later.status_code, later.content) == (201, created.pop())


async def test_the_webhook_and_the_client_confirmation_race_to_one_capture(
    till: Till, stripe_api: FakeStripe
) -> None:
    await use_stripe(till.client, till.headers)
    order = await till.order(3300)
    r = await till.pay(
        order["id"], 3300, {"type": "card", "token": "pm_card_authenticationRequired"}
    )
    payment = r.json()
    assert payment["status"] == "pending"
    stripe_api.authenticate(payment["reference"])
    intent = {**stripe_api.intents[payment["reference"]], "object": "payment_intent"}
    tenant_id = till.inv.tenant.id
    confirm = f"{URL}/{payment['id']}/confirm"
    calls: list[Awaitable[httpx.Response]] = []
    for _ in range(10):
        calls.append(till.client.post(confirm, headers=till.headers))
        # Distinct event ids: each delivery really tries to settle (a replayed id would be
        # stopped earlier by the event store).
        calls.append(
            deliver(till.client, tenant_id, stripe_event("payment_intent.succeeded", intent))
        )
    answers = await at_once(calls)

    assert [r.status_code for r in answers] == [200] * 20, [r.text for r in answers]
    (row,) = await till.stored.payments(order["id"])
    assert (row.status, row.amount) == ("succeeded", 3300)
    processed = [
        e
        for e in await till.inv.events_of("payment.processed")
        if e["data"]["payment_id"] == payment["id"]
    ]
    assert len(processed) == 1
    paid = [
        e for e in await till.inv.events_of("order.paid") if e["data"]["order_id"] == order["id"]
    ]
    assert len(paid) == 1
    now = await till.order_now(order["id"])
    assert now["status"] == "paid"
    timeline = await till.client.get(f"/api/v1/orders/{order['id']}/timeline", headers=till.headers)
    assert timeline.status_code == 200, timeline.text
    entries = timeline.json()
    entries = entries["items"] if isinstance(entries, dict) else entries
    assert sum(1 for e in entries if e.get("kind") == "payment") == 1


async def test_split_payments_racing_past_the_total_never_overpay(till: Till) -> None:
    order = await till.order(2000)
    answers = await at_once(
        till.pay(order["id"], 1000, {"type": "card", "token": "tok_visa"}) for _ in range(10)
    )
    counts = Counter(r.status_code for r in answers)
    assert counts == {201: 2, 409: 8}, [r.text for r in answers]
    for refused in (r for r in answers if r.status_code == 409):
        assert refused.json()["code"] in {"payment_exceeds_balance", "invalid_transition"}
    assert sum(p.amount for p in await till.stored.payments(order["id"])) == 2000
    assert (await till.order_now(order["id"]))["status"] == "paid"
