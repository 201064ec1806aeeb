"""Finding a cart and opening one, and what every module of the service reads or writes of a
cart: its items as stored, its shown status, the audit row and event of each change."""

import uuid
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from olympus.commerce.carts import locks
from olympus.commerce.carts.errors import CartAlreadyCheckedOut, CartExpired, CartNotFound
from olympus.commerce.carts.models import Cart, CartChannel, CartItem, CartStatus
from olympus.commerce.customers import service as customers
from olympus.commerce.customers.errors import CustomerErased
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations

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


# --- opening a cart, and what every change writes ---------------------------------------------


def record(uow: WriteUnitOfWork, action: str, cart: Cart, changes: dict[str, Any]) -> None:
    audit.record(uow, action=action, target_type=TARGET, target_id=cart.id, changes=changes)
    record_event(
        uow,
        action,
        {"cart_id": str(cart.id), "location_id": str(cart.location_id), **changes},
    )


async def create_cart(
    uow: WriteUnitOfWork,
    *,
    location_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    channel: CartChannel,
) -> Cart:
    """An empty open cart at an active location (404 `location_not_found`, 409
    `location_archived`), for a customer of the tenant if given (404 `customer_not_found`,
    409 `customer_erased`)."""
    location = await locations.get_active_location(uow, location_id)
    if customer_id is not None:
        customer = await customers.get_customer(uow, customer_id)
        if customer.erased_at is not None:
            raise CustomerErased("This customer's record was erased")
    now = uow.clock.now()
    cart = Cart(
        id=new_id(),
        location_id=location.id,
        customer_id=customer_id,
        channel=channel.value,
        status=CartStatus.OPEN.value,
        discount_codes=[],
        order_id=None,
        created_by=uow.actor_id,
        created_at=now,
        last_active_at=now,
        checked_out_at=None,
    )
    uow.session.add(cart)
    await uow.session.flush()
    record(
        uow,
        "cart.created",
        cart,
        {"channel": cart.channel, "customer_id": None if customer_id is None else str(customer_id)},
    )
    return cart
