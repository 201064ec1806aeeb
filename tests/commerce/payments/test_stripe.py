"""Payments through Stripe (its stand-in on loopback): charges, declines, refunds, a payment
waiting for the customer settled by the client's confirmation or by the webhook (once), and a
payment whose request died after the charge, finished by a retry or by the webhook without a
second charge."""

import uuid
from typing import Any

import orjson

from olympus.commerce.payments import service
from olympus.commerce.payments.components import PaymentComponents
from olympus.commerce.payments.flow import PROCESS_SCOPE
from olympus.commerce.payments.providers import StripeCardProcessor
from olympus.commerce.payments.schemas import PaymentCreate
from olympus.core import idempotency
from olympus.core.db import WriteUnitOfWork
from olympus.platform.rbac.authorization import Authorization
from tests.commerce.payments.conftest import Till
from tests.commerce.payments.payment_api import (
    SECRET_KEY,
    URL,
    deliver,
    stripe_event,
    use_stripe,
)
from tests.fixtures.problems import assert_problem
from tests.fixtures.stripe import FakeStripe

VISA = {"type": "card", "token": "pm_card_visa"}
THREE_D_SECURE = {"type": "card", "token": "pm_card_authenticationRequired"}


async def _processed(till: Till, payment_id: str) -> list[dict[str, Any]]:
    return [
        e
        for e in await till.inv.events_of("payment.processed")
        if e["data"]["payment_id"] == payment_id
    ]


async def _paid_events(till: Till, order_id: str) -> list[dict[str, Any]]:
    return [e for e in await till.inv.events_of("order.paid") if e["data"]["order_id"] == order_id]


async def test_stripe_charges_declines_and_refunds(till: Till, stripe_api: FakeStripe) -> None:
    await use_stripe(till.client, till.headers)
    order = await till.order(2500)
    declined = await till.pay(
        order["id"], 1000, {"type": "card", "token": "pm_card_chargeDeclinedInsufficientFunds"}
    )
    assert (declined.json()["status"], declined.json()["failure_code"]) == (
        "failed",
        "insufficient_funds",
    )
    r = await till.pay(order["id"], 2500, VISA)
    assert r.status_code == 201, r.text
    payment = r.json()
    assert (payment["status"], payment["processor"]) == ("succeeded", "stripe")
    intent = stripe_api.intents[payment["reference"]]
    assert (intent["amount"], intent["currency"]) == (2500, "eur")
    assert intent["metadata"]["payment_id"] == payment["id"]
    assert (await till.order_now(order["id"]))["status"] == "paid"

    r = await till.refund(payment["id"], 700)
    assert (r.status_code, r.json()["status"]) == (201, "succeeded")
    assert r.json()["reference"] in stripe_api.refunds
    assert (await till.order_now(order["id"]))["status"] == "partially_refunded"


async def test_a_payment_waiting_for_the_customer_is_settled_once(
    till: Till, stripe_api: FakeStripe
) -> None:
    await use_stripe(till.client, till.headers)
    order = await till.order(1800)
    r = await till.pay(order["id"], 1800, THREE_D_SECURE)
    assert (r.status_code, r.json()["status"]) == (201, "pending")
    payment = r.json()
    assert (await till.order_now(order["id"]))["status"] == "pending"
    # Still owed while it is in flight: nothing more may be taken.
    assert_problem(await till.pay(order["id"], 1, VISA), 409, "payment_exceeds_balance")

    confirm = f"{URL}/{payment['id']}/confirm"
    r = await till.client.post(confirm, headers=till.headers)
    assert r.json()["status"] == "pending"  # the customer has not finished yet
    stripe_api.authenticate(payment["reference"])
    r = await till.client.post(confirm, headers=till.headers)
    assert (r.status_code, r.json()["status"]) == (200, "succeeded")
    assert (await till.order_now(order["id"]))["status"] == "paid"

    # Stripe's webhook brings the same news afterwards: nothing more happens.
    intent = {**stripe_api.intents[payment["reference"]], "object": "payment_intent"}
    r = await deliver(
        till.client, till.inv.tenant.id, stripe_event("payment_intent.succeeded", intent)
    )
    assert r.json() == {"received": True, "duplicate": False}
    assert [e["data"]["status"] for e in await _processed(till, payment["id"])] == ["succeeded"]
    assert len(await _paid_events(till, order["id"])) == 1


async def test_the_webhook_settles_a_pending_payment(till: Till, stripe_api: FakeStripe) -> None:
    await use_stripe(till.client, till.headers)
    order = await till.order(1200)
    payment = (await till.pay(order["id"], 1200, THREE_D_SECURE)).json()
    stripe_api.authenticate(payment["reference"])
    intent = {**stripe_api.intents[payment["reference"]], "object": "payment_intent"}
    payload = stripe_event("payment_intent.succeeded", intent)
    r = await deliver(till.client, till.inv.tenant.id, payload)
    assert r.status_code == 200, r.text
    assert (await till.order_now(order["id"]))["status"] == "paid"
    r = await deliver(till.client, till.inv.tenant.id, payload)  # a replay
    assert r.json()["duplicate"] is True
    r = await till.client.post(f"{URL}/{payment['id']}/confirm", headers=till.headers)
    assert r.json()["status"] == "succeeded"
    assert len(await _processed(till, payment["id"])) == 1
    assert len(await _paid_events(till, order["id"])) == 1
    (audit,) = [
        a for a in await till.inv.audit("payment.processed") if a.target_id == payment["id"]
    ]
    assert audit.actor_id is None  # Stripe did it


async def test_a_failed_intent_by_webhook_fails_the_payment(
    till: Till, stripe_api: FakeStripe
) -> None:
    await use_stripe(till.client, till.headers)
    order = await till.order(1200)
    payment = (await till.pay(order["id"], 1200, THREE_D_SECURE)).json()
    intent = {
        "id": payment["reference"],
        "object": "payment_intent",
        "status": "requires_payment_method",
        "metadata": {"payment_id": payment["id"]},
        "last_payment_error": {"code": "card_declined", "decline_code": "do_not_honor"},
    }
    r = await deliver(
        till.client, till.inv.tenant.id, stripe_event("payment_intent.payment_failed", intent)
    )
    assert r.status_code == 200, r.text
    r = await till.client.get(f"{URL}/{payment['id']}", headers=till.headers)
    assert (r.json()["status"], r.json()["failure_code"]) == ("failed", "do_not_honor")
    # The balance is free again.
    assert (await till.pay(order["id"], 1200, VISA)).json()["status"] == "succeeded"


async def test_an_unreachable_stripe_leaves_the_payment_pending_for_a_retry(
    till: Till, stripe_api: FakeStripe
) -> None:
    await use_stripe(till.client, till.headers)
    order = await till.order(900)
    components: PaymentComponents = till.inv.app.state.payments
    key = f"k-{uuid.uuid4()}"
    components.stripe_api_base = "http://127.0.0.1:9"  # nothing listens there
    try:
        r = await till.pay(order["id"], 900, VISA, key=key)
    finally:
        components.stripe_api_base = stripe_api.url
    assert_problem(r, 503, "payment_processor_unavailable")
    (pending,) = await till.stored.payments(order["id"])
    assert pending.status == "pending"
    r = await till.pay(order["id"], 900, VISA, key=key)
    assert (r.status_code, r.json()["id"], r.json()["status"]) == (
        201,
        str(pending.id),
        "succeeded",
    )
    assert len(stripe_api.intents) == 1
    assert (await till.order_now(order["id"]))["status"] == "paid"


async def _crash_after_the_charge(till: Till, stripe_api: FakeStripe, key: str) -> dict[str, Any]:
    """What a request leaves when its process dies after Stripe charged the card: the key
    claimed with no answer, the payment pending, the intent succeeded at Stripe."""
    order = await till.order(1100)
    body = PaymentCreate.model_validate({"order_id": order["id"], "amount": 1100, "method": VISA})
    fingerprint = idempotency.request_hash({"path": {}, "body": body.model_dump(mode="json")})

    async def first_step(uow: WriteUnitOfWork) -> Any:
        await idempotency.begin(uow, key=key, scope=PROCESS_SCOPE, request_hash=fingerprint)
        return await service.start_payment(
            uow,
            order_id=body.order_id,
            amount=1100,
            method=body.method,
            authz=_everything(),
            processor="stripe",
            idempotency_key=key,
        )

    payment = await till.inv.write(first_step)
    await StripeCardProcessor(SECRET_KEY, api_base=stripe_api.url).charge(
        amount=1100,
        currency="EUR",
        token="pm_card_visa",
        idempotency_key=f"payment-{payment.id}",
        metadata={
            "payment_id": str(payment.id),
            "order_id": order["id"],
            "tenant_id": str(till.inv.tenant.id),
        },
    )
    return {"order": order, "payment_id": str(payment.id)}


def _everything() -> Authorization:
    return Authorization(permissions=frozenset({"payments:process", "orders:read"}))


async def test_a_retry_finishes_a_payment_whose_request_died_after_the_charge(
    till: Till, stripe_api: FakeStripe
) -> None:
    await use_stripe(till.client, till.headers)
    key = f"k-{uuid.uuid4()}"
    crashed = await _crash_after_the_charge(till, stripe_api, key)
    order = crashed["order"]
    # At once: the first request might still be running.
    r = await till.pay(order["id"], 1100, VISA, key=key)
    assert_problem(r, 409, "idempotency_in_progress")
    till.inv.clock.advance(seconds=31)
    r = await till.pay(order["id"], 1100, VISA, key=key)
    assert r.status_code == 201, r.text
    assert (r.json()["id"], r.json()["status"]) == (crashed["payment_id"], "succeeded")
    assert len(stripe_api.intents) == 1  # the same charge, not a second one
    assert (await till.order_now(order["id"]))["status"] == "paid"
    again = await till.pay(order["id"], 1100, VISA, key=key)
    assert again.content == r.content


async def test_the_webhook_finishes_a_payment_whose_request_died(
    till: Till, stripe_api: FakeStripe
) -> None:
    await use_stripe(till.client, till.headers)
    key = f"k-{uuid.uuid4()}"
    crashed = await _crash_after_the_charge(till, stripe_api, key)
    (intent,) = stripe_api.intents.values()
    payload = stripe_event("payment_intent.succeeded", {**intent, "object": "payment_intent"})
    r = await deliver(till.client, till.inv.tenant.id, payload)
    assert r.status_code == 200, r.text
    assert (await till.order_now(crashed["order"]["id"]))["status"] == "paid"
    # The client's retry gets the answer the webhook stored, no second charge.
    r = await till.pay(crashed["order"]["id"], 1100, VISA, key=key)
    assert (r.status_code, r.headers.get("Idempotent-Replayed")) == (201, "true")
    assert orjson.loads(r.content)["status"] == "succeeded"
    assert len(stripe_api.intents) == 1
    assert len(stripe_api.calls) == 1
