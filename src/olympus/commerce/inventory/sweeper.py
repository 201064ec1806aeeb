"""The reservation sweeper: a background task of each process that, every
RESERVATION_SWEEP_SECONDS, expires the reservations past their time and returns their stock
(`service.expire_overdue`), tenant by tenant, each in a transaction of its own. Replicas may
all run one: on PostgreSQL each skips the reservations another is expiring (SKIP LOCKED), and
an expiry is one conditional statement, so none is expired twice."""

import asyncio

import structlog

from olympus.commerce.inventory import service
from olympus.core.clock import Clock
from olympus.core.db import Database

log = structlog.get_logger("olympus.inventory")


class ReservationSweeper:
    def __init__(self, db: Database, clock: Clock, *, interval_seconds: float) -> None:
        self.db = db
        self.clock = clock
        self.interval_seconds = interval_seconds
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.create_task(self._run(), name="reservation-sweeper")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self) -> None:
        while not self._stop.is_set():
            try:
                async with asyncio.timeout(self.interval_seconds):
                    await self._stop.wait()
                return
            except TimeoutError:
                pass
            try:
                await self.sweep()
            except Exception:
                log.exception("reservation_sweep_failed")

    async def sweep(self) -> int:
        """Expire every overdue reservation now; how many expired."""
        total = 0
        while True:
            async with self.db.unit_of_work(clock=self.clock, write=False, system=True) as uow:
                tenant_ids = await service.tenants_with_overdue_reservations(uow)
            swept = 0
            for tenant_id in tenant_ids:
                async with self.db.unit_of_work(clock=self.clock, tenant_id=tenant_id) as uow:
                    swept += await service.expire_overdue(uow)
            total += swept
            if not swept:
                if total:
                    log.info("reservations_expired", count=total)
                return total
