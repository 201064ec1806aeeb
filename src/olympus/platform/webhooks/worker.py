"""The delivery worker: runs beside the outbox relay, takes due deliveries from the table
(several workers, in several processes, share the work), signs and sends each, and records
the outcome. Deliveries live in the database, so a restart loses none: a delivery taken by a
worker that died is taken up again once its lease ends.

Each webhook's secret is opened (`secret_box`) just to sign; one that no longer opens (the key
changed) is a failed attempt without a request, its error `SECRET_UNREADABLE`, retried like
any other until the secret is rotated (or the window ends, or the endpoint is disabled)."""

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import structlog

from olympus.core.cache import Cache
from olympus.core.clock import Clock
from olympus.core.db import Database, WriteUnitOfWork
from olympus.core.events import Envelope
from olympus.core.sealing import SecretBox
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
        box: SecretBox,
        poll_seconds: float = 1.0,
        batch: int = 50,
        max_batches_in_flight: int = 8,
        cache: Cache | None = None,
    ) -> None:
        self.db = db
        # Opens the webhooks' signing secrets (`service.secret_box`).
        self.box = box
        # Remembers which tenants have no webhook, for the relay's hook.
        self.cache = cache
        self.clock = clock
        self.policy = policy
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.max_batches_in_flight = max_batches_in_flight
        # A delivery taken stays with this worker this long (its attempt and the outcome's
        # write fit well within it).
        self.lease_seconds = policy.timeout_seconds + 30.0
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._unsubscribe: Callable[[], None] | None = None
        # Deliveries the relay of this process queued, leased to this worker already.
        self._handed: list[Claimed] = []

    def wake(self) -> None:
        self._wake.set()

    async def queue_published(self, uow: WriteUnitOfWork, envelopes: list[Envelope]) -> None:
        """The relay's after-publish hook: deliveries for what it published, handed to this
        worker when it runs."""
        running = self._task is not None and not self._stopping
        await service.queue_deliveries(
            uow, envelopes, worker=self if running else None, cache=self.cache
        )

    def take(self, claimed: list[Claimed]) -> None:
        """Deliveries written leased to this worker: sent on its next round, at once."""
        self._handed.extend(claimed)
        self._wake.set()

    def start(self) -> None:
        self._stopping = False
        self._unsubscribe = service.attach_worker(self)
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
        """Each round sends what the relay handed over and takes due deliveries from the table,
        a batch at a time; batches are sent concurrently (up to `max_batches_in_flight`), so
        a slow receiver holds up only its own batch."""
        in_flight: set[asyncio.Task[None]] = set()
        loop = asyncio.get_running_loop()
        looked_at = -self.poll_seconds

        def spawn(claimed: list[Claimed]) -> None:
            task = asyncio.create_task(self._deliver(client, claimed))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
            task.add_done_callback(lambda _: self._wake.set())  # room for another batch

        async with new_client(self.policy.timeout_seconds) as client:
            while not self._stopping:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(self.poll_seconds):
                        await self._wake.wait()
                self._wake.clear()
                if self._stopping:
                    break
                handed, self._handed = self._handed, []
                if handed:
                    spawn(handed)
                    # Woken for what the relay handed over: the table is looked at (for
                    # retries, pings, redeliveries, other processes' leftovers) only once
                    # per poll interval, not at every commit.
                    if loop.time() - looked_at < self.poll_seconds:
                        continue
                looked_at = loop.time()
                try:
                    while not self._stopping and len(in_flight) < self.max_batches_in_flight:
                        async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
                            claimed = await service.claim_due(
                                uow, limit=self.batch, lease_seconds=self.lease_seconds
                            )
                        if not claimed:
                            break
                        spawn(claimed)
                except Exception as exc:  # the database is away: the next round tries again
                    log.warning("webhook_round_failed", error=f"{type(exc).__name__}: {exc}")
            if self._handed:  # handed over by the relay's last drain
                spawn(self._handed)
                self._handed = []
            await asyncio.gather(*in_flight, return_exceptions=True)

    async def _deliver(self, client: httpx.AsyncClient, claimed: list[Claimed]) -> None:
        """Send the batch at once and record the outcomes in one transaction (should that
        fail, the leases end and the deliveries are attempted again)."""
        outcomes = await asyncio.gather(*(self._attempt(client, c) for c in claimed))
        try:
            async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
                await service.record_deliveries(
                    uow,
                    list(zip(claimed, outcomes, strict=True)),
                    retry_base_seconds=self.policy.retry_base_seconds,
                    disable_after_failures=self.policy.disable_after_failures,
                )
        except Exception as exc:
            log.warning("webhook_outcomes_not_recorded", error=f"{type(exc).__name__}: {exc}")

    async def _attempt(self, client: httpx.AsyncClient, claimed: Claimed) -> Outcome:
        secret = self.box.open(claimed.sealed_secret)
        if secret is None:
            log.warning(
                "webhook_secret_unreadable",
                delivery_id=str(claimed.id),
                webhook_id=str(claimed.webhook_id),
                tenant_id=str(claimed.tenant_id),
            )
            return Outcome(None, service.SECRET_UNREADABLE)
        body = claimed.body.encode()
        timestamp = int(self.clock.now().timestamp())
        outcome = await send(
            client,
            url=claimed.url,
            body=body,
            headers={
                "Olympus-Event-Id": str(claimed.event_id),
                "Olympus-Event-Type": claimed.event_type,
                "Olympus-Signature": signature(secret, timestamp, body),
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
