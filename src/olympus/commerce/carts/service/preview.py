"""What a cart answers: its items and codes priced live at its location (`view`)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from olympus.commerce.carts.models import Cart, CartItem
from olympus.commerce.carts.service.carts import expires_at_of, items_of, shown_status
from olympus.commerce.carts.service.changes import check_for_sale
from olympus.commerce.catalog import service as catalog
from olympus.commerce.catalog.errors import (
    LocationCurrencyMismatch,
    ProductNotFound,
    ProductNotSellable,
)
from olympus.commerce.discounts import service as discounts
from olympus.commerce.discounts.errors import DiscountCodeInvalid, DiscountExhausted
from olympus.commerce.pricing import service as pricing
from olympus.core.db import ReadUnitOfWork
from olympus.platform.locations import service as locations
from olympus.platform.locations.models import Location

# Why an item can't be priced, or a code can't be offered: shown in the preview, not raised.
_ITEM_PROBLEMS = (ProductNotFound, ProductNotSellable, LocationCurrencyMismatch)
_CODE_PROBLEMS = (DiscountCodeInvalid, DiscountExhausted)


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


async def _unit(uow: ReadUnitOfWork, item: CartItem, location: Location) -> _Unit:
    try:
        unit = await catalog.get_sellable_unit(uow, item.product_id)
    except _ITEM_PROBLEMS as exc:
        return _Unit(item, None, None, None, exc.code)
    try:
        check_for_sale(unit, location)
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


async def view(uow: ReadUnitOfWork, cart: Cart, *, idle: timedelta) -> CartView:
    """The cart with its live price: its items priced at its location now, the tenant's
    automatic discounts and the cart's codes applied, taxed by the location's policy."""
    now = uow.clock.now()
    location = await locations.get_location(uow, cart.location_id)
    policy = await pricing.tax_policy_at(uow, location.id)
    units = [await _unit(uow, item, location) for item in await items_of(uow, cart.id)]
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
        status=shown_status(cart, idle, now),
        expires_at=expires_at_of(cart, idle),
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
