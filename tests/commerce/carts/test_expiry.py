"""Carts left unchanged for CART_IDLE_MINUTES expire: they answer 410 `cart_expired` and can't
change; every change starts the idle time again; `olympus prune` (the service's
`prune_expired`) removes expired carts with their items, in every tenant, and nothing else."""

from datetime import datetime, timedelta

from fastapi import FastAPI

from olympus.commerce.carts import service
from tests.commerce.carts.cart_api import CARTS, Shop, item_ids
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem

IDLE = 120  # minutes: the default of CART_IDLE_MINUTES


async def _prune(app: FastAPI, clock: MovableClock) -> int:
    idle = timedelta(minutes=app.state.settings.cart_idle_minutes)
    async with app.state.db.unit_of_work(clock=clock, system=True) as uow:
        return await service.prune_expired(uow, idle=idle)


async def test_an_idle_cart_expires_and_a_change_keeps_it_alive(
    shop: Shop, clock: MovableClock
) -> None:
    tea = await shop.product()
    kept, idle = await shop.open_cart(), await shop.open_cart()
    await shop.added(kept["id"], tea, 1)
    await shop.added(idle["id"], tea, 1)
    clock.advance(minutes=IDLE - 10)
    await shop.sign_in_again()
    body = await shop.added(kept["id"], tea, 1)  # a change starts the idle time again
    assert datetime.fromisoformat(body["expires_at"]) == datetime.fromisoformat(
        body["last_active_at"]
    ) + timedelta(minutes=IDLE)
    # Reading is not a change.
    assert (await shop.cart(idle["id"]))["status"] == "open"

    clock.advance(minutes=11)
    await shop.sign_in_again()
    assert (await shop.cart(kept["id"]))["status"] == "open"
    before = await shop.snapshot()
    line = item_ids(await shop.cart(kept["id"]))[0]
    base = f"{CARTS}/{idle['id']}"
    h = shop.headers
    answers = [
        await shop.get(idle["id"]),
        await shop.add(idle["id"], tea, 1),
        await shop.client.patch(f"{base}/items/{line}", json={"quantity": 2}, headers=h),
        await shop.client.delete(f"{base}/items/{line}", headers=h),
        await shop.enter_code(idle["id"], "ANY"),
        await shop.client.delete(f"{base}/discount-codes/ANY", headers=h),
    ]
    for r in answers:
        assert_problem(r, 410, "cart_expired")
    assert await shop.snapshot() == before


async def test_prune_removes_expired_carts_of_every_tenant_and_nothing_else(
    app: FastAPI, shop: Shop, other_shop: Shop, clock: MovableClock
) -> None:
    ours, theirs = await shop.product(), await other_shop.product()
    old = await shop.open_cart()
    await shop.added(old["id"], ours, 2)
    their_old = await other_shop.open_cart()
    await other_shop.added(their_old["id"], theirs, 1)
    clock.advance(minutes=IDLE + 1)
    await shop.sign_in_again()
    fresh = await shop.open_cart()
    await shop.added(fresh["id"], ours, 1)

    assert await _prune(app, clock) >= 2
    carts, items = await shop.rows()
    assert [str(c.id) for c in carts] == [fresh["id"]]
    assert [str(i.cart_id) for i in items] == [fresh["id"]]
    assert await other_shop.rows() == ([], [])
    assert_problem(await shop.get(old["id"]), 404, "cart_not_found")
    assert (await shop.cart(fresh["id"]))["status"] == "open"
