"""Usage limits under concurrency, on PostgreSQL (where transactions really overlap; SQLite's
writers take turns): many orders claiming one code at once never pass its limit, in all nor
per customer; concurrent releases of one order give its use back once; orders claiming the
same discounts in opposite orders don't deadlock."""

import asyncio
import uuid
from collections import Counter
from collections.abc import Sequence

import httpx
import pytest

from olympus.commerce.discounts import service
from olympus.core.db import WriteUnitOfWork
from tests.commerce.discounts.discount_api import Stored, create, create_customer
from tests.fixtures.accounts import Account


@pytest.fixture(autouse=True)
def postgres_only(is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("SQLite writers take turns: concurrency is proved on PostgreSQL")


async def _claims(
    stored: Stored,
    discount_ids: Sequence[Sequence[str]],
    customer_id: uuid.UUID | None = None,
) -> list[BaseException | None]:
    """One claim per entry, each for a new order in its own unit of work, all at once."""

    async def claim(ids: Sequence[str]) -> None:
        async def work(uow: WriteUnitOfWork) -> None:
            await service.claim_uses(
                uow,
                discount_ids=[uuid.UUID(i) for i in ids],
                order_id=uuid.uuid4(),
                customer_id=customer_id,
            )

        await stored.write(work)

    return await asyncio.gather(*(claim(ids) for ids in discount_ids), return_exceptions=True)


def _outcomes(results: list[BaseException | None]) -> Counter[str]:
    return Counter("ok" if r is None else getattr(r, "code", repr(r)) for r in results)


async def test_fifty_orders_claim_a_code_limited_to_five(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers, code="FIRST5", usage_limit=5)
    results = await _claims(stored, [[created["id"]]] * 50)
    assert _outcomes(results) == {"ok": 5, "discount_exhausted": 45}, results
    row = await stored.discount(created["id"])
    assert row.used_count == 5
    assert len(await stored.uses(created["id"])) == 5


async def test_one_customers_concurrent_orders_keep_to_the_limit_per_customer(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers, code="TWICE", usage_limit_per_customer=2)
    ada = await create_customer(client, owner.headers)
    results = await _claims(stored, [[created["id"]]] * 20, customer_id=ada)
    assert _outcomes(results) == {"ok": 2, "discount_customer_limit": 18}, results
    assert (await stored.discount(created["id"])).used_count == 2
    uses = await stored.uses(created["id"])
    assert [u.customer_id for u in uses] == [ada, ada]


async def test_concurrent_releases_of_one_order_give_the_use_back_once(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers, code="BACK", usage_limit=3)
    assert _outcomes(await _claims(stored, [[created["id"]]] * 3)) == {"ok": 3}
    order = (await stored.uses(created["id"]))[0].order_id

    async def release() -> list[uuid.UUID]:
        return await stored.write(lambda uow: service.release_uses(uow, order_id=order))

    given_back = await asyncio.gather(*(release() for _ in range(10)))
    assert sorted(len(ids) for ids in given_back) == [0] * 9 + [1]
    assert (await stored.discount(created["id"])).used_count == 2
    # The use given back is claimed by exactly one of many new orders.
    results = await _claims(stored, [[created["id"]]] * 10)
    assert _outcomes(results) == {"ok": 1, "discount_exhausted": 9}, results
    assert (await stored.discount(created["id"])).used_count == 3


async def test_orders_sharing_discounts_in_any_order_do_not_deadlock(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    a = await create(client, owner.headers, code="A")
    b = await create(client, owner.headers, code="B")
    orders = [[a["id"], b["id"]], [b["id"], a["id"]]] * 10
    results = await _claims(stored, orders)
    assert _outcomes(results) == {"ok": 20}, results
    assert [(await stored.discount(d["id"])).used_count for d in (a, b)] == [20, 20]
