"""Core statements of payments: payments and refunds of the past, written in bulk. Every
statement binds `tenant_id` (`core.bulk` binds it)."""

from typing import Any, cast

import sqlalchemy as sa

from olympus.commerce.payments.models import Payment, PaymentRefund
from olympus.core import bulk
from olympus.core.db import WriteUnitOfWork

_PAYMENTS = cast(sa.Table, Payment.__table__)
_REFUNDS = cast(sa.Table, PaymentRefund.__table__)

HISTORY_PAYMENT_COLUMNS = (
    "id", "order_id", "location_id", "method", "processor", "status", "amount", "currency",
    "refunded_amount", "tendered", "failure_code", "reference", "idempotency_key",
    "created_by", "created_at", "attempted_at", "decided_at",
)  # fmt: skip
HISTORY_REFUND_COLUMNS = (
    "id", "payment_id", "order_id", "status", "amount", "failure_code", "reference",
    "idempotency_key", "created_by", "created_at", "decided_at",
)  # fmt: skip


async def add_history(
    uow: WriteUnitOfWork, *, payments: list[tuple[Any, ...]], refunds: list[tuple[Any, ...]]
) -> None:
    """Payments and refunds of the past, set-based; each row in the order of its
    `HISTORY_*_COLUMNS`."""
    await bulk.insert_rows(uow, _PAYMENTS, HISTORY_PAYMENT_COLUMNS, payments)
    await bulk.insert_rows(uow, _REFUNDS, HISTORY_REFUND_COLUMNS, refunds)
