"""The reservation sweeper: a background task of each process that, every
RESERVATION_SWEEP_SECONDS, expires the reservations past their time and returns their stock
(`service.expire_overdue`), tenant by tenant, each in a transaction of its own. Replicas may
all run one: on PostgreSQL each skips the reservations another is expiring (SKIP LOCKED), and
an expiry is one conditional statement, so none is expired twice."""

import structlog

from olympus.commerce.inventory import service
from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.periodic import PeriodicSweep

log = structlog.get_logger("olympus.inventory")


class ReservationSweeper(PeriodicSweep):
    task_name = "reservation-sweeper"
    failure_event = "reservation_sweep_failed"

    def __init__(self, db: Database, clock: Clock, *, interval_seconds: float) -> None:
        super().__init__(interval_seconds=interval_seconds, logger=log)
        self.db = db
        self.clock = clock

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
