"""Row locks on carts: every change of a cart (an item, a code, the checkout) holds the cart's
row first, so two changes of one cart take turns and a checkout sees the cart as the last
change left it."""

import uuid

import sqlalchemy as sa

from olympus.commerce.carts.models import Cart
from olympus.core.db import WriteUnitOfWork


async def hold_cart(uow: WriteUnitOfWork, cart_id: uuid.UUID) -> Cart | None:
    """The cart, locked until the transaction ends and read as the last writer left it; None
    if the tenant has no such cart. One row by its whole primary key, so there is no order to
    keep. On SQLite the writing transaction already holds the database's write lock."""
    stmt = (
        sa.select(Cart)
        .where(Cart.tenant_id == uow.require_tenant(), Cart.id == cart_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await uow.session.scalars(stmt)).one_or_none()
