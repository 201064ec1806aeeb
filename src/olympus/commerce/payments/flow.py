"""Taking, confirming and refunding a card payment: each spans transactions of its own,
because the card processor is called between them with no transaction open (no row lock or
pooled connection waits on a bank).

1. One transaction claims the Idempotency-Key, locks the order, checks what it owes and
   writes the payment `pending`; it commits.
2. The processor is asked, with an idempotency key of its own derived from the payment's id
   (`payment-<id>`): however often that call is repeated, the processor charges once.
3. A second transaction settles the payment (`service.settle_payment`: once, under the
   order's lock) and stores the answer under the client's key.

A crash between 1 and 3 leaves a pending payment and a key whose answer is not stored. It is
finished by whichever comes first: Stripe's webhook for the intent (its metadata names the
payment), the client's confirmation, or the client's retry with the same key, which resumes
the payment once its last attempt is older than the processor's time limit and asks the
processor again with the same processor key (the same charge, not a second one). Cash needs
no processor: it is taken in one transaction."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import orjson
import sqlalchemy as sa
import stripe
import structlog
from pydantic import BaseModel

from olympus.commerce.payments import service
from olympus.commerce.payments.components import PaymentComponents, ProcessorConfig
from olympus.commerce.payments.errors import ProcessorUnavailable
from olympus.commerce.payments.models import Payment, PaymentStatus
from olympus.commerce.payments.providers import CardProcessor, Outcome, ProcessorAnswer
from olympus.commerce.payments.schemas import PaymentCreate
from olympus.core import idempotency
from olympus.core.clock import Clock
from olympus.core.db import Database, WriteUnitOfWork
from olympus.core.idempotency import IdempotencyInProgress, IdempotencyKey, StoredResponse
from olympus.platform.rbac.authorization import Authorization

log = structlog.get_logger("olympus.payments")
CREATED = 201
PROCESS_SCOPE = "POST /api/v1/payments/process"
REFUND_SCOPE = "POST /api/v1/payments/{payment_id}/refund"


@dataclass(frozen=True)
class Caller:
    """Who asks, as each of the flow's transactions records it."""

    tenant_id: uuid.UUID
    actor_id: uuid.UUID | None
    authz: Authorization
    clock: Clock
    ip: str = ""
    request_id: str | None = None


@dataclass(frozen=True)
class Guard:
    """The request's Idempotency-Key (if any), its route and the fingerprint of its body."""

    key: str | None
    scope: str
    fingerprint: str


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: bytes
    replayed: bool = False


@asynccontextmanager
async def _unit(db: Database, caller: Caller) -> AsyncIterator[WriteUnitOfWork]:
    async with db.unit_of_work(
        clock=caller.clock, tenant_id=caller.tenant_id, request_id=caller.request_id
    ) as uow:
        uow.actor_id = caller.actor_id
        uow.ip = caller.ip
        yield uow


async def _claim(uow: WriteUnitOfWork, guard: Guard) -> StoredResponse | None:
    if guard.key is None:
        return None
    return await idempotency.begin(
        uow, key=guard.key, scope=guard.scope, request_hash=guard.fingerprint
    )


async def _keep(uow: WriteUnitOfWork, guard: Guard, answer: BaseModel) -> Answer:
    """The answer, stored under the key when the key's answer is not stored yet (a webhook
    that finished a crashed request's payment stores it for the retry to replay)."""
    body = orjson.dumps(answer.model_dump(mode="json"))
    if guard.key is not None and await _key_open(uow, guard.key, guard.scope):
        await idempotency.complete(
            uow, key=guard.key, scope=guard.scope, status_code=CREATED, body=body
        )
    return Answer(CREATED, body)


async def _key_open(uow: WriteUnitOfWork, key: str, scope: str) -> bool:
    stmt = sa.select(IdempotencyKey.status_code).where(
        IdempotencyKey.key == key, IdempotencyKey.scope == scope
    )
    row = (await uow.session.execute(stmt)).first()
    return row is not None and row.status_code is None


def _replay(stored: StoredResponse) -> Answer:
    return Answer(stored.status_code, stored.body, replayed=True)


def _stale_after(components: PaymentComponents) -> timedelta:
    return timedelta(seconds=components.processor_timeout_seconds)


# --- payments ---------------------------------------------------------------------------------


async def take_payment(
    db: Database,
    *,
    components: PaymentComponents,
    caller: Caller,
    guard: Guard,
    request: PaymentCreate,
) -> Answer:
    """POST /payments/process: the payment as it ended (or `pending` while Stripe waits for
    the customer), or the replay of the first answer under the same key."""
    method = request.method
    try:
        async with _unit(db, caller) as uow:
            stored = await _claim(uow, guard)
            if stored is not None:
                return _replay(stored)
            config = await service.processor_config(uow, box=components.box)
            if method.type == "card":
                # A processor that can't be used (Stripe without a readable key) refuses the
                # payment before anything is written.
                components.processor(config)
            payment = await service.start_payment(
                uow,
                order_id=request.order_id,
                amount=request.amount,
                method=method,
                authz=caller.authz,
                processor=config.name,
                idempotency_key=guard.key,
            )
            if payment.status != PaymentStatus.PENDING:  # cash: decided already
                return await _keep(uow, guard, service.payment_out(payment))
    except IdempotencyInProgress:
        payment = await _resume(db, components=components, caller=caller, guard=guard)
        config = await _config(db, components, caller.tenant_id, caller.clock)
        if config.name != payment.processor:
            raise ProcessorUnavailable(
                f"This payment was started with {payment.processor!r}, no longer the tenant's "
                "processor: it is left pending for that processor's webhook"
            ) from None
    token = method.token if method.type == "card" else ""
    processor = components.processor(config)
    answer = await _ask(
        db,
        caller,
        payment,
        processor.charge(
            amount=payment.amount,
            currency=payment.currency,
            token=token,
            idempotency_key=f"payment-{payment.id}",
            metadata={
                "payment_id": str(payment.id),
                "order_id": str(payment.order_id),
                "tenant_id": str(caller.tenant_id),
            },
        ),
        limit_seconds=components.processor_timeout_seconds,
    )
    return await _settle(db, components, caller, guard, payment.id, answer)


async def _config(
    db: Database, components: PaymentComponents, tenant_id: uuid.UUID, clock: Clock
) -> ProcessorConfig:
    async with db.unit_of_work(clock=clock, tenant_id=tenant_id, write=False) as uow:
        return await service.processor_config(uow, box=components.box)


async def _resume(
    db: Database, *, components: PaymentComponents, caller: Caller, guard: Guard
) -> Payment:
    """The key's first request has not stored its answer: take its pending payment over if
    that request is past the processor's time limit (it crashed), else 409
    `idempotency_in_progress` (it is still running)."""
    assert guard.key is not None
    async with _unit(db, caller) as uow:
        payment = await service.take_over_payment(
            uow, idempotency_key=guard.key, stale_after=_stale_after(components)
        )
    if payment is None:
        raise IdempotencyInProgress("Retry once the first request has finished")
    log.info("payment_resumed", payment_id=str(payment.id))
    return payment


async def _ask(
    db: Database,
    caller: Caller,
    payment: Payment,
    call: Awaitable[ProcessorAnswer],
    *,
    limit_seconds: float,
) -> ProcessorAnswer:
    """The processor's answer, no transaction open. Unreachable, failing or too slow: the
    payment stays pending, free to be resumed at once by a retry (503)."""
    try:
        async with asyncio.timeout(limit_seconds):
            return await call
    except (stripe.StripeError, TimeoutError, OSError) as exc:
        log.warning("payment_processor_unavailable", payment_id=str(payment.id), error=str(exc))
        async with _unit(db, caller) as uow:
            await service.release_attempt(uow, payment.id)
        raise ProcessorUnavailable(
            "The card processor did not answer; retry with the same Idempotency-Key"
        ) from exc


async def _settle(
    db: Database,
    components: PaymentComponents,
    caller: Caller,
    guard: Guard,
    payment_id: uuid.UUID,
    answer: ProcessorAnswer,
) -> Answer:
    decision = service.Decision(answer.outcome, answer.reference, answer.failure_code)
    async with _unit(db, caller) as uow:
        payment, decided = await service.settle_payment(uow, payment_id, decision)
        if decided and service.needs_giving_back(payment):
            _give_back_after_commit(uow, db, components, caller.tenant_id, payment)
        return await _keep(uow, guard, service.payment_out(payment))


def _give_back_after_commit(
    uow: WriteUnitOfWork,
    db: Database,
    components: PaymentComponents,
    tenant_id: uuid.UUID,
    payment: Payment,
) -> None:
    """A charge captured for an order that could no longer take it is refunded in full at
    the processor after commit (best effort, logged; the payment reads `failed`,
    `order_not_payable`)."""
    reference, amount, payment_id, clock = (
        payment.reference or "",
        payment.amount,
        payment.id,
        uow.clock,
    )

    async def give_back() -> None:
        config = await _config(db, components, tenant_id, clock)
        result = await components.processor(config).refund(
            reference=reference, amount=amount, idempotency_key=f"give-back-{payment_id}"
        )
        log.warning("payment_given_back", payment_id=str(payment_id), outcome=result.outcome.value)

    uow.after_commit(give_back)


async def confirm_payment(
    db: Database, *, components: PaymentComponents, caller: Caller, payment_id: uuid.UUID
) -> Answer:
    """POST /payments/{id}/confirm: the client says the customer finished (3-D Secure);
    the processor is asked for the charge's state and the payment settled with it, once,
    whatever the webhook did meanwhile."""
    async with db.unit_of_work(clock=caller.clock, tenant_id=caller.tenant_id, write=False) as r:
        payment = await service.get_payment(
            r, payment_id, locations=caller.authz.locations_for(service.READ)
        )
        config = await service.processor_config(r, box=components.box)
    service.check_may(caller.authz, service.PROCESS, payment.location_id)
    if payment.status != PaymentStatus.PENDING or payment.reference is None:
        return Answer(200, orjson.dumps(service.payment_out(payment).model_dump(mode="json")))
    processor: CardProcessor = components.processor(config)
    answer = await _ask(
        db,
        caller,
        payment,
        processor.status(reference=payment.reference),
        limit_seconds=components.processor_timeout_seconds,
    )
    decision = service.Decision(answer.outcome, answer.reference, answer.failure_code)
    async with _unit(db, caller) as uow:
        payment, _ = await service.settle_payment(uow, payment_id, decision)
        return Answer(200, orjson.dumps(service.payment_out(payment).model_dump(mode="json")))


# --- refunds ----------------------------------------------------------------------------------


async def refund_payment(
    db: Database,
    *,
    components: PaymentComponents,
    caller: Caller,
    guard: Guard,
    payment_id: uuid.UUID,
    amount: int | None,
) -> Answer:
    """POST /payments/{id}/refund, in the same three steps as a payment."""
    try:
        async with _unit(db, caller) as uow:
            stored = await _claim(uow, guard)
            if stored is not None:
                return _replay(stored)
            refund, payment = await service.start_refund(
                uow, payment_id, amount=amount, authz=caller.authz, idempotency_key=guard.key
            )
            if refund.status != PaymentStatus.PENDING:  # cash: given back already
                return await _keep(uow, guard, service.refund_out(refund, payment))
            config = await service.processor_config(uow, box=components.box)
    except IdempotencyInProgress:
        # A refund whose request crashed after its first step: asked again below, with the
        # same processor key (the processor refunds once).
        assert guard.key is not None
        async with db.unit_of_work(
            clock=caller.clock, tenant_id=caller.tenant_id, write=False
        ) as r:
            found = await service.find_refund_by_key(r, guard.key)
            if found is None or found.status != PaymentStatus.PENDING:
                raise
            refund = found
            payment = await service.get_payment(r, found.payment_id)
            config = await service.processor_config(r, box=components.box)
    processor = components.processor(config)
    answer = await _ask(
        db,
        caller,
        payment,
        processor.refund(
            reference=payment.reference or "",
            amount=refund.amount,
            idempotency_key=f"refund-{refund.id}",
            metadata={"refund_id": str(refund.id), "payment_id": str(payment.id)},
        ),
        limit_seconds=components.processor_timeout_seconds,
    )
    decision = service.Decision(answer.outcome, answer.reference, answer.failure_code)
    async with _unit(db, caller) as uow:
        refund, payment = await service.settle_refund(uow, refund.id, decision)
        return await _keep(uow, guard, service.refund_out(refund, payment))


# --- Stripe's webhook -------------------------------------------------------------------------


async def settle_from_stripe(
    uow: WriteUnitOfWork, event: stripe.Event, *, db: Database, components: PaymentComponents
) -> None:
    """Settle the payment of a `payment_intent.succeeded` or `.payment_failed` event, in the
    webhook's transaction (where its event id is stored). A payment decided already (by the
    client's request or confirmation) is left as it is; its key's answer is stored if its
    request crashed before storing it. Refund events record the refunds made at Stripe
    (`service.apply_stripe_refunds`)."""
    if str(event.type) in service.REFUND_EVENTS:
        changed = await service.apply_stripe_refunds(uow, event)
        log.info("stripe_refund_event", event_id=event.id, refunds_changed=changed)
        return
    outcome = service.INTENT_OUTCOMES.get(str(event.type))
    if outcome is None:
        return
    intent = event.to_dict()["data"]["object"]
    metadata = intent.get("metadata") or {}
    payment = await service.payment_of_intent(
        uow, str(intent.get("id")), metadata.get("payment_id")
    )
    if payment is None:
        log.info("stripe_event_without_payment", event_id=event.id)
        return
    failure = None
    if outcome is Outcome.FAILED:
        last = intent.get("last_payment_error") or {}
        failure = last.get("decline_code") or last.get("code") or "payment_failed"
    decision = service.Decision(outcome, str(intent.get("id")), failure)
    await settle_unattended(uow, payment.id, decision, db=db, components=components)


async def settle_unattended(
    uow: WriteUnitOfWork,
    payment_id: uuid.UUID,
    decision: service.Decision,
    *,
    db: Database,
    components: PaymentComponents,
) -> tuple[Payment, bool]:
    """Settle a payment with no client waiting for the answer (Stripe's webhook, the sweep
    of abandoned payments), through `service.settle_payment` like the client's request: a
    payment decided already is left as it is. A charge captured for an order that can no
    longer take it is given back after commit; the answer is stored under the key of a
    request that crashed before storing it. Returns the payment and whether this call
    decided it."""
    settled, decided = await service.settle_payment(uow, payment_id, decision)
    if decided and service.needs_giving_back(settled):
        _give_back_after_commit(uow, db, components, uow.require_tenant(), settled)
    if settled.idempotency_key:
        guard = Guard(settled.idempotency_key, PROCESS_SCOPE, "")
        await _keep(uow, guard, service.payment_out(settled))
    return settled, decided
