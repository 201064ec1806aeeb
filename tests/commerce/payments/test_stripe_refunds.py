"""Refunds made in Stripe's dashboard reach the service by Stripe's webhook (`refund.created`
and `refund.updated`, or `charge.refunded` listing the charge's refunds in API versions that
still do): each succeeded refund of a payment here becomes a refund of that payment once, by
Stripe's refund id, never above what the payment has left, and moves its order to
`partially_refunded` or `refunded`. A refund asked through the API names itself in its
metadata, so its own webhook settles it instead of recording a second one."""

import asyncio
import uuid
from typing import Any

from olympus.commerce.payments import service
from olympus.commerce.payments.models import PaymentRefund
from olympus.commerce.payments.providers import StripeCardProcessor
from olympus.core.db import WriteUnitOfWork
from olympus.platform.rbac.authorization import Authorization
from tests.commerce.payments.conftest import Till
from tests.commerce.payments.payment_api import SECRET_KEY, deliver, stripe_event, use_stripe
from tests.fixtures.stripe import FakeStripe

VISA = {"type": "card", "token": "pm_card_visa"}


async def _paid_by_stripe(till: Till, price: int) -> tuple[dict[str, Any], dict[str, Any]]:
    await use_stripe(till.client, till.headers)
    order = await till.order(price)
    r = await till.pay(order["id"], price, VISA)
    assert (r.status_code, r.json()["status"]) == (201, "succeeded"), r.text
    return order, r.json()


def _dashboard_refund(
    intent_id: str, amount: int, status: str = "succeeded", refund_id: str | None = None
) -> dict[str, Any]:
    return {
        "id": refund_id or f"re_dash_{uuid.uuid4().hex[:10]}",
        "object": "refund",
        "amount": amount,
        "currency": "eur",
        "payment_intent": intent_id,
        "status": status,
        "metadata": {},
    }


async def _send(till: Till, event_type: str, obj: dict[str, Any]) -> None:
    r = await deliver(till.client, till.inv.tenant.id, stripe_event(event_type, obj))
    assert (r.status_code, r.json()["duplicate"]) == (200, False), r.text


async def _refunds_of(till: Till, payment_id: str) -> list[PaymentRefund]:
    return [r for r in await till.stored.refunds() if str(r.payment_id) == payment_id]


async def _refunded_events(till: Till, payment_id: str) -> list[dict[str, Any]]:
    events = await till.inv.events_of("payment.refunded")
    return [e["data"] for e in events if e["data"]["payment_id"] == payment_id]


async def test_a_dashboard_refund_is_recorded_once_and_moves_the_order(
    till: Till, stripe_api: FakeStripe
) -> None:
    order, payment = await _paid_by_stripe(till, 2500)
    first = _dashboard_refund(payment["reference"], 700)
    await _send(till, "refund.created", first)
    await _send(till, "refund.updated", first)  # the same refund again: nothing more

    (row,) = await _refunds_of(till, payment["id"])
    assert (row.status, row.amount, row.reference, row.created_by) == (
        "succeeded",
        700,
        first["id"],
        None,
    )
    now = await till.order_now(order["id"])
    assert (now["status"], now["refunded_total"]) == ("partially_refunded", 700)
    (event,) = await _refunded_events(till, payment["id"])
    assert (event["amount"], event["refunded_amount"], event["status"]) == (700, 700, "succeeded")
    (audit,) = [a for a in await till.inv.audit("payment.refunded") if a.target_id == payment["id"]]
    assert audit.actor_id is None  # Stripe did it

    await _send(till, "refund.created", _dashboard_refund(payment["reference"], 1800))
    now = await till.order_now(order["id"])
    assert (now["status"], now["refunded_total"]) == ("refunded", 2500)
    assert len(await _refunded_events(till, payment["id"])) == 2
    r = await till.client.get(f"/api/v1/payments/{payment['id']}", headers=till.headers)
    assert r.json()["refunded_amount"] == 2500


async def test_a_pending_refund_is_recorded_once_it_succeeds(
    till: Till, stripe_api: FakeStripe
) -> None:
    order, payment = await _paid_by_stripe(till, 1000)
    refund = _dashboard_refund(payment["reference"], 400, status="pending")
    await _send(till, "refund.created", refund)
    assert await _refunds_of(till, payment["id"]) == []
    await _send(till, "refund.updated", {**refund, "status": "succeeded"})
    (row,) = await _refunds_of(till, payment["id"])
    assert (row.status, row.amount) == ("succeeded", 400)
    # A refund that fails at Stripe records nothing.
    await _send(till, "refund.updated", _dashboard_refund(payment["reference"], 100, "failed"))
    assert len(await _refunds_of(till, payment["id"])) == 1
    assert (await till.order_now(order["id"]))["refunded_total"] == 400


async def test_never_above_what_the_payment_has_left(till: Till, stripe_api: FakeStripe) -> None:
    order, payment = await _paid_by_stripe(till, 1000)
    await _send(till, "refund.created", _dashboard_refund(payment["reference"], 1001))
    assert await _refunds_of(till, payment["id"]) == []
    assert (await till.order_now(order["id"]))["status"] == "paid"
    # An intent no payment here was made with: acknowledged, nothing recorded.
    await _send(till, "refund.created", _dashboard_refund("pi_unknown", 100))
    assert await _refunds_of(till, payment["id"]) == []


async def test_charge_refunded_with_its_refunds_listed(till: Till, stripe_api: FakeStripe) -> None:
    order, payment = await _paid_by_stripe(till, 1500)
    listed = _dashboard_refund(payment["reference"], 500)
    del listed["payment_intent"]  # the charge says which intent
    charge = {
        "id": "ch_legacy",
        "object": "charge",
        "payment_intent": payment["reference"],
        "amount_refunded": 500,
        "refunds": {"object": "list", "data": [listed]},
    }
    await _send(till, "charge.refunded", charge)
    await _send(till, "refund.created", {**listed, "payment_intent": payment["reference"]})
    (row,) = await _refunds_of(till, payment["id"])
    assert (row.amount, row.reference) == (500, listed["id"])
    # Without the list (today's API versions), `charge.refunded` changes nothing by itself.
    await _send(till, "charge.refunded", {**charge, "refunds": None})
    assert len(await _refunds_of(till, payment["id"])) == 1
    assert (await till.order_now(order["id"]))["status"] == "partially_refunded"


async def test_the_webhook_of_a_refund_asked_here_records_no_second_one(
    till: Till, stripe_api: FakeStripe
) -> None:
    order, payment = await _paid_by_stripe(till, 2000)
    r = await till.refund(payment["id"], 600)
    assert (r.status_code, r.json()["status"]) == (201, "succeeded"), r.text
    sent = stripe_api.refunds[r.json()["reference"]]
    assert sent["metadata"]["refund_id"] == r.json()["id"]
    await _send(till, "refund.created", sent)
    (row,) = await _refunds_of(till, payment["id"])
    assert str(row.id) == r.json()["id"]
    assert len(await _refunded_events(till, payment["id"])) == 1
    assert (await till.order_now(order["id"]))["refunded_total"] == 600


async def test_the_webhook_settles_a_refund_whose_request_died(
    till: Till, stripe_api: FakeStripe
) -> None:
    """The refund's request died after Stripe refunded: its webhook settles the refund the
    request wrote, not a second one."""
    order, payment = await _paid_by_stripe(till, 2000)

    async def first_step(uow: WriteUnitOfWork) -> Any:
        refund, _ = await service.start_refund(
            uow,
            uuid.UUID(payment["id"]),
            amount=800,
            authz=Authorization(permissions=frozenset({"payments:refund", "orders:read"})),
            idempotency_key=None,
        )
        return refund

    pending = await till.inv.write(first_step)
    answer = await StripeCardProcessor(SECRET_KEY, api_base=stripe_api.url).refund(
        reference=payment["reference"],
        amount=800,
        idempotency_key=f"refund-{pending.id}",
        metadata={"refund_id": str(pending.id), "payment_id": payment["id"]},
    )
    assert answer.reference is not None
    await _send(till, "refund.created", stripe_api.refunds[answer.reference])
    (row,) = await _refunds_of(till, payment["id"])
    assert (row.id, row.status, row.reference) == (pending.id, "succeeded", answer.reference)
    now = await till.order_now(order["id"])
    assert (now["status"], now["refunded_total"]) == ("partially_refunded", 800)


async def test_deliveries_of_one_refund_at_once_record_it_once(
    till: Till, stripe_api: FakeStripe
) -> None:
    """On PostgreSQL the deliveries really race on the order's and the payment's rows."""
    order, payment = await _paid_by_stripe(till, 3000)
    refund = _dashboard_refund(payment["reference"], 1200)
    calls = [
        deliver(till.client, till.inv.tenant.id, stripe_event(kind, refund))
        for _ in range(5)
        for kind in ("refund.created", "refund.updated")
    ]
    answers = await asyncio.gather(*calls)
    assert [a.status_code for a in answers] == [200] * 10, [a.text for a in answers]
    (row,) = await _refunds_of(till, payment["id"])
    assert row.amount == 1200
    assert len(await _refunded_events(till, payment["id"])) == 1
    assert (await till.order_now(order["id"]))["refunded_total"] == 1200
