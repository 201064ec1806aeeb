"""Orders under concurrent requests: nothing oversold, no deadlock, a code's limit held, one
number per order. The requests run at once through the API on one event loop, each in its
own transaction; on PostgreSQL they really race on the rows (on SQLite the write gate takes
them in turn, and the same answers must come out). At most `IN_FLIGHT` requests are open at
once, the pool's steady size, so the suite leaves connections to whoever shares the server."""

import asyncio
from collections import Counter
from collections.abc import Awaitable, Iterable

import httpx

from tests.commerce.orders.conftest import Shop
from tests.fixtures.problems import assert_problem

IN_FLIGHT = 20


async def at_once(calls: Iterable[Awaitable[httpx.Response]]) -> list[httpx.Response]:
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def run(call: Awaitable[httpx.Response]) -> httpx.Response:
        async with gate:
            return await call

    return list(await asyncio.gather(*(run(call) for call in calls)))


async def test_fifty_orders_for_ten_units_make_exactly_ten(shop: Shop) -> None:
    tea = await shop.product(10)
    answers = await at_once(shop.post_order([(tea, 1)]) for _ in range(50))

    assert Counter(r.status_code for r in answers) == {201: 10, 409: 40}
    for refusal in (r for r in answers if r.status_code == 409):
        assert_problem(refusal, 409, "insufficient_stock")
    assert await shop.inv.available(tea, shop.location) == 0
    assert await shop.inv.levels() == {(tea, shop.location): (10, 10)}
    orders = await shop.orders()
    assert len(orders) == 10
    # One number each, 1..10 with no gap: refused orders gave theirs back.
    assert sorted(o.number for o in orders) == list(range(1, 11))
    assert await shop.inv.ledger_differences() == []


async def test_orders_naming_products_in_opposite_order_never_deadlock(shop: Shop) -> None:
    tea, cup, pot = await shop.product(40), await shop.product(40), await shop.product(40)
    forward = [(tea, 1), (cup, 1), (pot, 1)]
    backward = list(reversed(forward))
    calls = [shop.post_order(forward if i % 2 else backward) for i in range(30)]
    answers = await at_once(calls)

    assert [r.status_code for r in answers] == [201] * 30, [r.text for r in answers if r.is_error]
    assert await shop.inv.levels() == {
        (tea, shop.location): (40, 30),
        (cup, shop.location): (40, 30),
        (pot, shop.location): (40, 30),
    }
    assert len({o.number for o in await shop.orders()}) == 30
    assert await shop.inv.ledger_differences() == []


async def test_racing_orders_over_scarce_products_stay_consistent(shop: Shop) -> None:
    tea, cup = await shop.product(12), await shop.product(12)
    calls = [
        shop.post_order([(tea, 2), (cup, 1)] if i % 2 else [(cup, 2), (tea, 1)]) for i in range(20)
    ]
    answers = await at_once(calls)
    assert {r.status_code for r in answers} <= {201, 409}
    made = [r.json() for r in answers if r.status_code == 201]
    held = Counter[str]()
    for order in made:
        for item in order["items"]:
            held[item["product_id"]] += item["quantity"]
    levels = await shop.inv.levels()
    assert levels == {(tea, shop.location): (12, held[tea]), (cup, shop.location): (12, held[cup])}
    assert held[tea] <= 12 and held[cup] <= 12
    assert await shop.inv.ledger_differences() == []


async def test_a_code_limited_to_five_uses_discounts_exactly_five_orders(shop: Shop) -> None:
    tea = await shop.product(100, price=1000)
    discount = await shop.discount(code="FIVE", usage_limit=5)
    answers = await at_once(shop.post_order([(tea, 1)], codes=["FIVE"]) for _ in range(50))

    created = [r.json() for r in answers if r.status_code == 201]
    assert len(created) == 5
    assert all(o["discount_total"] == 100 for o in created)
    for refusal in (r for r in answers if r.status_code != 201):
        assert_problem(refusal, 409, "discount_exhausted")
    assert await shop.used_count(discount) == 5
    # The refused orders held nothing.
    assert await shop.inv.levels() == {(tea, shop.location): (100, 5)}


async def test_concurrent_fulfilments_and_cancellations_of_one_order_take_turns(
    shop: Shop,
) -> None:
    tea = await shop.product(10)
    order = await shop.paid_order([(tea, 4)])
    item = order["items"][0]["id"]
    line = {"lines": [{"item_id": item, "quantity": 1}]}
    calls = [shop.act(order["id"], "fulfill", line) for _ in range(6)]
    calls += [shop.act(order["id"], "cancel", {"reason": "race"}) for _ in range(2)]
    answers = await at_once(calls)

    fulfilled = [r for r in answers[:6] if r.status_code == 200]
    final = (await shop.get(order["id"])).json()
    if final["status"] == "cancelled":
        # Cancelled before any fulfilment: the stock is back.
        assert fulfilled == []
        assert await shop.inv.levels() == {(tea, shop.location): (10, 0)}
    else:
        assert len(fulfilled) == 4 and final["status"] == "fulfilled"
        assert await shop.inv.levels() == {(tea, shop.location): (6, 0)}
    assert await shop.inv.ledger_differences() == []
