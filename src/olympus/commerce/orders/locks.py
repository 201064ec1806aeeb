"""Row locks of orders: every change of an order (a payment, a refund, a fulfilment, a
cancellation, a note) holds the order's row, so changes of one order take turns and each
sees what the last one left."""

import uuid

import sqlalchemy as sa

from olympus.commerce.orders.models import Order
from olympus.core.db import WriteUnitOfWork


async def hold_order(uow: WriteUnitOfWork, order_id: uuid.UUID) -> Order | None:
    """The order, locked until the transaction ends and read as the last writer left it;
    None if the tenant has no such order. One row by its whole primary key, so there is no
    order to keep. On SQLite the writing transaction already holds the database's write
    lock."""
    stmt = (
        sa.select(Order)
        .where(Order.tenant_id == uow.require_tenant(), Order.id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await uow.session.scalars(stmt)).one_or_none()
