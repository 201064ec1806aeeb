"""Row locks on discounts: a change of a discount holds its row, so it never interleaves with
another change, an archiving or the counting of a use (which takes the same row)."""

import uuid

import sqlalchemy as sa

from olympus.commerce.discounts.models import Discount
from olympus.core.db import WriteUnitOfWork


async def hold_discount(uow: WriteUnitOfWork, discount_id: uuid.UUID) -> Discount | None:
    """The discount, locked until the transaction ends and read as the last writer left it;
    None if the tenant has no such discount. One row by its whole primary key, so there is no
    order to keep. On SQLite the writing transaction already holds the database's write
    lock."""
    stmt = (
        sa.select(Discount)
        .where(Discount.tenant_id == uow.require_tenant(), Discount.id == discount_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await uow.session.scalars(stmt)).one_or_none()
