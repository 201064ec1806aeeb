"""Reservations of the past written in bulk (demo data, imports): no stock held, no events."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from olympus.commerce.inventory import repository
from olympus.commerce.inventory.models import ReservationStatus
from olympus.core.db import WriteUnitOfWork

# What a reservation of the past may have ended as: it holds nothing any more.
HISTORY_STATUSES = frozenset({ReservationStatus.COMMITTED, ReservationStatus.RELEASED})


@dataclass(frozen=True, slots=True)
class HistoryReservation:
    """A reservation of the past: its lines ((unit, quantity), one per unit) were held at
    `created_at` and sold (`committed`) or given back (`released`) at `ended_at`."""

    id: uuid.UUID
    location_id: uuid.UUID
    status: ReservationStatus
    lines: Sequence[tuple[uuid.UUID, int]]
    reason: str
    created_at: datetime
    ended_at: datetime
    expires_at: datetime


async def bulk_insert_history(
    uow: WriteUnitOfWork, reservations: Sequence[HistoryReservation]
) -> int:
    """Write reservations of the past, set-based. They ended before today, so they hold no
    stock, and their movements are not written: the levels are today's counts, and the
    ledger still sums to them (`olympus inventory check` agrees). Past business: no events,
    no audit rows. Answers how many were written."""
    rows: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    for held in reservations:
        if held.status not in HISTORY_STATUSES:
            raise ValueError(f"a reservation of the past can't still be {held.status}")
        if not held.lines or held.ended_at < held.created_at:
            raise ValueError(f"reservation {held.id}: no lines, or it ended before it began")
        seen: set[uuid.UUID] = set()
        for product_id, quantity in held.lines:
            if quantity < 1 or product_id in seen:
                raise ValueError(f"reservation {held.id}: one line per unit, each at least 1")
            seen.add(product_id)
            lines.append((held.id, product_id, quantity))
        rows.append(
            (
                held.id, held.location_id, held.status.value, held.reason, None,
                held.expires_at, held.created_at, held.ended_at,
            )
        )  # fmt: skip
    await repository.add_history(uow, reservations=rows, lines=lines)
    return len(rows)
