"""Checkout: the cart made one order through the orders service, once."""

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from olympus.commerce.carts.errors import CartAlreadyCheckedOut, CartEmpty
from olympus.commerce.carts.models import Cart, CartStatus
from olympus.commerce.carts.service.carts import TARGET, ensure_open, items_of
from olympus.commerce.orders import service as orders
from olympus.commerce.orders.schemas import OrderLineRequest, OrderRead
from olympus.core.db import WriteUnitOfWork
from olympus.core.events import record_event
from olympus.platform.audit import service as audit


# The audit row and event of a change, as in `changes`: each module writing events keeps its
# own, since the event catalogue reads an event's type from the callers in the same module.
def _record(uow: WriteUnitOfWork, action: str, cart: Cart, changes: dict[str, Any]) -> None:
    audit.record(uow, action=action, target_type=TARGET, target_id=cart.id, changes=changes)
    record_event(
        uow,
        action,
        {"cart_id": str(cart.id), "location_id": str(cart.location_id), **changes},
    )


async def checkout(uow: WriteUnitOfWork, cart: Cart, *, idle: timedelta) -> OrderRead:
    """Turn the cart (held by `hold_cart`) into an order, once. The orders service prices it
    again now, counts its codes' uses and holds its stock (409 `insufficient_stock`,
    `discount_exhausted`, ... and nothing written); then one conditional statement moves the
    cart from open to checked out, so a cart becomes one order at most, whatever runs at the
    same time (the orders' own unique `cart_id` refuses a second one too). An empty cart is
    409 `cart_empty`; a cart checked out or expired is refused as by `ensure_open`."""
    ensure_open(uow, cart, idle=idle)
    items = await items_of(uow, cart.id)
    if not items:
        raise CartEmpty("Put at least one item in the cart first")
    order = await orders.create_order(
        uow,
        location_id=cart.location_id,
        customer_id=cart.customer_id,
        lines=[OrderLineRequest(item.product_id, item.quantity) for item in items],
        discount_codes=cart.discount_codes,
        channel=cart.channel,
        cart_id=cart.id,
    )
    now = uow.clock.now()
    moved = await uow.session.execute(
        sa.update(Cart)
        .where(Cart.id == cart.id, Cart.status == CartStatus.OPEN.value)
        .values(
            status=CartStatus.CHECKED_OUT.value,
            order_id=order.id,
            checked_out_at=now,
            last_active_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(moved, "rowcount", 0) != 1:
        raise CartAlreadyCheckedOut("The cart was checked out meanwhile")
    await uow.session.refresh(cart)
    _record(
        uow,
        "cart.checked_out",
        cart,
        {
            "order_id": str(order.id),
            "number": order.number,
            "total": order.total,
            "currency": order.currency,
        },
    )
    return order
