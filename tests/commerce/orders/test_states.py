"""The order state machine: an order is brought into every state, and every action is tried
on it; what the machine does not allow answers 409 `invalid_transition` and changes
nothing (status, stock, totals)."""

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from olympus.commerce.orders import service
from olympus.commerce.orders.errors import InvalidTransition
from olympus.commerce.orders.models import TRANSITIONS, OrderStatus
from olympus.core.db import WriteUnitOfWork
from tests.commerce.orders.conftest import Shop
from tests.fixtures.problems import assert_problem

S = OrderStatus


async def _pay(shop: Shop, order: dict[str, Any], amount: int | None = None) -> Any:
    async def work(uow: WriteUnitOfWork) -> Any:
        return await service.record_payment(
            uow,
            uuid.UUID(order["id"]),
            payment_id=uuid.uuid4(),
            amount=order["total"] if amount is None else amount,
            method="card",
        )

    return await shop.inv.write(work)


async def _refund(shop: Shop, order: dict[str, Any], amount: int) -> Any:
    async def work(uow: WriteUnitOfWork) -> Any:
        return await service.record_refund(
            uow,
            uuid.UUID(order["id"]),
            refund_id=uuid.uuid4(),
            payment_id=uuid.uuid4(),
            amount=amount,
        )

    return await shop.inv.write(work)


async def _ok(r: Awaitable[httpx.Response]) -> None:
    answer = await r
    assert answer.status_code == 200, answer.text


async def order_in(shop: Shop, status: OrderStatus) -> dict[str, Any]:
    """A fresh order of two units (of two items) in `status`."""
    tea, cup = await shop.product(5), await shop.product(5)
    order = await shop.order([(tea, 1), (cup, 1)])
    if status is S.PENDING:
        return order
    if status is S.CANCELLED:
        await _ok(shop.act(order["id"], "cancel", {"reason": "test"}))
        return order
    await _pay(shop, order)
    if status in (S.PARTIALLY_REFUNDED, S.REFUNDED):
        await _refund(shop, order, 1 if status is S.PARTIALLY_REFUNDED else order["total"])
    if status is S.PARTIALLY_FULFILLED:
        line = {"item_id": order["items"][0]["id"], "quantity": 1}
        await _ok(shop.act(order["id"], "fulfill", {"lines": [line]}))
    if status in (S.FULFILLED, S.COMPLETED):
        await _ok(shop.act(order["id"], "fulfill"))
    if status is S.COMPLETED:
        await _ok(shop.act(order["id"], "complete"))
    return order


# What each action would move the order to, from the state's point of view.
ACTIONS: dict[str, Callable[[OrderStatus], frozenset[OrderStatus]]] = {
    "pay": lambda _: frozenset({S.PAID}),
    "fulfill": lambda _: frozenset({S.PARTIALLY_FULFILLED, S.FULFILLED}),
    "complete": lambda _: frozenset({S.COMPLETED}),
    "cancel": lambda _: frozenset({S.CANCELLED}),
    "refund": lambda _: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
}


def allowed(status: OrderStatus, action: str) -> bool:
    if action == "refund":
        # Refunds need money paid: not from pending (nothing captured) nor the ends.
        return status in service.REFUNDABLE
    return bool(TRANSITIONS[status] & ACTIONS[action](status))


async def attempt(shop: Shop, order: dict[str, Any], action: str) -> str | None:
    """Run `action`; the error code it was refused with, or None."""
    if action in ("pay", "refund"):
        try:
            if action == "pay":
                await _pay(shop, order, 1)
            else:
                await _refund(shop, order, 1)
        except InvalidTransition as exc:
            return exc.code
        return None
    body = {"reason": "test"} if action == "cancel" else None
    r = await shop.act(order["id"], action, body)
    if r.status_code == 200:
        return None
    assert_problem(r, 409, "invalid_transition")
    return "invalid_transition"


ILLEGAL = [
    (status, action) for status in OrderStatus for action in ACTIONS if not allowed(status, action)
]


@pytest.mark.parametrize(("status", "action"), ILLEGAL, ids=lambda v: str(v))
async def test_an_illegal_transition_is_409_and_changes_nothing(
    shop: Shop, status: OrderStatus, action: str
) -> None:
    order = await order_in(shop, status)
    before = (await shop.get(order["id"])).json()
    levels = await shop.inv.levels()

    assert await attempt(shop, order, action) == "invalid_transition"

    assert (await shop.get(order["id"])).json() == before
    assert before["status"] == status.value
    assert await shop.inv.levels() == levels


def test_the_machine_is_the_one_the_contract_draws() -> None:
    assert TRANSITIONS[S.PENDING] == {S.PAID, S.CANCELLED}
    assert S.CANCELLED in TRANSITIONS[S.PAID]
    assert S.CANCELLED not in TRANSITIONS[S.PARTIALLY_FULFILLED]
    assert TRANSITIONS[S.FULFILLED] >= {S.COMPLETED}
    assert TRANSITIONS[S.REFUNDED] == frozenset()
    # A cancelled order that had been paid is refunded afterwards; nothing else.
    assert TRANSITIONS[S.CANCELLED] == {S.PARTIALLY_REFUNDED, S.REFUNDED}
    # Every state is reachable from pending.
    seen, todo = {S.PENDING}, [S.PENDING]
    while todo:
        for nxt in TRANSITIONS[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    assert seen == set(OrderStatus)


async def test_each_state_can_be_reached(shop: Shop) -> None:
    for status in OrderStatus:
        order = await order_in(shop, status)
        assert (await shop.get(order["id"])).json()["status"] == status.value
