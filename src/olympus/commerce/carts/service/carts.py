"""Finding a cart: the tenant's cart at the caller's locations, whether it may still change,
and what every module of the service reads of a cart (its items as stored, its shown status)."""

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa

from olympus.commerce.carts import locks
from olympus.commerce.carts.errors import CartAlreadyCheckedOut, CartExpired, CartNotFound
from olympus.commerce.carts.models import Cart, CartItem, CartStatus
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork

TARGET = "cart"


# --- a cart's state ---------------------------------------------------------------------------


def expires_at_of(cart: Cart, idle: timedelta) -> datetime | None:
    return cart.last_active_at + idle if cart.status == CartStatus.OPEN.value else None


def shown_status(cart: Cart, idle: timedelta, now: datetime) -> str:
    expires_at = expires_at_of(cart, idle)
    return "expired" if expires_at is not None and expires_at <= now else cart.status


async def items_of(uow: ReadUnitOfWork, cart_id: uuid.UUID) -> list[CartItem]:
    rows = await uow.session.scalars(
        sa.select(CartItem).where(CartItem.cart_id == cart_id).order_by(CartItem.id)
    )
    return list(rows.all())


# --- finding a cart ---------------------------------------------------------------------------


def _check_visible(cart: Cart | None, locations_: frozenset[uuid.UUID] | None) -> Cart:
    if cart is None or (locations_ is not None and cart.location_id not in locations_):
        raise CartNotFound()
    return cart


def _check_not_expired(cart: Cart, idle: timedelta, now: datetime) -> None:
    if shown_status(cart, idle, now) == "expired":
        raise CartExpired(
            f"The cart was left idle for more than {_minutes(idle)} minutes; start a new one"
        )


def _minutes(idle: timedelta) -> int:
    return int(idle.total_seconds() // 60)


async def get_cart(
    uow: ReadUnitOfWork,
    cart_id: uuid.UUID,
    *,
    idle: timedelta,
    locations: frozenset[uuid.UUID] | None = None,
) -> Cart:
    """The tenant's cart at one of `locations` (404 `cart_not_found` otherwise), open or
    checked out; an open cart idle for `idle` or longer is 410 `cart_expired`."""
    cart = _check_visible(await uow.session.get(Cart, (uow.require_tenant(), cart_id)), locations)
    _check_not_expired(cart, idle, uow.clock.now())
    return cart


async def hold_cart(
    uow: WriteUnitOfWork, cart_id: uuid.UUID, *, locations: frozenset[uuid.UUID] | None = None
) -> Cart:
    """The cart, held for a change until the transaction ends (404 as `get_cart`); whether it
    may still change is `ensure_open`'s answer."""
    return _check_visible(await locks.hold_cart(uow, cart_id), locations)


def ensure_open(uow: ReadUnitOfWork, cart: Cart, *, idle: timedelta) -> None:
    """409 `cart_already_checked_out` once checked out (with its `order_id`), 410
    `cart_expired` when idle for `idle` or longer."""
    if cart.status == CartStatus.CHECKED_OUT.value:
        raise CartAlreadyCheckedOut(
            f"The cart was checked out into the order {cart.order_id}", order_id=cart.order_id
        )
    _check_not_expired(cart, idle, uow.clock.now())
