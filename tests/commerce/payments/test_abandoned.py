"""Card payments left pending are swept once past PAYMENT_PENDING_TIMEOUT_SECONDS: the
processor is asked where the charge stands; captured (the customer finished, the webhook was
lost) it succeeds through the webhook's path and pays the order once; otherwise the charge is
cancelled at the processor and the payment fails with `abandoned`, its amount free again. A
webhook and confirmations racing the sweep settle the payment once. The sweep's audit rows
have no actor."""

import asyncio
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from olympus.commerce.payments import service
from olympus.commerce.payments.flow import PROCESS_SCOPE
from olympus.commerce.payments.schemas import PaymentCreate
from olympus.commerce.payments.sweeper import REQUEST_ID, PendingPaymentSweeper
from olympus.core import idempotency
from olympus.core.db import WriteUnitOfWork
from tests.commerce.payments.conftest import Till
from tests.commerce.payments.payment_api import URL, deliver, stripe_event, use_stripe
from tests.commerce.payments.test_stripe import _crash_after_the_charge, _everything
from tests.fixtures.stripe import FakeStripe

VISA = {"type": "card", "token": "pm_card_visa"}
THREE_D_SECURE = {"type": "card", "token": "pm_card_authenticationRequired"}
# The suite's app keeps the default timeout (an hour); the tests shorten it to a minute, so
# that their clock moves no further than the signed-in owner's token lives.
TIMEOUT_SECONDS = 60


@pytest.fixture
def sweeper(app: FastAPI, stripe_api: FakeStripe) -> Iterator[PendingPaymentSweeper]:
    """The app's sweeper with a one-minute timeout; its Stripe calls go to the stand-in
    (it also sweeps what earlier tests left pending, in their tenants)."""
    found: PendingPaymentSweeper = app.state.payment_sweeper
    before = found.pending_timeout
    found.pending_timeout = timedelta(seconds=TIMEOUT_SECONDS)
    try:
        yield found
    finally:
        found.pending_timeout = before


async def _payment(till: Till, payment_id: str) -> dict[str, Any]:
    r = await till.client.get(f"{URL}/{payment_id}", headers=till.headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def _processed(till: Till, payment_id: str) -> list[dict[str, Any]]:
    events = await till.inv.events_of("payment.processed")
    return [e["data"] for e in events if e["data"]["payment_id"] == payment_id]


async def _paid(till: Till, order_id: str) -> list[dict[str, Any]]:
    return [e for e in await till.inv.events_of("order.paid") if e["data"]["order_id"] == order_id]


def test_the_timeout_is_a_setting(app: FastAPI) -> None:
    settings = app.state.settings
    assert settings.payment_pending_timeout_seconds == 3600  # the default
    found: PendingPaymentSweeper = app.state.payment_sweeper
    assert found.pending_timeout == timedelta(seconds=3600)
    assert found._task is None  # PAYMENT_SWEEP_SECONDS=0 in the suite: not in the background


async def test_a_payment_the_customer_never_completed_is_cancelled_and_fails(
    till: Till, stripe_api: FakeStripe, sweeper: PendingPaymentSweeper
) -> None:
    await use_stripe(till.client, till.headers)
    order = await till.order(1600)
    payment = (await till.pay(order["id"], 1600, THREE_D_SECURE)).json()
    assert payment["status"] == "pending"

    till.inv.clock.advance(seconds=TIMEOUT_SECONDS - 5)
    await sweeper.sweep()
    assert (await _payment(till, payment["id"]))["status"] == "pending"  # not yet
    assert stripe_api.intents[payment["reference"]]["status"] == "requires_action"

    till.inv.clock.advance(seconds=10)
    await sweeper.sweep()
    swept = await _payment(till, payment["id"])
    assert (swept["status"], swept["failure_code"]) == ("failed", "abandoned")
    intent = stripe_api.intents[payment["reference"]]
    assert (intent["status"], intent["cancellation_reason"]) == ("canceled", "abandoned")
    (event,) = await _processed(till, payment["id"])
    assert (event["status"], event["failure_code"]) == ("failed", "abandoned")
    (audit,) = [
        a for a in await till.inv.audit("payment.processed") if a.target_id == payment["id"]
    ]
    assert (audit.actor_id, audit.request_id) == (None, REQUEST_ID)
    assert (await till.order_now(order["id"]))["status"] == "pending"
    # Its amount is no longer held: the customer pays with another card.
    assert (await till.pay(order["id"], 1600, VISA)).json()["status"] == "succeeded"
    await sweeper.sweep()  # nothing more to do for it
    assert len(await _processed(till, payment["id"])) == 1


async def test_a_payment_captured_without_its_webhook_succeeds_and_pays_the_order(
    till: Till, stripe_api: FakeStripe, sweeper: PendingPaymentSweeper
) -> None:
    await use_stripe(till.client, till.headers)
    order = await till.order(1300)
    payment = (await till.pay(order["id"], 1300, THREE_D_SECURE)).json()
    stripe_api.authenticate(payment["reference"])  # the webhook never arrives
    till.inv.clock.advance(seconds=TIMEOUT_SECONDS + 1)
    await sweeper.sweep()

    assert (await _payment(till, payment["id"]))["status"] == "succeeded"
    assert (await till.order_now(order["id"]))["status"] == "paid"
    assert len(await _paid(till, order["id"])) == 1
    assert f"/v1/payment_intents/{payment['reference']}/cancel" not in dict(stripe_api.calls)
    # Stripe's late delivery changes nothing.
    intent = {**stripe_api.intents[payment["reference"]], "object": "payment_intent"}
    r = await deliver(
        till.client, till.inv.tenant.id, stripe_event("payment_intent.succeeded", intent)
    )
    assert r.status_code == 200, r.text
    assert len(await _processed(till, payment["id"])) == 1
    assert len(await _paid(till, order["id"])) == 1


async def test_a_payment_whose_request_died_is_found_by_its_id_and_finished(
    till: Till, stripe_api: FakeStripe, sweeper: PendingPaymentSweeper
) -> None:
    """No processor answer stored: the charge is looked up by the payment id in its
    metadata; the answer is stored under the request's key for its retry."""
    await use_stripe(till.client, till.headers)
    key = f"k-{uuid.uuid4()}"
    crashed = await _crash_after_the_charge(till, stripe_api, key)
    (row,) = await till.stored.payments(crashed["order"]["id"])
    assert (row.status, row.reference) == ("pending", None)
    till.inv.clock.advance(seconds=TIMEOUT_SECONDS + 1)
    await sweeper.sweep()

    swept = await _payment(till, crashed["payment_id"])
    (intent,) = stripe_api.intents.values()
    assert (swept["status"], swept["reference"]) == ("succeeded", intent["id"])
    assert (await till.order_now(crashed["order"]["id"]))["status"] == "paid"
    r = await till.pay(crashed["order"]["id"], 1100, VISA, key=key)
    assert (r.status_code, r.headers.get("Idempotent-Replayed")) == (201, "true")
    assert r.json()["status"] == "succeeded"
    assert len(stripe_api.intents) == 1


async def test_a_test_processor_payment_without_a_charge_fails(
    till: Till, stripe_api: FakeStripe, sweeper: PendingPaymentSweeper
) -> None:
    """The test processor keeps nothing: a payment whose request died before it answered
    was never charged, and fails; a retry of that request gets the failure."""
    order = await till.order(1100)
    key = f"k-{uuid.uuid4()}"
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
            processor="test",
            idempotency_key=key,
        )

    payment = await till.inv.write(first_step)
    till.inv.clock.advance(seconds=TIMEOUT_SECONDS + 1)
    await sweeper.sweep()
    swept = await _payment(till, str(payment.id))
    assert (swept["status"], swept["failure_code"]) == ("failed", "abandoned")
    r = await till.pay(order["id"], 1100, VISA, key=key)
    assert (r.status_code, r.json()["status"]) == (201, "failed")  # the stored answer


async def test_the_sweep_racing_the_webhook_and_confirmations_settles_once(
    till: Till, stripe_api: FakeStripe, sweeper: PendingPaymentSweeper
) -> None:
    """On PostgreSQL they really race on the order's and the payment's rows."""
    await use_stripe(till.client, till.headers)
    order = await till.order(2700)
    payment = (await till.pay(order["id"], 2700, THREE_D_SECURE)).json()
    stripe_api.authenticate(payment["reference"])
    till.inv.clock.advance(seconds=TIMEOUT_SECONDS + 1)
    intent = {**stripe_api.intents[payment["reference"]], "object": "payment_intent"}
    confirm = f"{URL}/{payment['id']}/confirm"
    calls: list[Any] = [sweeper.sweep(), sweeper.sweep()]
    for _ in range(5):
        calls.append(till.client.post(confirm, headers=till.headers))
        calls.append(
            deliver(
                till.client,
                till.inv.tenant.id,
                stripe_event("payment_intent.succeeded", intent),
            )
        )
    answers = await asyncio.gather(*calls)

    responses = [a for a in answers if isinstance(a, httpx.Response)]
    assert [r.status_code for r in responses] == [200] * 10, [r.text for r in responses]
    (row,) = await till.stored.payments(order["id"])
    assert row.status == "succeeded"
    assert len(await _processed(till, payment["id"])) == 1
    assert len(await _paid(till, order["id"])) == 1
    assert (await till.order_now(order["id"]))["status"] == "paid"
    assert f"/v1/payment_intents/{payment['reference']}/cancel" not in dict(stripe_api.calls)
