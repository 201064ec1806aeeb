"""Expiry: the prune of the open carts left idle, across tenants."""

from datetime import timedelta

import sqlalchemy as sa

from olympus.commerce.carts.models import Cart, CartItem, CartStatus
from olympus.core.db import WriteUnitOfWork
from olympus.core.tenancy import unscoped


async def prune_expired(uow: WriteUnitOfWork, *, idle: timedelta) -> int:
    """Delete the open carts of every tenant idle for `idle` or longer, with their items (a
    system unit of work: the prune crosses tenants); checked-out carts stay, as the record of
    their orders. Returns how many carts went."""
    due = sa.and_(
        Cart.status == CartStatus.OPEN.value, Cart.last_active_at <= uow.clock.now() - idle
    )
    with unscoped(uow.session):
        await uow.session.execute(
            sa.delete(CartItem)
            .where(
                sa.tuple_(CartItem.tenant_id, CartItem.cart_id).in_(
                    sa.select(Cart.tenant_id, Cart.id).where(due)
                )
            )
            .execution_options(synchronize_session=False)
        )
        result = await uow.session.execute(
            sa.delete(Cart).where(due).execution_options(synchronize_session=False)
        )
    count: int = getattr(result, "rowcount", 0)
    return count
