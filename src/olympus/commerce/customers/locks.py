"""Row locks on customers: writers of one customer take turns on its row, so a change and an
erasure (or two changes of its tags) never interleave."""

import uuid

import sqlalchemy as sa

from olympus.commerce.customers.models import Customer
from olympus.core.db import WriteUnitOfWork


async def hold_customer(uow: WriteUnitOfWork, customer_id: uuid.UUID) -> Customer | None:
    """The customer, locked until the transaction ends and read as the last writer left it;
    None if the tenant has no such customer. One row by its whole primary key, so there is
    no order to keep. On SQLite the writing transaction already holds the database's write
    lock."""
    stmt = (
        sa.select(Customer)
        .where(Customer.tenant_id == uow.require_tenant(), Customer.id == customer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await uow.session.scalars(stmt)).one_or_none()
