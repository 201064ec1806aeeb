"""Core statements of payments for analytics: captured payments and given refunds summed by
location, UTC hour, method and processor. Every statement binds `tenant_id`."""

import uuid
from collections.abc import Sequence
from typing import Any, cast

import sqlalchemy as sa

from olympus.commerce.payments.models import Payment, PaymentRefund, PaymentStatus
from olympus.core.hours import Window, hour_of, within

_PAYMENTS = cast(sa.Table, Payment.__table__)
_REFUNDS = cast(sa.Table, PaymentRefund.__table__)
_SUCCEEDED = PaymentStatus.SUCCEEDED.value


def captured_by_hour(tenant_id: uuid.UUID, windows: Sequence[Window] | None) -> sa.Select[Any]:
    """(location_id, hour, method, processor, payments, amount) of the payments that
    succeeded in `windows` (None: all), by the UTC hour they were decided in."""
    p = _PAYMENTS
    hour = hour_of(p.c.decided_at)
    return (
        sa.select(
            p.c.location_id,
            hour.label("hour"),
            p.c.method,
            p.c.processor,
            sa.func.count().label("payments"),
            sa.func.sum(p.c.amount).label("amount"),
        )
        .where(
            p.c.tenant_id == tenant_id,
            p.c.status == _SUCCEEDED,
            within(windows, p.c.location_id, p.c.decided_at),
        )
        .group_by(p.c.location_id, hour, p.c.method, p.c.processor)
    )


def _refunded_payments() -> sa.Join:
    return _REFUNDS.join(
        _PAYMENTS,
        sa.and_(
            _PAYMENTS.c.tenant_id == _REFUNDS.c.tenant_id, _PAYMENTS.c.id == _REFUNDS.c.payment_id
        ),
    )


def refunds_by_hour(tenant_id: uuid.UUID, windows: Sequence[Window] | None) -> sa.Select[Any]:
    """(location_id, hour, method, processor, refund_count, refunded) of the refunds that
    succeeded in `windows` (None: all), by the UTC hour they were decided in and the method
    of the payment they gave back."""
    r, p = _REFUNDS, _PAYMENTS
    hour = hour_of(r.c.decided_at)
    return (
        sa.select(
            p.c.location_id,
            hour.label("hour"),
            p.c.method,
            p.c.processor,
            sa.func.count().label("refund_count"),
            sa.func.sum(r.c.amount).label("refunded"),
        )
        .select_from(_refunded_payments())
        .where(
            r.c.tenant_id == tenant_id,
            r.c.status == _SUCCEEDED,
            within(windows, p.c.location_id, r.c.decided_at),
        )
        .group_by(p.c.location_id, hour, p.c.method, p.c.processor)
    )


def captured_hours(tenant_id: uuid.UUID, payment_ids: Sequence[uuid.UUID]) -> sa.Select[Any]:
    p = _PAYMENTS
    hour = hour_of(p.c.decided_at)
    return (
        sa.select(p.c.location_id, hour.label("hour"))
        .where(p.c.tenant_id == tenant_id, p.c.status == _SUCCEEDED, p.c.id.in_(payment_ids))
        .distinct()
    )


def refund_hours(tenant_id: uuid.UUID, refund_ids: Sequence[uuid.UUID]) -> sa.Select[Any]:
    r, p = _REFUNDS, _PAYMENTS
    hour = hour_of(r.c.decided_at)
    return (
        sa.select(p.c.location_id, hour.label("hour"))
        .select_from(_refunded_payments())
        .where(r.c.tenant_id == tenant_id, r.c.status == _SUCCEEDED, r.c.id.in_(refund_ids))
        .distinct()
    )
