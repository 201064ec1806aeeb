"""The delivery worker: runs beside the outbox relay, takes due deliveries from the table
(several workers, in several processes, share the work), signs and sends each, and records
the outcome. Deliveries live in the database, so a restart loses none: a delivery taken by a
worker that died is taken up again once its lease ends."""

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import structlog

from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.platform.webhooks import service
from olympus.platform.webhooks.delivery import Outcome, new_client, send, signature
from olympus.platform.webhooks.repository import Claimed

log = structlog.get_logger("olympus.webhooks")


@dataclass(frozen=True)
class DeliveryPolicy:
    timeout_seconds: float = 10.0
    retry_base_seconds: float = 10.0
    disable_after_failures: int = 50
    allow_private_networks: bool = False


class DeliveryWorker:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        policy: DeliveryPolicy,
        *,
        poll_seconds: float = 1.0,
        batch: int = 50,
    ) -> None:
        self.db = db
        self.clock = clock
        self.policy = policy
        self.poll_seconds = poll_seconds
        self.batch = batch
        # A delivery taken stays with this worker this long (its attempt and the outcome's
        # write fit well within it).
        self.lease_seconds = policy.timeout_seconds + 30.0
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._unsubscribe: Callable[[], None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._stopping = False
        self._unsubscribe = service.on_new_deliveries(self.wake)
        self._task = asyncio.create_task(self._run(), name="webhook-deliveries")

    async def stop(self) -> None:
        """Finish the attempts under way (deliveries not yet taken wait in the table)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self) -> None:
        async with new_client(self.policy.timeout_seconds) as client:
            while not self._stopping:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.poll_seconds):
                        await self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    return
                try:
                    while not self._stopping and await self.run_once(client) == self.batch:
                        pass
                except Exception as exc:  # the database is away: the next round tries again
                    log.warning("webhook_round_failed", error=f"{type(exc).__name__}: {exc}")

    async def run_once(self, client: httpx.AsyncClient | None = None) -> int:
        """Take the due deliveries (up to a batch), send them at once, record the outcomes;
        how many were taken."""
        async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
            claimed = await service.claim_due(
                uow, limit=self.batch, lease_seconds=self.lease_seconds
            )
        if not claimed:
            return 0
        if client is None:
            async with new_client(self.policy.timeout_seconds) as own:
                outcomes = await asyncio.gather(*(self._attempt(own, c) for c in claimed))
        else:
            outcomes = await asyncio.gather(*(self._attempt(client, c) for c in claimed))
        async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
            for one, outcome in zip(claimed, outcomes, strict=True):
                await service.record_outcome(
                    uow,
                    one,
                    outcome,
                    retry_base_seconds=self.policy.retry_base_seconds,
                    disable_after_failures=self.policy.disable_after_failures,
                )
        return len(claimed)

    async def _attempt(self, client: httpx.AsyncClient, claimed: Claimed) -> Outcome:
        body = claimed.body.encode()
        timestamp = int(self.clock.now().timestamp())
        outcome = await send(
            client,
            url=claimed.url,
            body=body,
            headers={
                "Olympus-Event-Id": str(claimed.event_id),
                "Olympus-Event-Type": claimed.event_type,
                "Olympus-Signature": signature(claimed.secret, timestamp, body),
            },
            allow_private=self.policy.allow_private_networks,
            timeout_seconds=self.policy.timeout_seconds,
        )
        if not outcome.succeeded:
            log.info(
                "webhook_attempt_failed",
                delivery_id=str(claimed.id),
                webhook_id=str(claimed.webhook_id),
                status_code=outcome.status_code,
                error=outcome.error,
            )
        return outcome
