"""Card processors: the built-in test processor, which answers by token, and the Stripe adapter
(PaymentIntents, refunds). Both take an idempotency key from the caller, so a retried charge
is one charge at the processor too. Cash needs no processor: the payments service takes it."""

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import stripe
import structlog

log = structlog.get_logger("olympus.payments")


class Outcome(enum.StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    # The processor has not decided yet (a 3-D Secure step, a slow bank): its webhook will.
    PENDING = "pending"


@dataclass(frozen=True)
class ProcessorAnswer:
    outcome: Outcome
    # The processor's own id of the charge or refund (`pi_...`, `re_...`).
    reference: str | None = None
    failure_code: str | None = None


class CardProcessor(Protocol):
    name: str

    async def charge(
        self,
        *,
        amount: int,
        currency: str,
        token: str,
        idempotency_key: str,
        metadata: Mapping[str, str],
    ) -> ProcessorAnswer: ...

    async def refund(
        self,
        *,
        reference: str,
        amount: int,
        idempotency_key: str,
        metadata: Mapping[str, str] | None = None,
    ) -> ProcessorAnswer:
        """Refund `amount` of the charge `reference`; `metadata` names the refund here, so
        the processor's webhook about it is known for this refund."""
        ...

    async def status(self, *, reference: str) -> ProcessorAnswer:
        """Where the charge `reference` stands now (after the customer authenticated it)."""
        ...

    async def cancel(self, *, reference: str) -> ProcessorAnswer:
        """Cancel the charge `reference` if it is still undecided (the customer abandoned
        it); where it stands after: failed once cancelled, succeeded if it was captured
        meanwhile, pending if the processor can't cancel it yet."""
        ...

    async def find(self, *, payment_id: str) -> ProcessorAnswer | None:
        """The charge made for `payment_id` (the id its metadata carries), when the
        processor's answer was never stored; None if the processor knows none."""
        ...


# --- the test processor -----------------------------------------------------------------------

TEST_TOKENS: dict[str, Outcome | str] = {
    "tok_visa": Outcome.SUCCEEDED,
    "tok_mastercard": Outcome.SUCCEEDED,
    "tok_declined": "card_declined",
    "tok_insufficient_funds": "insufficient_funds",
    "tok_expired_card": "expired_card",
}


class TestCardProcessor:
    """Answers by token, as Stripe's test cards do: `tok_visa` succeeds, `tok_declined` fails
    with `card_declined`, `tok_insufficient_funds` with `insufficient_funds`; any other token
    fails with `invalid_token`. Refunds of its own charges succeed."""

    name = "test"
    __test__ = False  # not a test class, whatever its name says

    async def charge(
        self,
        *,
        amount: int,
        currency: str,
        token: str,
        idempotency_key: str,
        metadata: Mapping[str, str],
    ) -> ProcessorAnswer:
        answer = TEST_TOKENS.get(token, "invalid_token")
        reference = f"test_ch_{idempotency_key}"
        if answer is Outcome.SUCCEEDED:
            return ProcessorAnswer(Outcome.SUCCEEDED, reference)
        return ProcessorAnswer(Outcome.FAILED, reference, failure_code=str(answer))

    async def refund(
        self,
        *,
        reference: str,
        amount: int,
        idempotency_key: str,
        metadata: Mapping[str, str] | None = None,
    ) -> ProcessorAnswer:
        if not reference.startswith("test_ch_"):
            return ProcessorAnswer(Outcome.FAILED, failure_code="unknown_charge")
        return ProcessorAnswer(Outcome.SUCCEEDED, f"test_re_{idempotency_key}")

    async def status(self, *, reference: str) -> ProcessorAnswer:
        # Its charges are decided when made; a pending one never exists.
        return ProcessorAnswer(Outcome.PENDING, reference)

    async def cancel(self, *, reference: str) -> ProcessorAnswer:
        return ProcessorAnswer(Outcome.FAILED, reference, failure_code="canceled")

    async def find(self, *, payment_id: str) -> ProcessorAnswer | None:
        # It keeps nothing: a charge whose answer was lost is unknown to it.
        return None


# --- Stripe -----------------------------------------------------------------------------------

_INTENT_OUTCOMES = {
    "succeeded": Outcome.SUCCEEDED,
    "canceled": Outcome.FAILED,
    "requires_payment_method": Outcome.FAILED,
}


class StripeCardProcessor:
    """PaymentIntents confirmed at once with the card's payment method (`pm_...` or a test
    token such as `pm_card_visa`), captured automatically; refunds against the intent. A card
    error is a failed payment with Stripe's decline code, not an exception; a network or API
    error is raised (`ProcessorUnavailable` upstream) so the caller can retry with the same
    idempotency key."""

    name = "stripe"

    def __init__(self, secret_key: str, *, api_base: str | None = None) -> None:
        addresses: dict[str, str] = {"api": api_base} if api_base else {}
        self._client = stripe.StripeClient(
            secret_key,
            http_client=stripe.HTTPXClient(allow_sync_methods=False),
            base_addresses=addresses,  # type: ignore[arg-type]
            max_network_retries=2,
        )

    async def charge(
        self,
        *,
        amount: int,
        currency: str,
        token: str,
        idempotency_key: str,
        metadata: Mapping[str, str],
    ) -> ProcessorAnswer:
        params: Any = {
            "amount": amount,
            "currency": currency.lower(),
            "payment_method": token,
            "confirm": True,
            "automatic_payment_methods": {"enabled": True, "allow_redirects": "never"},
            "metadata": dict(metadata),
        }
        try:
            intent = await self._client.v1.payment_intents.create_async(
                params, {"idempotency_key": idempotency_key}
            )
        except stripe.CardError as exc:
            error = exc.error
            code = (error.decline_code or error.code) if error else None
            intent_id = error.payment_intent.id if error and error.payment_intent else None
            return ProcessorAnswer(Outcome.FAILED, intent_id, failure_code=code or "card_declined")
        return _intent_answer(intent)

    async def status(self, *, reference: str) -> ProcessorAnswer:
        intent = await self._client.v1.payment_intents.retrieve_async(reference)
        return _intent_answer(intent)

    async def cancel(self, *, reference: str) -> ProcessorAnswer:
        try:
            intent = await self._client.v1.payment_intents.cancel_async(
                reference, {"cancellation_reason": "abandoned"}
            )
        except stripe.InvalidRequestError:
            # Not cancellable (succeeded or cancelled meanwhile, or processing): as it stands.
            return await self.status(reference=reference)
        return _intent_answer(intent)

    async def find(self, *, payment_id: str) -> ProcessorAnswer | None:
        # Stripe's search lags writes by up to a minute: asked only of old payments.
        found = await self._client.v1.payment_intents.search_async(
            {"query": f"metadata['payment_id']:'{payment_id}'", "limit": 1}
        )
        return _intent_answer(found.data[0]) if found.data else None

    async def refund(
        self,
        *,
        reference: str,
        amount: int,
        idempotency_key: str,
        metadata: Mapping[str, str] | None = None,
    ) -> ProcessorAnswer:
        params: Any = {"payment_intent": reference, "amount": amount}
        if metadata:
            params["metadata"] = dict(metadata)
        try:
            refund = await self._client.v1.refunds.create_async(
                params, {"idempotency_key": idempotency_key}
            )
        except stripe.InvalidRequestError as exc:
            code = exc.error.code if exc.error else None
            return ProcessorAnswer(Outcome.FAILED, failure_code=code or "refund_refused")
        outcome = {"succeeded": Outcome.SUCCEEDED, "failed": Outcome.FAILED}.get(
            refund.status or "", Outcome.PENDING
        )
        return ProcessorAnswer(outcome, refund.id, failure_code=refund.failure_reason)


def _intent_answer(intent: stripe.PaymentIntent) -> ProcessorAnswer:
    outcome = _INTENT_OUTCOMES.get(intent.status, Outcome.PENDING)
    failure = None
    if outcome is Outcome.FAILED:
        last = intent.last_payment_error
        failure = (last.decline_code or last.code) if last else "payment_failed"
    return ProcessorAnswer(outcome, intent.id, failure_code=failure)


def verify_stripe_event(payload: bytes, signature: str | None, secret: str) -> stripe.Event:
    """The webhook's event, once its `Stripe-Signature` proves it came from Stripe with this
    endpoint's secret and was signed less than 5 minutes ago (an older signature is a replay).
    Raises `stripe.SignatureVerificationError` or `ValueError` otherwise."""
    event: stripe.Event = stripe.Webhook.construct_event(payload, signature, secret)
    return event
