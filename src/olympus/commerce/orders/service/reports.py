"""What analytics sums: set-based statements over the paid orders by location and hour,
never a loop over orders."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from olympus.commerce.orders import repository
from olympus.core.db import ReadUnitOfWork
from olympus.core.hours import Window


def paid_sales_by_hour(uow: ReadUnitOfWork, *, windows: Sequence[Window] | None = None) -> Any:
    """A statement: (location_id, hour, orders, revenue, discount_total, tax_total) of the
    tenant's orders by location and the UTC hour they were paid in (an order counts once, when
    its payments cover its total; what happens to it afterwards does not uncount it), within
    `windows` (None: all time)."""
    return repository.paid_sales_by_hour(uow.require_tenant(), windows)


def paid_lines_by_hour(uow: ReadUnitOfWork, *, windows: Sequence[Window] | None = None) -> Any:
    """A statement: (location_id, hour, product_id, quantity, revenue) of the lines of the
    orders `paid_sales_by_hour` counts; a line's revenue is its `line_total`."""
    return repository.paid_lines_by_hour(uow.require_tenant(), windows)


async def paid_hours(
    uow: ReadUnitOfWork, order_ids: Sequence[uuid.UUID]
) -> list[tuple[uuid.UUID, datetime]]:
    """The (location, UTC hour) each of the given orders was paid in (unpaid ones: none)."""
    if not order_ids:
        return []
    rows = await uow.session.execute(repository.paid_hours(uow.require_tenant(), order_ids))
    return [(row.location_id, row.hour) for row in rows]
