"""Reading payments and refunds, their answers, and the permissions each act on a payment
needs at its location."""

import uuid
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import sqlalchemy as sa

from olympus.auth.errors import PermissionDenied
from olympus.commerce.payments.errors import PaymentNotFound
from olympus.commerce.payments.models import Payment, PaymentMethod, PaymentRefund
from olympus.commerce.payments.schemas import PaymentOut, RefundOut
from olympus.core.db import ReadUnitOfWork
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.rbac.authorization import Authorization

# Reading a payment needs what reading its order needs; taking and refunding their own.
READ = "orders:read"
PROCESS = "payments:process"
REFUND = "payments:refund"


def check_may(authz: Authorization, permission: str, location_id: uuid.UUID) -> None:
    if not authz.can(permission, location_id):
        raise PermissionDenied(
            f"This needs the permission {permission!r} at the order's location",
            permission=permission,
        )


def payment_out(payment: Payment) -> PaymentOut:
    cash = payment.method == PaymentMethod.CASH
    return PaymentOut(
        id=payment.id,
        order_id=payment.order_id,
        location_id=payment.location_id,
        status=payment.status,
        method=payment.method,
        processor=payment.processor,
        amount=payment.amount,
        currency=payment.currency,
        refunded_amount=payment.refunded_amount,
        failure_code=payment.failure_code,
        tendered=payment.tendered if cash else None,
        change_due=(payment.tendered or payment.amount) - payment.amount if cash else None,
        reference=payment.reference,
        created_at=payment.created_at,
        decided_at=payment.decided_at,
    )


def refund_out(refund: PaymentRefund, payment: Payment) -> RefundOut:
    return RefundOut(
        id=refund.id,
        payment_id=refund.payment_id,
        order_id=refund.order_id,
        status=refund.status,
        amount=refund.amount,
        failure_code=refund.failure_code,
        reference=refund.reference,
        created_at=refund.created_at,
        decided_at=refund.decided_at,
        payment=payment_out(payment),
    )


async def find_payment(uow: ReadUnitOfWork, payment_id: uuid.UUID) -> Payment | None:
    stmt = sa.select(Payment).where(Payment.id == payment_id)
    return (await uow.session.scalars(stmt)).one_or_none()


async def get_payment(
    uow: ReadUnitOfWork,
    payment_id: uuid.UUID,
    *,
    locations: AbstractSet[uuid.UUID] | None = None,
) -> Payment:
    """The payment; one at a location outside `locations` (None: every location) is 404,
    as if it did not exist."""
    payment = await find_payment(uow, payment_id)
    if payment is None or (locations is not None and payment.location_id not in locations):
        raise PaymentNotFound()
    return payment


@dataclass(frozen=True)
class PaymentFilter:
    order_id: uuid.UUID | None = None
    status: str | None = None
    locations: AbstractSet[uuid.UUID] | None = None


async def list_payments(
    uow: ReadUnitOfWork, *, filters: PaymentFilter, page: PageParams
) -> tuple[list[Payment], str | None]:
    """Oldest first (the order the payments of an order were taken in)."""
    stmt = sa.select(Payment)
    if filters.order_id is not None:
        stmt = stmt.where(Payment.order_id == filters.order_id)
    if filters.status is not None:
        stmt = stmt.where(Payment.status == filters.status)
    if filters.locations is not None:
        stmt = stmt.where(Payment.location_id.in_(sorted(filters.locations)))
    return await fetch_page(uow.session, stmt, page, Payment.id)


async def find_payment_by_key(uow: ReadUnitOfWork, idempotency_key: str) -> Payment | None:
    stmt = sa.select(Payment).where(Payment.idempotency_key == idempotency_key)
    return (await uow.session.scalars(stmt)).one_or_none()


async def find_refund_by_key(uow: ReadUnitOfWork, idempotency_key: str) -> PaymentRefund | None:
    stmt = sa.select(PaymentRefund).where(PaymentRefund.idempotency_key == idempotency_key)
    return (await uow.session.scalars(stmt)).one_or_none()
