"""Reservations of the past and their lines, written set-based (demo data, imports)."""

from typing import Any, cast

import sqlalchemy as sa

from olympus.commerce.inventory.models import Reservation, ReservationLine
from olympus.core import bulk
from olympus.core.db import WriteUnitOfWork

_RESERVATIONS = cast(sa.Table, Reservation.__table__)
_LINES = cast(sa.Table, ReservationLine.__table__)

HISTORY_RESERVATION_COLUMNS = (
    "id", "location_id", "status", "reason", "actor_id", "expires_at", "created_at", "ended_at",
)  # fmt: skip
HISTORY_LINE_COLUMNS = ("reservation_id", "product_id", "quantity")


async def add_history(
    uow: WriteUnitOfWork, *, reservations: list[tuple[Any, ...]], lines: list[tuple[Any, ...]]
) -> None:
    """Reservations of the past and their lines, set-based (`core.bulk`, which binds
    `tenant_id`); each row in the order of its `HISTORY_*_COLUMNS`."""
    await bulk.insert_rows(uow, _RESERVATIONS, HISTORY_RESERVATION_COLUMNS, reservations)
    await bulk.insert_rows(uow, _LINES, HISTORY_LINE_COLUMNS, lines)
