"""The card processors: the test processor's answers by token, and the Stripe adapter against
a stand-in of Stripe's API on loopback (charges, declines, pending intents, idempotent retries,
refunds never above what was captured) and its webhook signature check."""

import hashlib
import hmac
import json
import time

import pytest
import stripe

from olympus.commerce.payments.providers import (
    Outcome,
    StripeCardProcessor,
    TestCardProcessor,
    verify_stripe_event,
)
from tests.fixtures.stripe import FakeStripe

META = {"order_id": "o-1"}


@pytest.mark.parametrize(
    ("token", "outcome", "code"),
    [
        ("tok_visa", Outcome.SUCCEEDED, None),
        ("tok_declined", Outcome.FAILED, "card_declined"),
        ("tok_insufficient_funds", Outcome.FAILED, "insufficient_funds"),
        ("tok_made_up", Outcome.FAILED, "invalid_token"),
    ],
)
async def test_the_test_processor_answers_by_token(
    token: str, outcome: Outcome, code: str | None
) -> None:
    answer = await TestCardProcessor().charge(
        amount=500, currency="EUR", token=token, idempotency_key="k1", metadata=META
    )
    assert (answer.outcome, answer.failure_code) == (outcome, code)
    refund = await TestCardProcessor().refund(
        reference=answer.reference or "", amount=100, idempotency_key="r1"
    )
    assert refund.outcome is Outcome.SUCCEEDED


async def test_stripe_charges_and_refunds(fake_stripe: FakeStripe) -> None:
    processor = StripeCardProcessor("sk_test_123", api_base=fake_stripe.url)
    answer = await processor.charge(
        amount=1250, currency="EUR", token="pm_card_visa", idempotency_key="k1", metadata=META
    )
    assert answer.outcome is Outcome.SUCCEEDED
    intent = fake_stripe.intents[answer.reference or ""]
    assert (intent["amount"], intent["currency"], intent["metadata"]) == (1250, "eur", META)

    refund = await processor.refund(reference=intent["id"], amount=250, idempotency_key="r1")
    assert refund.outcome is Outcome.SUCCEEDED and refund.reference
    too_much = await processor.refund(reference=intent["id"], amount=1001, idempotency_key="r2")
    assert (too_much.outcome, too_much.failure_code) == (Outcome.FAILED, "amount_too_large")


async def test_a_stripe_decline_is_a_failed_payment_with_its_code(fake_stripe: FakeStripe) -> None:
    processor = StripeCardProcessor("sk_test_123", api_base=fake_stripe.url)
    answer = await processor.charge(
        amount=900,
        currency="USD",
        token="pm_card_chargeDeclinedInsufficientFunds",
        idempotency_key="k2",
        metadata=META,
    )
    assert (answer.outcome, answer.failure_code) == (Outcome.FAILED, "insufficient_funds")
    assert answer.reference in fake_stripe.intents


async def test_an_intent_that_needs_the_customer_is_pending(fake_stripe: FakeStripe) -> None:
    processor = StripeCardProcessor("sk_test_123", api_base=fake_stripe.url)
    answer = await processor.charge(
        amount=900,
        currency="USD",
        token="pm_card_authenticationRequired",
        idempotency_key="k3",
        metadata=META,
    )
    assert answer.outcome is Outcome.PENDING


async def test_a_retried_charge_is_one_charge_at_stripe(fake_stripe: FakeStripe) -> None:
    processor = StripeCardProcessor("sk_test_123", api_base=fake_stripe.url)
    answers = [
        await processor.charge(
            amount=700, currency="EUR", token="pm_card_visa", idempotency_key="same", metadata=META
        )
        for _ in range(3)
    ]
    assert len({a.reference for a in answers}) == 1
    assert len(fake_stripe.intents) == 1


def _signature(payload: bytes, secret: str, at: int) -> str:
    mac = hmac.new(secret.encode(), f"{at}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={at},v1={mac}"


def test_a_webhook_event_is_read_only_with_a_fresh_valid_signature() -> None:
    secret = "whsec_test"
    body = {"id": "evt_1", "object": "event", "type": "payment_intent.succeeded", "data": {}}
    payload = json.dumps(body).encode()
    now = int(time.time())
    event = verify_stripe_event(payload, _signature(payload, secret, now), secret)
    assert event.id == "evt_1"

    with pytest.raises(stripe.SignatureVerificationError):
        verify_stripe_event(payload, _signature(payload, "whsec_other", now), secret)
    with pytest.raises(stripe.SignatureVerificationError):
        verify_stripe_event(payload + b" ", _signature(payload, secret, now), secret)
    with pytest.raises(stripe.SignatureVerificationError):  # a replay of an old delivery
        verify_stripe_event(payload, _signature(payload, secret, now - 600), secret)
    with pytest.raises(stripe.SignatureVerificationError):
        verify_stripe_event(payload, None, secret)


async def test_stripe_tells_where_a_pending_intent_stands(fake_stripe: FakeStripe) -> None:
    processor = StripeCardProcessor("sk_test_123", api_base=fake_stripe.url)
    answer = await processor.charge(
        amount=900,
        currency="USD",
        token="pm_card_authenticationRequired",
        idempotency_key="k4",
        metadata=META,
    )
    assert answer.outcome is Outcome.PENDING and answer.reference
    assert (await processor.status(reference=answer.reference)).outcome is Outcome.PENDING
    fake_stripe.authenticate(answer.reference)
    now = await processor.status(reference=answer.reference)
    assert (now.outcome, now.reference) == (Outcome.SUCCEEDED, answer.reference)
