"""Card payments left pending (a customer who never finished the card's authentication, a
request that died before the processor's answer was stored): finding them for the sweep,
and claiming one so that neither a retry of its request nor another process's sweep asks
its processor at the same time."""

import uuid
from datetime import datetime

import sqlalchemy as sa

from olympus.commerce.payments.models import Payment, PaymentMethod, PaymentStatus
from olympus.commerce.payments.service.reads import find_payment
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork

# The failure code of a payment the sweep cancelled at its processor.
ABANDONED = "abandoned"


def _abandoned(older_than: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        Payment.status == PaymentStatus.PENDING,
        Payment.method == PaymentMethod.CARD,
        Payment.created_at <= older_than,
    )


async def tenants_with_abandoned_payments(
    uow: ReadUnitOfWork, *, older_than: datetime, limit: int = 100
) -> list[uuid.UUID]:
    """For the sweep, in a system unit of work (its one look across tenants): the tenants
    with card payments pending since before `older_than`."""
    stmt = (
        sa.select(Payment.tenant_id)
        .where(_abandoned(older_than))
        .group_by(Payment.tenant_id)
        .limit(limit)
    )
    return list((await uow.session.scalars(stmt)).all())


async def abandoned_payments(
    uow: ReadUnitOfWork, *, older_than: datetime, idle_since: datetime, limit: int = 100
) -> list[Payment]:
    """The tenant's card payments pending since before `older_than` whose processor was
    last asked before `idle_since` (no request is asking it now), oldest first."""
    stmt = (
        sa.select(Payment)
        .where(_abandoned(older_than), Payment.attempted_at <= idle_since)
        .order_by(Payment.created_at, Payment.id)
        .limit(limit)
    )
    return list((await uow.session.scalars(stmt)).all())


async def claim_abandoned(
    uow: WriteUnitOfWork, payment_id: uuid.UUID, *, idle_since: datetime
) -> Payment | None:
    """The payment, claimed for the sweep while it is still pending and idle since
    `idle_since`: one conditional update of when its processor was last asked, the one a
    retry of its request takes over with, so of the two (and of several sweeps) one only
    asks the processor. None: decided or taken meanwhile."""
    stmt = (
        sa.update(Payment)
        .where(
            Payment.id == payment_id,
            Payment.status == PaymentStatus.PENDING,
            Payment.attempted_at <= idle_since,
        )
        .values(attempted_at=uow.clock.now())
        .returning(Payment.id)
        .execution_options(synchronize_session=False)
    )
    claimed = (await uow.session.execute(stmt)).scalar_one_or_none()
    return None if claimed is None else await find_payment(uow, claimed)
