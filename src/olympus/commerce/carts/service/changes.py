"""Changes to a cart: opening one, its items put in, changed and taken out, its discount codes
entered and taken out; each with its audit row and event."""

import uuid
from typing import Any

from olympus.commerce.carts.errors import CartItemNotFound, CartTooLarge, DiscountCodeNotInCart
from olympus.commerce.carts.models import Cart, CartChannel, CartItem, CartStatus
from olympus.commerce.carts.service.carts import TARGET, items_of
from olympus.commerce.catalog import service as catalog
from olympus.commerce.catalog.errors import LocationCurrencyMismatch, ProductNotSellable
from olympus.commerce.catalog.models import ProductStatus
from olympus.commerce.customers import service as customers
from olympus.commerce.customers.errors import CustomerErased
from olympus.commerce.discounts import service as discounts
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations
from olympus.platform.locations.models import Location

MAX_ITEMS = 100
MAX_QUANTITY = 10_000
MAX_CODES = 5


# --- opening a cart ---------------------------------------------------------------------------


def _record(uow: WriteUnitOfWork, action: str, cart: Cart, changes: dict[str, Any]) -> None:
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
    _record(
        uow,
        "cart.created",
        cart,
        {"channel": cart.channel, "customer_id": None if customer_id is None else str(customer_id)},
    )
    return cart


# --- items ------------------------------------------------------------------------------------


def _touch(uow: WriteUnitOfWork, cart: Cart) -> None:
    cart.last_active_at = uow.clock.now()


async def _sellable(
    uow: ReadUnitOfWork, product_id: uuid.UUID, location: Location
) -> catalog.SellableUnit:
    """The unit, which must exist (404), be sold as itself (409 `product_not_sellable`) and
    be for sale at the location (`check_for_sale`)."""
    unit = await catalog.get_sellable_unit(uow, product_id)
    check_for_sale(unit, location)
    return unit


def check_for_sale(unit: catalog.SellableUnit, location: Location) -> None:
    """Active (409 `product_not_sellable`) and priced in the location's currency (409
    `location_currency_mismatch`)."""
    if unit.status != ProductStatus.ACTIVE.value:
        raise ProductNotSellable(f"The product {unit.sku!r} is {unit.status}, not for sale")
    if unit.currency != location.currency:
        raise LocationCurrencyMismatch(
            f"The product {unit.sku!r} is priced in {unit.currency} and the location "
            f"{location.code!r} sells in {location.currency}"
        )


async def add_item(
    uow: WriteUnitOfWork, cart: Cart, *, product_id: uuid.UUID, quantity: int
) -> CartItem:
    """Put `quantity` units of a sellable unit in the cart (held by `hold_cart`, open): the
    same unit again adds to its line. The unit must be for sale at the cart's location (see
    `_sellable`); a line above MAX_QUANTITY units, or more than MAX_ITEMS lines, is 409
    `cart_too_large`."""
    location = await locations.get_location(uow, cart.location_id)
    unit = await _sellable(uow, product_id, location)
    items = await items_of(uow, cart.id)
    item = next((i for i in items if i.product_id == unit.id), None)
    before = 0 if item is None else item.quantity
    if before + quantity > MAX_QUANTITY:
        raise CartTooLarge(f"A cart line holds at most {MAX_QUANTITY} units")
    now = uow.clock.now()
    if item is None:
        if len(items) >= MAX_ITEMS:
            raise CartTooLarge(f"A cart holds at most {MAX_ITEMS} lines")
        item = CartItem(
            id=new_id(),
            cart_id=cart.id,
            product_id=unit.id,
            quantity=quantity,
            created_at=now,
            updated_at=now,
        )
        uow.session.add(item)
    else:
        item.quantity = before + quantity
        item.updated_at = now
    _touch(uow, cart)
    await uow.session.flush()
    _record(
        uow,
        "cart.item_added",
        cart,
        {
            "item_id": str(item.id),
            "product_id": str(unit.id),
            "quantity": {"from": before, "to": item.quantity},
        },
    )
    return item


async def _item_of(uow: ReadUnitOfWork, cart: Cart, item_id: uuid.UUID) -> CartItem:
    item = await uow.session.get(CartItem, (uow.require_tenant(), item_id))
    if item is None or item.cart_id != cart.id:
        raise CartItemNotFound()
    return item


async def change_item(
    uow: WriteUnitOfWork, cart: Cart, item_id: uuid.UUID, *, quantity: int
) -> CartItem:
    """Set the quantity of a line of the cart (404 `cart_item_not_found`)."""
    item = await _item_of(uow, cart, item_id)
    if item.quantity == quantity:
        return item
    before = item.quantity
    item.quantity = quantity
    item.updated_at = uow.clock.now()
    _touch(uow, cart)
    await uow.session.flush()
    _record(
        uow,
        "cart.item_changed",
        cart,
        {
            "item_id": str(item.id),
            "product_id": str(item.product_id),
            "quantity": {"from": before, "to": quantity},
        },
    )
    return item


async def remove_item(uow: WriteUnitOfWork, cart: Cart, item_id: uuid.UUID) -> None:
    """Take a line out of the cart (404 `cart_item_not_found`)."""
    item = await _item_of(uow, cart, item_id)
    await uow.session.delete(item)
    _touch(uow, cart)
    await uow.session.flush()
    _record(
        uow,
        "cart.item_removed",
        cart,
        {"item_id": str(item.id), "product_id": str(item.product_id), "quantity": item.quantity},
    )


# --- discount codes ---------------------------------------------------------------------------


async def add_discount_code(uow: WriteUnitOfWork, cart: Cart, *, code: str) -> None:
    """Enter a code: it must be offered now (422 `discount_code_invalid` when unknown,
    archived, not yet valid or expired; 409 `discount_exhausted` when used up). Whether it
    fits the cart is the preview's answer. A code already in the cart (in any case) changes
    nothing; more than MAX_CODES codes is 409 `cart_too_large`."""
    key = discounts.code_key(code)
    if any(discounts.code_key(c) == key for c in cart.discount_codes):
        return
    if len(cart.discount_codes) >= MAX_CODES:
        raise CartTooLarge(f"A cart holds at most {MAX_CODES} discount codes")
    await discounts.offers(uow, codes=[code], at=uow.clock.now())
    cart.discount_codes = [*cart.discount_codes, code]
    _touch(uow, cart)
    await uow.session.flush()
    _record(uow, "cart.discount_code_added", cart, {"code": code})


async def remove_discount_code(uow: WriteUnitOfWork, cart: Cart, *, code: str) -> None:
    """Take a code out of the cart, matched in any case (404 `discount_code_not_in_cart`)."""
    key = discounts.code_key(code)
    kept = [c for c in cart.discount_codes if discounts.code_key(c) != key]
    if len(kept) == len(cart.discount_codes):
        raise DiscountCodeNotInCart(f"The cart has no code {code!r}")
    removed = next(c for c in cart.discount_codes if discounts.code_key(c) == key)
    cart.discount_codes = kept
    _touch(uow, cart)
    await uow.session.flush()
    _record(uow, "cart.discount_code_removed", cart, {"code": removed})
