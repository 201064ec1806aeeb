"""Cart rules: open a cart at a location, put sellable units in it, enter discount codes, and
price it live on every answer with `pricing.quote` (the location's tax policy, the tenant's
automatic discounts and the cart's codes, at this moment); carts left idle expire, and the
prune removes them; checkout makes the cart one order through the orders service.

A cart is location-bound: the caller names the locations it may act at (`locations`, None for
every location), and a cart elsewhere answers as if it did not exist. Every change holds the
cart's row first (`hold_cart`), refuses a cart checked out (409) or expired (410), moves
its `last_active_at`, and writes its audit row and its event in the caller's transaction.

The preview never fails on what changed since the cart was filled: an item whose unit can no
longer be sold is shown with its `problem` and priced at nothing, and a code no longer valid is
shown not applied, with why. Checkout prices everything again in the order, and refuses
them there."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from olympus.commerce.carts import locks
from olympus.commerce.carts.errors import (
    CartAlreadyCheckedOut,
    CartEmpty,
    CartExpired,
    CartItemNotFound,
    CartNotFound,
    CartTooLarge,
    DiscountCodeNotInCart,
)
from olympus.commerce.carts.models import Cart, CartChannel, CartItem, CartStatus
from olympus.commerce.catalog import service as catalog
from olympus.commerce.catalog.errors import (
    LocationCurrencyMismatch,
    ProductNotFound,
    ProductNotSellable,
)
from olympus.commerce.catalog.models import ProductStatus
from olympus.commerce.customers import service as customers
from olympus.commerce.customers.errors import CustomerErased
from olympus.commerce.discounts import service as discounts
from olympus.commerce.discounts.errors import DiscountCodeInvalid, DiscountExhausted
from olympus.commerce.orders import service as orders
from olympus.commerce.orders.schemas import OrderLineRequest, OrderRead
from olympus.commerce.pricing import service as pricing
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.tenancy import unscoped
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations
from olympus.platform.locations.models import Location

TARGET = "cart"
MAX_ITEMS = 100
MAX_QUANTITY = 10_000
MAX_CODES = 5
# Why an item can't be priced, or a code can't be offered: shown in the preview, not raised.
_ITEM_PROBLEMS = (ProductNotFound, ProductNotSellable, LocationCurrencyMismatch)
_CODE_PROBLEMS = (DiscountCodeInvalid, DiscountExhausted)


# --- what a cart answers ----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemView:
    id: uuid.UUID
    product_id: uuid.UUID
    sku: str | None
    name: str | None
    quantity: int
    unit_price: int
    subtotal: int
    discount: int
    tax: int
    line_total: int
    # The error code that keeps the unit from being sold now (priced at nothing), or None.
    problem: str | None


@dataclass(frozen=True)
class CodeView:
    code: str
    applied: bool
    # Why not: pricing's reason (not_active, below_min_subtotal, no_eligible_items) or the
    # discounts' error code (discount_code_invalid, discount_exhausted).
    reason: str | None


@dataclass(frozen=True)
class CartView:
    cart: Cart
    status: str
    expires_at: datetime | None
    items: list[ItemView]
    discount_codes: list[CodeView]
    discounts: list[pricing.AppliedDiscount]
    subtotal: int
    discount_total: int
    tax_total: int
    total: int
    currency: str
    prices_include_tax: bool


@dataclass(frozen=True)
class _Unit:
    """An item's unit as the preview prices it: its line, or the problem that stops it."""

    item: CartItem
    sku: str | None
    name: str | None
    line: pricing.Line | None
    problem: str | None


def _expires_at(cart: Cart, idle: timedelta) -> datetime | None:
    return cart.last_active_at + idle if cart.status == CartStatus.OPEN.value else None


def _shown_status(cart: Cart, idle: timedelta, now: datetime) -> str:
    expires_at = _expires_at(cart, idle)
    return "expired" if expires_at is not None and expires_at <= now else cart.status


async def _unit(uow: ReadUnitOfWork, item: CartItem, location: Location) -> _Unit:
    try:
        unit = await catalog.get_sellable_unit(uow, item.product_id)
    except _ITEM_PROBLEMS as exc:
        return _Unit(item, None, None, None, exc.code)
    try:
        _check_for_sale(unit, location)
        price = await catalog.price_at(uow, unit.id, location.id)
    except _ITEM_PROBLEMS as exc:
        return _Unit(item, unit.sku, unit.name, None, exc.code)
    line = pricing.Line(
        key=str(item.id),
        product_id=unit.id,
        unit_price=price,
        quantity=item.quantity,
        tax_class=unit.tax_class,
    )
    return _Unit(item, unit.sku, unit.name, line, None)


async def _offers(
    uow: ReadUnitOfWork, codes: Sequence[str], at: datetime
) -> tuple[list[pricing.Discount], dict[str, str]]:
    """The discounts to price with, and the codes that can't be offered now with why. One
    look-up in the usual case; code by code only when one of them is refused."""
    try:
        return await discounts.offers(uow, codes=codes, at=at), {}
    except _CODE_PROBLEMS:
        pass
    offered = await discounts.offers(uow, codes=[], at=at)
    refused: dict[str, str] = {}
    for code in codes:
        try:
            offered.extend((await discounts.offers(uow, codes=[code], at=at))[-1:])
        except _CODE_PROBLEMS as exc:
            refused[discounts.code_key(code)] = exc.code
    return offered, refused


def _code_views(
    codes: Sequence[str],
    offered: Sequence[pricing.Discount],
    refused: dict[str, str],
    quote: pricing.Quote,
) -> list[CodeView]:
    by_key = {discounts.code_key(d.code): d.id for d in offered if d.code is not None}
    applied = {d.id for d in quote.discounts}
    skipped = dict(quote.not_applied)
    views = []
    for code in codes:
        key = discounts.code_key(code)
        discount_id = by_key.get(key)
        if discount_id is None:
            views.append(CodeView(code, False, refused.get(key, "discount_code_invalid")))
        elif discount_id in applied:
            views.append(CodeView(code, True, None))
        else:
            views.append(CodeView(code, False, skipped.get(discount_id)))
    return views


async def _items_of(uow: ReadUnitOfWork, cart_id: uuid.UUID) -> list[CartItem]:
    rows = await uow.session.scalars(
        sa.select(CartItem).where(CartItem.cart_id == cart_id).order_by(CartItem.id)
    )
    return list(rows.all())


async def view(uow: ReadUnitOfWork, cart: Cart, *, idle: timedelta) -> CartView:
    """The cart with its live price: its items priced at its location now, the tenant's
    automatic discounts and the cart's codes applied, taxed by the location's policy."""
    now = uow.clock.now()
    location = await locations.get_location(uow, cart.location_id)
    policy = await pricing.tax_policy_at(uow, location.id)
    units = [await _unit(uow, item, location) for item in await _items_of(uow, cart.id)]
    offered, refused = await _offers(uow, cart.discount_codes, now)
    lines = [u.line for u in units if u.line is not None]
    if pricing.needs_categories(offered):
        lineage = await catalog.category_lineage(uow, (line.product_id for line in lines))
        lines = pricing.with_categories(lines, lineage)
    quote = pricing.quote(
        lines,
        currency=location.currency,
        at=now,
        discounts=offered,
        tax_rates=policy.rates,
        prices_include_tax=policy.prices_include_tax,
    )
    priced = {line.key: line for line in quote.lines}
    items = []
    for unit in units:
        line = priced.get(str(unit.item.id))
        items.append(
            ItemView(
                id=unit.item.id,
                product_id=unit.item.product_id,
                sku=unit.sku,
                name=unit.name,
                quantity=unit.item.quantity,
                unit_price=0 if line is None else line.unit_price,
                subtotal=0 if line is None else line.subtotal,
                discount=0 if line is None else line.discount,
                tax=0 if line is None else line.tax,
                line_total=0 if line is None else line.total,
                problem=unit.problem,
            )
        )
    return CartView(
        cart=cart,
        status=_shown_status(cart, idle, now),
        expires_at=_expires_at(cart, idle),
        items=items,
        discount_codes=_code_views(cart.discount_codes, offered, refused, quote),
        discounts=list(quote.discounts),
        subtotal=quote.subtotal,
        discount_total=quote.discount_total,
        tax_total=quote.tax_total,
        total=quote.total,
        currency=quote.currency,
        prices_include_tax=quote.prices_include_tax,
    )


# --- finding a cart ---------------------------------------------------------------------------


def _check_visible(cart: Cart | None, locations_: frozenset[uuid.UUID] | None) -> Cart:
    if cart is None or (locations_ is not None and cart.location_id not in locations_):
        raise CartNotFound()
    return cart


def _check_not_expired(cart: Cart, idle: timedelta, now: datetime) -> None:
    if _shown_status(cart, idle, now) == "expired":
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


# --- changes ----------------------------------------------------------------------------------


def _record(uow: WriteUnitOfWork, action: str, cart: Cart, changes: dict[str, Any]) -> None:
    audit.record(uow, action=action, target_type=TARGET, target_id=cart.id, changes=changes)
    record_event(
        uow,
        action,
        {"cart_id": str(cart.id), "location_id": str(cart.location_id), **changes},
    )


def _touch(uow: WriteUnitOfWork, cart: Cart) -> None:
    cart.last_active_at = uow.clock.now()


async def _sellable(
    uow: ReadUnitOfWork, product_id: uuid.UUID, location: Location
) -> catalog.SellableUnit:
    """The unit, which must exist (404), be sold as itself (409 `product_not_sellable`) and
    be for sale at the location (`_check_for_sale`)."""
    unit = await catalog.get_sellable_unit(uow, product_id)
    _check_for_sale(unit, location)
    return unit


def _check_for_sale(unit: catalog.SellableUnit, location: Location) -> None:
    """Active (409 `product_not_sellable`) and priced in the location's currency (409
    `location_currency_mismatch`)."""
    if unit.status != ProductStatus.ACTIVE.value:
        raise ProductNotSellable(f"The product {unit.sku!r} is {unit.status}, not for sale")
    if unit.currency != location.currency:
        raise LocationCurrencyMismatch(
            f"The product {unit.sku!r} is priced in {unit.currency} and the location "
            f"{location.code!r} sells in {location.currency}"
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


async def add_item(
    uow: WriteUnitOfWork, cart: Cart, *, product_id: uuid.UUID, quantity: int
) -> CartItem:
    """Put `quantity` units of a sellable unit in the cart (held by `hold_cart`, open): the
    same unit again adds to its line. The unit must be for sale at the cart's location (see
    `_sellable`); a line above MAX_QUANTITY units, or more than MAX_ITEMS lines, is 409
    `cart_too_large`."""
    location = await locations.get_location(uow, cart.location_id)
    unit = await _sellable(uow, product_id, location)
    items = await _items_of(uow, cart.id)
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


# --- checkout ---------------------------------------------------------------------------------


async def checkout(uow: WriteUnitOfWork, cart: Cart, *, idle: timedelta) -> OrderRead:
    """Turn the cart (held by `hold_cart`) into an order, once. The orders service prices it
    again now, counts its codes' uses and holds its stock (409 `insufficient_stock`,
    `discount_exhausted`, ... and nothing written); then one conditional statement moves the
    cart from open to checked out, so a cart becomes one order at most, whatever runs at the
    same time (the orders' own unique `cart_id` refuses a second one too). An empty cart is
    409 `cart_empty`; a cart checked out or expired is refused as by `ensure_open`."""
    ensure_open(uow, cart, idle=idle)
    items = await _items_of(uow, cart.id)
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


# --- expiry -----------------------------------------------------------------------------------


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
