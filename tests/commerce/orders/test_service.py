"""The functions carts and payments call: `create_order` (with a cart), `payable_order`,
`record_payment` and `record_refund`, with their refusals."""

import uuid
from typing import Any

import pytest

from olympus.commerce.orders import service
from olympus.commerce.orders.errors import (
    InvalidTransition,
    OrderAlreadyExists,
    OrderNotFound,
    PaymentExceedsBalance,
    RefundExceedsCaptured,
)
from olympus.commerce.orders.schemas import OrderLineRequest
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.errors import DomainError
from tests.commerce.orders.conftest import Shop


async def _call(shop: Shop, name: str, order_id: str | uuid.UUID, **kwargs: Any) -> Any:
    async def work(uow: WriteUnitOfWork) -> Any:
        return await getattr(service, name)(uow, uuid.UUID(str(order_id)), **kwargs)

    return await shop.inv.write(work)


async def pay(shop: Shop, order_id: str, amount: int, payment_id: uuid.UUID | None = None) -> Any:
    return await _call(
        shop,
        "record_payment",
        order_id,
        payment_id=payment_id or uuid.uuid4(),
        amount=amount,
        method="card",
    )


async def refund(shop: Shop, order_id: str, amount: int) -> Any:
    return await _call(
        shop,
        "record_refund",
        order_id,
        refund_id=uuid.uuid4(),
        payment_id=uuid.uuid4(),
        amount=amount,
    )


async def refused(call: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        await call
    return caught.value


async def test_split_payments_make_the_order_paid_when_they_cover_it(shop: Shop) -> None:
    tea = await shop.product(5, price=1000)
    order = await shop.order([(tea, 3)])
    first = await pay(shop, order["id"], 1000)
    assert (first.status, first.paid_total) == ("pending", 1000)
    assert await shop.inv.events_of("order.paid") == []

    over = await refused(pay(shop, order["id"], 2001))
    assert isinstance(over, PaymentExceedsBalance)
    assert (over.status, over.code) == (409, "payment_exceeds_balance")

    second = await pay(shop, order["id"], 2000)
    assert (second.status, second.paid_total, second.total) == ("paid", 3000, 3000)
    assert second.number == order["number"] and second.currency == "EUR"
    (event,) = await shop.inv.events_of("order.paid")
    assert event["data"]["order_id"] == order["id"]
    payments = [e for e in await shop.timeline_rows() if e.kind == "payment"]
    assert [e.data["amount"] for e in payments] == [1000, 2000]
    assert {e.data["method"] for e in payments} == {"card"}
    assert len(await shop.inv.audit("order.payment_recorded")) == 2
    assert len(await shop.inv.audit("order.paid")) == 1

    again = await refused(pay(shop, order["id"], 1))
    assert isinstance(again, InvalidTransition) and again.code == "invalid_transition"


async def test_refunds_never_pass_what_was_paid(shop: Shop) -> None:
    tea = await shop.product(5, price=1000)
    order = await shop.order([(tea, 2)])
    await pay(shop, order["id"], 2000)

    part = await refund(shop, order["id"], 500)
    assert (part.status, part.refunded_total) == ("partially_refunded", 500)
    over = await refused(refund(shop, order["id"], 1501))
    assert isinstance(over, RefundExceedsCaptured)
    assert (over.status, over.code) == (409, "refund_exceeds_captured")
    rest = await refund(shop, order["id"], 1500)
    assert (rest.status, rest.refunded_total, rest.paid_total) == ("refunded", 2000, 2000)

    events = await shop.inv.events_of("order.refunded")
    assert [e["data"]["amount"] for e in events] == [500, 1500]
    assert [e.kind for e in await shop.timeline_rows()].count("refund") == 2
    after_all = await refused(refund(shop, order["id"], 1))
    assert after_all.code == "invalid_transition"


async def test_a_pending_order_has_nothing_to_refund(shop: Shop) -> None:
    tea = await shop.product(5)
    order = await shop.order([(tea, 1)])
    assert (await refused(refund(shop, order["id"], 1))).code == "invalid_transition"
    assert (await refused(refund(shop, order["id"], 0))).code == "invalid_amount"


async def test_a_refund_after_fulfilment_keeps_the_stock_sold(shop: Shop) -> None:
    tea = await shop.product(5, price=1000)
    order = await shop.paid_order([(tea, 2)])
    await shop.act(order["id"], "fulfill")
    answer = await refund(shop, order["id"], 1000)
    assert answer.status == "partially_refunded"
    assert await shop.inv.levels() == {(tea, shop.location): (3, 0)}


async def test_payable_order_reads_and_locks(shop: Shop) -> None:
    tea = await shop.product(5, price=700)
    order = await shop.order([(tea, 1)])

    async def read(uow: ReadUnitOfWork) -> Any:
        return await service.payable_order(uow, uuid.UUID(order["id"]))

    async def locked(uow: WriteUnitOfWork) -> Any:
        return await service.payable_order(uow, uuid.UUID(order["id"]), lock=True)

    for answer in (await shop.inv.read(read), await shop.inv.write(locked)):
        assert answer == service.PayableOrder(
            id=uuid.UUID(order["id"]),
            number=order["number"],
            location_id=uuid.UUID(shop.location),
            customer_id=None,
            status="pending",
            currency="EUR",
            total=700,
            paid_total=0,
            refunded_total=0,
        )

    async def missing(uow: ReadUnitOfWork) -> Any:
        return await service.payable_order(uow, uuid.uuid4())

    assert isinstance(await refused(shop.inv.read(missing)), OrderNotFound)


async def test_a_cart_becomes_one_order_only(shop: Shop) -> None:
    tea = await shop.product(5, price=500)
    customer = uuid.UUID(await shop.customer())
    cart = uuid.uuid4()

    async def checkout(uow: WriteUnitOfWork) -> Any:
        return await service.create_order(
            uow,
            location_id=uuid.UUID(shop.location),
            customer_id=customer,
            lines=[OrderLineRequest(uuid.UUID(tea), 2)],
            channel="online",
            cart_id=cart,
        )

    order = await shop.inv.write(checkout)
    assert (order.channel, order.cart_id, order.customer_id) == ("online", cart, customer)
    assert order.status == "pending" and order.total == 1000
    second = await refused(shop.inv.write(checkout))
    assert isinstance(second, OrderAlreadyExists)
    assert (second.status, second.code) == (409, "cart_already_checked_out")
    assert len(await shop.orders()) == 1
    assert await shop.inv.levels() == {(tea, shop.location): (5, 2)}


async def test_other_tenants_orders_are_not_found_by_the_service(
    shop: Shop, other_shop: Shop
) -> None:
    tea = await shop.product(5)
    order = await shop.order([(tea, 1)])
    missing = await refused(pay(other_shop, order["id"], 1))
    assert isinstance(missing, OrderNotFound)
    assert (await shop.get(order["id"])).json()["paid_total"] == 0
