"""Row locks of payments. Whoever changes a payment (its settling by the client's request or
by the processor's webhook, a refund) first locks its order through the orders service, then
the payment, then the refund: one order of locks everywhere, so none deadlocks. Each is one
row by its whole primary key; on SQLite the writing transaction already holds the
database's write lock."""

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from olympus.commerce.payments.models import Payment, PaymentRefund, PaymentSettings
from olympus.core.db import WriteUnitOfWork


async def hold_payment(uow: WriteUnitOfWork, payment_id: uuid.UUID) -> Payment | None:
    """The payment, locked until the transaction ends and read as the last writer left it."""
    stmt = (
        sa.select(Payment)
        .where(Payment.tenant_id == uow.require_tenant(), Payment.id == payment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await uow.session.scalars(stmt)).one_or_none()


async def hold_refund(uow: WriteUnitOfWork, refund_id: uuid.UUID) -> PaymentRefund | None:
    stmt = (
        sa.select(PaymentRefund)
        .where(PaymentRefund.tenant_id == uow.require_tenant(), PaymentRefund.id == refund_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await uow.session.scalars(stmt)).one_or_none()


async def hold_settings(uow: WriteUnitOfWork) -> PaymentSettings:
    """The tenant's payment settings row, created with the defaults if it has none, locked:
    two changes of the settings take turns and neither loses the other's keys."""
    tenant_id = uow.require_tenant()
    stmt = (
        sa.select(PaymentSettings)
        .where(PaymentSettings.tenant_id == tenant_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    row = (await uow.session.scalars(stmt)).one_or_none()
    if row is not None:
        return row
    values = {"tenant_id": tenant_id, "processor": "test", "updated_at": uow.clock.now()}
    bind = uow.session.bind
    dialect = postgresql if bind is not None and bind.dialect.name == "postgresql" else sqlite
    # A concurrent first writer may insert the row between the two statements: ours then
    # waits for it, does nothing, and the select below queues for its lock.
    await uow.session.execute(
        dialect.insert(PaymentSettings).values(values).on_conflict_do_nothing()
    )
    return (await uow.session.scalars(stmt)).one()
