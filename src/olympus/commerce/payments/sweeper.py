"""The sweep of abandoned card payments: a background task of each process that, every
PAYMENT_SWEEP_SECONDS, settles the card payments pending for longer than
PAYMENT_PENDING_TIMEOUT_SECONDS (a Stripe PaymentIntent the customer never completed, a
request that died before the processor's answer was stored), tenant by tenant, each
payment in the same steps as a payment taken by a client:

1. a transaction claims the payment (`service.claim_abandoned`: one conditional update of
   when its processor was last asked), so a retry of its request and the sweeps of other
   processes leave it alone meanwhile; it commits;
2. the processor is asked where the charge stands (the charge is looked up by the payment's
   id when its answer was never stored), no transaction open; a charge not captured is
   cancelled there;
3. a second transaction settles the payment through the webhook's path
   (`flow.settle_unattended`): `succeeded` (the order becomes paid once covered) or `failed`
   with `abandoned` (or the processor's decline code). Under the order's and the payment's
   locks and only while it is pending, so a webhook or a confirmation bringing the verdict
   at the same moment settles it once with the sweep.

Its transactions have no actor: the audit rows and the events are the system's."""

import asyncio
import uuid
from datetime import datetime, timedelta

import stripe
import structlog

from olympus.commerce.payments import flow, service
from olympus.commerce.payments.components import PaymentComponents, ProcessorConfig
from olympus.commerce.payments.errors import ProcessorUnavailable
from olympus.commerce.payments.models import Payment
from olympus.commerce.payments.providers import CardProcessor, Outcome
from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.periodic import PeriodicSweep

log = structlog.get_logger("olympus.payments")
# The request id of the sweep's transactions, in their audit rows.
REQUEST_ID = "system:payment-sweep"


class PendingPaymentSweeper(PeriodicSweep):
    task_name = "payment-sweeper"
    failure_event = "payment_sweep_failed"

    def __init__(
        self,
        db: Database,
        clock: Clock,
        components: PaymentComponents,
        *,
        interval_seconds: float,
        pending_timeout_seconds: float,
    ) -> None:
        super().__init__(interval_seconds=interval_seconds, logger=log)
        self.db = db
        self.clock = clock
        self.components = components
        self.pending_timeout = timedelta(seconds=pending_timeout_seconds)

    async def sweep(self) -> int:
        """Settle the payments pending past their time now; how many this sweep decided."""
        older_than = self.clock.now() - self.pending_timeout
        async with self.db.unit_of_work(clock=self.clock, write=False, system=True) as uow:
            tenant_ids = await service.tenants_with_abandoned_payments(uow, older_than=older_than)
        decided = 0
        for tenant_id in tenant_ids:
            decided += await self._sweep_tenant(tenant_id, older_than)
        if decided:
            log.info("abandoned_payments_settled", count=decided)
        return decided

    def _idle_since(self) -> datetime:
        # A request asking the processor gives up after its time limit: past that, no one is.
        return self.clock.now() - timedelta(seconds=self.components.processor_timeout_seconds)

    async def _sweep_tenant(self, tenant_id: uuid.UUID, older_than: datetime) -> int:
        async with self.db.unit_of_work(clock=self.clock, tenant_id=tenant_id, write=False) as r:
            payments = await service.abandoned_payments(
                r, older_than=older_than, idle_since=self._idle_since()
            )
            config = await service.processor_config(r, box=self.components.box)
        decided = 0
        for payment in payments:
            try:
                decided += await self._settle(tenant_id, payment.id, config)
            except (ProcessorUnavailable, stripe.StripeError, TimeoutError, OSError) as exc:
                # Left pending, claimed: the sweep after the processor's time limit asks again.
                log.warning(
                    "abandoned_payment_processor_unavailable",
                    payment_id=str(payment.id),
                    error=str(exc),
                )
        return decided

    async def _settle(
        self, tenant_id: uuid.UUID, payment_id: uuid.UUID, config: ProcessorConfig
    ) -> bool:
        async with self.db.unit_of_work(
            clock=self.clock, tenant_id=tenant_id, request_id=REQUEST_ID
        ) as uow:
            payment = await service.claim_abandoned(uow, payment_id, idle_since=self._idle_since())
        if payment is None:  # decided, or claimed by a retry or another sweep, meanwhile
            return False
        # The processor the payment was started with, even if the tenant chose another since.
        processor = self.components.processor(
            ProcessorConfig(payment.processor, stripe_secret_key=config.stripe_secret_key)
        )
        async with asyncio.timeout(self.components.processor_timeout_seconds):
            decision = await _verdict(processor, payment)
        if decision is None:
            return False
        async with self.db.unit_of_work(
            clock=self.clock, tenant_id=tenant_id, request_id=REQUEST_ID
        ) as uow:
            _, decided = await flow.settle_unattended(
                uow, payment_id, decision, db=self.db, components=self.components
            )
        if decided:
            log.info(
                "abandoned_payment_settled",
                payment_id=str(payment_id),
                outcome=decision.outcome.value,
            )
        return decided


async def _verdict(processor: CardProcessor, payment: Payment) -> service.Decision | None:
    """The processor's last word on an abandoned payment: captured, or failed once its
    charge is cancelled; None while the processor can neither (the next sweep asks again)."""
    if payment.reference is None:
        found = await processor.find(payment_id=str(payment.id))
        if found is None or found.reference is None:
            # No charge was made for it: nothing to cancel.
            return service.Decision(Outcome.FAILED, None, service.ABANDONED)
        now = found
    else:
        now = await processor.status(reference=payment.reference)
    if now.outcome is Outcome.SUCCEEDED:
        return service.Decision(Outcome.SUCCEEDED, now.reference)
    after = await processor.cancel(reference=now.reference or "")
    if after.outcome is Outcome.SUCCEEDED:  # captured just before the cancellation
        return service.Decision(Outcome.SUCCEEDED, after.reference)
    if after.outcome is Outcome.FAILED:
        code = now.failure_code if now.outcome is Outcome.FAILED else service.ABANDONED
        return service.Decision(Outcome.FAILED, after.reference or now.reference, code)
    return None
