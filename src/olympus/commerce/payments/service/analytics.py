"""What analytics sums: set-based statements over succeeded payments and refunds, never a
loop over payments."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from olympus.commerce.payments import repository
from olympus.core.db import ReadUnitOfWork
from olympus.core.hours import Window


def captured_by_hour(uow: ReadUnitOfWork, *, windows: Sequence[Window] | None = None) -> Any:
    """A statement: (location_id, hour, method, processor, payments, amount) of the tenant's
    succeeded payments by the UTC hour they succeeded in, within `windows` (None: all)."""
    return repository.captured_by_hour(uow.require_tenant(), windows)


def refunds_by_hour(uow: ReadUnitOfWork, *, windows: Sequence[Window] | None = None) -> Any:
    """A statement: (location_id, hour, method, processor, refund_count, refunded) of the
    tenant's succeeded refunds by the UTC hour they succeeded in, within `windows`."""
    return repository.refunds_by_hour(uow.require_tenant(), windows)


async def decided_hours(
    uow: ReadUnitOfWork,
    *,
    payment_ids: Sequence[uuid.UUID] = (),
    refund_ids: Sequence[uuid.UUID] = (),
) -> list[tuple[uuid.UUID, datetime]]:
    """The (location, UTC hour) the given succeeded payments and refunds were decided in."""
    tenant_id = uow.require_tenant()
    found: list[tuple[uuid.UUID, datetime]] = []
    if payment_ids:
        rows = await uow.session.execute(repository.captured_hours(tenant_id, payment_ids))
        found.extend((row.location_id, row.hour) for row in rows)
    if refund_ids:
        rows = await uow.session.execute(repository.refund_hours(tenant_id, refund_ids))
        found.extend((row.location_id, row.hour) for row in rows)
    return found
