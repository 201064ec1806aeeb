"""Checkouts under concurrent requests: one cart checked out many times at once is one order;
many carts sharing a code limited to a few uses get it exactly that often. The requests run at
once through the API, each in its own transaction; on PostgreSQL they really race on the rows
(on SQLite the write gate takes them in turn, and the same answers must come out). At most
`IN_FLIGHT` requests are open at once, the pool's steady size, so the suite leaves
connections to whoever shares the server."""

import asyncio
import uuid
from collections import Counter
from collections.abc import Awaitable, Iterable

import httpx

from tests.commerce.carts.cart_api import Shop
from tests.fixtures.problems import assert_problem

IN_FLIGHT = 20


async def at_once(calls: Iterable[Awaitable[httpx.Response]]) -> list[httpx.Response]:
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def run(call: Awaitable[httpx.Response]) -> httpx.Response:
        async with gate:
            return await call

    return list(await asyncio.gather(*(run(call) for call in calls)))


async def test_one_cart_checked_out_twenty_times_at_once_is_one_order(shop: Shop) -> None:
    tea = await shop.product()
    await shop.inventory.stocked(tea, shop.location, 100)
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 2)

    answers = await at_once(shop.checkout(cart["id"]) for _ in range(20))

    assert Counter(r.status_code for r in answers) == {201: 1, 409: 19}
    (order,) = [r.json() for r in answers if r.status_code == 201]
    for refusal in (r for r in answers if r.status_code == 409):
        assert assert_problem(refusal, 409, "cart_already_checked_out")["order_id"] == order["id"]
    (row,) = await shop.orders()
    assert str(row.id) == order["id"]
    assert await shop.inventory.available(tea, shop.location) == 98
    assert (await shop.cart(cart["id"]))["order_id"] == order["id"]
    assert await shop.inventory.ledger_differences() == []


async def test_one_key_sent_twenty_times_at_once_is_one_order(shop: Shop) -> None:
    tea = await shop.product()
    await shop.inventory.stocked(tea, shop.location, 100)
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 1)
    key = f"checkout-{uuid.uuid4()}"

    answers = await at_once(shop.checkout(cart["id"], key=key) for _ in range(20))

    assert [r.status_code for r in answers] == [201] * 20, [r.text for r in answers]
    assert len({r.content for r in answers}) == 1
    assert len(await shop.orders()) == 1
    assert await shop.inventory.available(tea, shop.location) == 99


async def test_fifty_carts_share_a_code_limited_to_five_uses(shop: Shop) -> None:
    tea = await shop.product(price=1000)
    await shop.inventory.stocked(tea, shop.location, 100)
    code = await shop.discount(code="FIRST5", usage_limit=5, value=20)
    carts = [await shop.open_cart() for _ in range(50)]
    for cart in carts:
        await shop.added(cart["id"], tea, 1)
        r = await shop.enter_code(cart["id"], "first5")
        assert r.status_code == 200, r.text

    answers = await at_once(shop.checkout(cart["id"]) for cart in carts)

    assert Counter(r.status_code for r in answers) == {201: 5, 409: 45}, [r.text for r in answers]
    for refusal in (r for r in answers if r.status_code == 409):
        assert_problem(refusal, 409, "discount_exhausted")
    discounted = [r.json() for r in answers if r.status_code == 201]
    assert {(o["discount_total"], o["total"]) for o in discounted} == {(200, 800)}
    orders = await shop.orders()
    assert sorted(str(o.id) for o in orders) == sorted(o["id"] for o in discounted)
    r = await shop.client.get(f"/api/v1/discounts/{code['id']}", headers=shop.headers)
    assert r.json()["used_count"] == 5
    carts_rows, _ = await shop.rows()
    assert Counter(c.status for c in carts_rows) == {"checked_out": 5, "open": 45}
    assert await shop.inventory.available(tea, shop.location) == 95
