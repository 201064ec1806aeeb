"""Stock under concurrent requests: nothing oversold, nothing lost, no deadlock. The
requests run at once through the API on one event loop, each in its own transaction; on
PostgreSQL they really race on the rows (on SQLite the write gate takes them in turn, and
the same answers must come out). At most `IN_FLIGHT` requests are open at once, the pool's
steady size, so the suite leaves connections to whoever shares the database server."""

import asyncio
from collections import Counter
from collections.abc import Awaitable, Iterable

import httpx

from tests.fixtures.inventory import RESERVATIONS, TRANSFERS, Inventory
from tests.fixtures.problems import assert_problem

IN_FLIGHT = 20


async def at_once(calls: Iterable[Awaitable[httpx.Response]]) -> list[httpx.Response]:
    """Run the calls concurrently, at most IN_FLIGHT open at a time, answers in call order."""
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def run(call: Awaitable[httpx.Response]) -> httpx.Response:
        async with gate:
            return await call

    return list(await asyncio.gather(*(run(call) for call in calls)))


async def test_fifty_reservations_of_ten_units_hold_exactly_ten(inventory: Inventory) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 10)

    async def reserve_one() -> httpx.Response:
        return await inventory.client.post(
            RESERVATIONS,
            json={"location_id": location, "lines": [{"product_id": product, "quantity": 1}]},
            headers=inventory.headers,
        )

    answers = await at_once(reserve_one() for _ in range(50))
    assert Counter(r.status_code for r in answers) == {201: 10, 409: 40}
    for refused in (r for r in answers if r.status_code == 409):
        assert_problem(refused, 409, "insufficient_stock")
    assert await inventory.available(product, location) == 0
    assert await inventory.levels() == {(product, location): (10, 10)}
    assert len(await inventory.reservations()) == 10
    assert await inventory.ledger_differences() == []


async def test_transfers_in_opposite_directions_finish_without_deadlock(
    inventory: Inventory,
) -> None:
    product = await inventory.product()
    east, west = await inventory.location(), await inventory.location()
    await inventory.stocked(product, east, 30)
    await inventory.stocked(product, west, 30)

    async def transfer(source: str, destination: str) -> httpx.Response:
        return await inventory.client.post(
            TRANSFERS,
            json={
                "product_id": product,
                "from_location_id": source,
                "to_location_id": destination,
                "quantity": 2,
            },
            headers=inventory.headers,
        )

    calls = [transfer(east, west) for _ in range(15)] + [transfer(west, east) for _ in range(10)]
    answers = await at_once(calls)
    assert [r.status_code for r in answers] == [201] * 25, [r.text for r in answers if r.is_error]
    assert await inventory.levels() == {(product, east): (20, 0), (product, west): (40, 0)}
    assert await inventory.ledger_differences() == []


async def test_reservations_naming_units_in_any_order_neither_deadlock_nor_oversell(
    inventory: Inventory,
) -> None:
    tea, cup = await inventory.product(), await inventory.product()
    location = await inventory.location()
    await inventory.stocked(tea, location, 12)
    await inventory.stocked(cup, location, 12)

    async def reserve(first: str, second: str) -> httpx.Response:
        return await inventory.client.post(
            RESERVATIONS,
            json={
                "location_id": location,
                "lines": [
                    {"product_id": first, "quantity": 1},
                    {"product_id": second, "quantity": 1},
                ],
            },
            headers=inventory.headers,
        )

    calls = [reserve(tea, cup) if i % 2 else reserve(cup, tea) for i in range(30)]
    answers = await at_once(calls)
    assert Counter(r.status_code for r in answers) == {201: 12, 409: 18}
    assert await inventory.levels() == {(tea, location): (12, 12), (cup, location): (12, 12)}
    assert await inventory.ledger_differences() == []


async def test_concurrent_commits_releases_and_adjustments_keep_the_ledger(
    inventory: Inventory,
) -> None:
    product, location = await inventory.product(), await inventory.location()
    await inventory.stocked(product, location, 20)
    ids = []
    for _ in range(10):
        r = await inventory.reserve(location, [(product, 1)])
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])

    async def end(reservation_id: str, action: str) -> httpx.Response:
        return await inventory.client.post(
            f"{RESERVATIONS}/{reservation_id}/{action}", headers=inventory.headers
        )

    # Each reservation is committed and released at once: exactly one of the two wins.
    calls = [end(i, "commit") for i in ids] + [end(i, "release") for i in ids]
    calls += [inventory.adjust(product, location, -1) for _ in range(12)]
    answers = await at_once(calls)
    ended = answers[:20]
    for first, second in zip(ended[:10], ended[10:], strict=True):
        assert sorted((first.status_code, second.status_code)) == [200, 409]
    sold = sum(1 for r in ended[:10] if r.status_code == 200)
    adjusted = sum(1 for r in answers[20:] if r.status_code == 201)
    assert all(r.status_code in (201, 409) for r in answers[20:])
    assert await inventory.levels() == {(product, location): (20 - sold - adjusted, 0)}
    assert await inventory.ledger_differences() == []
