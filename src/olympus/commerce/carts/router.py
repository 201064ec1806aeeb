"""HTTP endpoints of carts. A cart is a sale being put together at a location, so carts use the
orders' permissions at that location: opening, changing and checking out a cart needs
`orders:write` there, reading one `orders:read` (or `orders:write`) there. A cart at a location
where the caller holds neither answers 404, as if it did not exist; one they may only read
answers 403 to a change. Every answer is the whole cart with its live price; checkout answers
the order it made."""

import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, status

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.errors import PermissionDenied
from olympus.commerce.carts import service
from olympus.commerce.carts.errors import (
    CartAlreadyCheckedOut,
    CartEmpty,
    CartExpired,
    CartItemNotFound,
    CartNotFound,
    CartTooLarge,
    DiscountCodeNotInCart,
)
from olympus.commerce.carts.models import Cart
from olympus.commerce.carts.schemas import (
    CartCodeAdd,
    CartCodeOut,
    CartCreate,
    CartDiscountOut,
    CartItemAdd,
    CartItemChange,
    CartItemOut,
    CartOut,
)
from olympus.commerce.catalog.errors import (
    LocationCurrencyMismatch,
    ProductNotFound,
    ProductNotSellable,
)
from olympus.commerce.customers.errors import CustomerErased, CustomerNotFound
from olympus.commerce.discounts.errors import (
    DiscountCodeInvalid,
    DiscountCustomerLimit,
    DiscountExhausted,
)
from olympus.commerce.inventory.errors import InsufficientStock
from olympus.commerce.orders.errors import ProductNotAvailable
from olympus.commerce.orders.schemas import OrderRead
from olympus.core import idempotency
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.errors import responses
from olympus.core.idempotency import (
    IdempotencyConflict,
    IdempotencyInProgress,
    IdempotencyKeyHeader,
    InvalidIdempotencyKey,
)
from olympus.platform.locations.errors import LocationArchived, LocationNotFound

router = APIRouter(prefix="/api/v1/carts", tags=["carts"])

READ = "orders:read"
WRITE = "orders:write"
_AUTH = PERMISSION_ERRORS
_CHANGE = (*_AUTH, CartNotFound, CartAlreadyCheckedOut, CartExpired)
_UNIT = (ProductNotFound, ProductNotSellable, LocationCurrencyMismatch)
_CODES = (DiscountCodeInvalid, DiscountExhausted)
_IDEMPOTENCY = (IdempotencyConflict, IdempotencyInProgress, InvalidIdempotencyKey)

Reader = Annotated[Principal, RequirePermission(READ, scoped=True)]
Writer = Annotated[Principal, RequirePermission(WRITE, scoped=True)]


def _idle_time(request: Request) -> timedelta:
    return timedelta(minutes=request.app.state.settings.cart_idle_minutes)


IdleTime = Annotated[timedelta, Depends(_idle_time)]


def _visible(principal: Principal) -> frozenset[uuid.UUID] | None:
    """The locations whose carts the caller may see (None: every location)."""
    readable = principal.authz.locations_for(READ)
    writable = principal.authz.locations_for(WRITE)
    if readable is None or writable is None:
        return None
    return readable | writable


def _may_change(principal: Principal, location_id: uuid.UUID) -> None:
    if not principal.authz.can(WRITE, location_id):
        raise PermissionDenied(f"Carts at this location need {WRITE!r} there")


async def _out(uow: ReadUnitOfWork, cart: Cart, idle: timedelta) -> CartOut:
    view = await service.view(uow, cart, idle=idle)
    return CartOut(
        id=cart.id,
        location_id=cart.location_id,
        customer_id=cart.customer_id,
        channel=cart.channel,
        status=view.status,
        order_id=cart.order_id,
        items=[
            CartItemOut(
                id=i.id,
                product_id=i.product_id,
                sku=i.sku,
                name=i.name,
                quantity=i.quantity,
                unit_price=i.unit_price,
                subtotal=i.subtotal,
                discount=i.discount,
                tax=i.tax,
                line_total=i.line_total,
                problem=i.problem,
            )
            for i in view.items
        ],
        discount_codes=[
            CartCodeOut(code=c.code, applied=c.applied, reason=c.reason)
            for c in view.discount_codes
        ],
        discounts=[
            CartDiscountOut(discount_id=d.id, name=d.name, code=d.code, amount=d.amount)
            for d in view.discounts
        ],
        subtotal=view.subtotal,
        discount_total=view.discount_total,
        tax_total=view.tax_total,
        total=view.total,
        currency=view.currency,
        prices_include_tax=view.prices_include_tax,
        created_at=cart.created_at,
        last_active_at=cart.last_active_at,
        expires_at=view.expires_at,
        checked_out_at=cart.checked_out_at,
    )


async def _open_cart(
    uow: WriteUnitOfWork, principal: Principal, cart_id: uuid.UUID, idle: timedelta
) -> Cart:
    """The cart held for a change: 404 where the caller can't see it, 403 where they may
    only read, then 409/410 if it can't change any more."""
    cart = await service.hold_cart(uow, cart_id, locations=_visible(principal))
    _may_change(principal, cart.location_id)
    service.ensure_open(uow, cart, idle=idle)
    return cart


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CartOut,
    summary="Open a cart",
    description=(
        "An empty cart at an active location (404 `location_not_found`, 409 "
        "`location_archived`), for a customer of the tenant if given (404 "
        "`customer_not_found`, 409 `customer_erased`). `channel` is `pos` (a till) or "
        "`online`; the order made at checkout keeps it. Needs `orders:write` at the location. "
        "The cart expires when left unchanged for `CART_IDLE_MINUTES` (see `expires_at`)."
    ),
    responses=responses(
        *_AUTH, LocationNotFound, LocationArchived, CustomerNotFound, CustomerErased
    ),
)
async def create_cart(
    body: CartCreate, principal: Writer, uow: TenantWriteUoWDep, idle: IdleTime
) -> CartOut:
    _may_change(principal, body.location_id)
    cart = await service.create_cart(
        uow, location_id=body.location_id, customer_id=body.customer_id, channel=body.channel
    )
    return await _out(uow, cart, idle)


@router.get(
    "/{cart_id}",
    response_model=CartOut,
    summary="Read a cart",
    description=(
        "The cart priced now: every item at the location's price, the tenant's automatic "
        "discounts and the cart's codes applied, tax by the location's policy. A checked-out "
        "cart shows its `order_id` (its prices are today's; the order keeps what was "
        "charged). An open cart idle past `expires_at` answers 410 `cart_expired`, until the "
        "prune removes it (404)."
    ),
    responses=responses(*_AUTH, CartNotFound, CartExpired),
)
async def get_cart(
    cart_id: uuid.UUID,
    principal: Reader,
    uow: TenantReadUoWDep,
    idle: IdleTime,
    etag: IfNoneMatchDep,
) -> CartOut:
    return etag.tag(await _as_is(uow, principal, cart_id, idle))


async def _as_is(
    uow: ReadUnitOfWork, principal: Principal, cart_id: uuid.UUID, idle: timedelta
) -> CartOut:
    cart = await service.get_cart(uow, cart_id, idle=idle, locations=_visible(principal))
    return await _out(uow, cart, idle)


@router.post(
    "/{cart_id}/items",
    response_model=CartOut,
    summary="Add an item",
    description=(
        "`product_id` is a sellable unit (a plain product or a variant) of the tenant (404 "
        "`product_not_found`), active (409 `product_not_sellable`, also for a product with "
        "variants) and priced in the location's currency (409 `location_currency_mismatch`). "
        "The same unit again adds to its line. At most 100 lines and 10,000 units a line "
        "(409 `cart_too_large`). Stock is not held: it is checked at checkout."
    ),
    responses=responses(*_CHANGE, *_UNIT, CartTooLarge),
)
async def add_cart_item(
    cart_id: uuid.UUID,
    body: CartItemAdd,
    principal: Writer,
    uow: TenantWriteUoWDep,
    idle: IdleTime,
) -> CartOut:
    cart = await _open_cart(uow, principal, cart_id, idle)
    await service.add_item(uow, cart, product_id=body.product_id, quantity=body.quantity)
    return await _out(uow, cart, idle)


@router.patch(
    "/{cart_id}/items/{item_id}",
    response_model=CartOut,
    summary="Change an item's quantity",
    description="Sets the line's quantity (1-10,000; to take it out, delete it).",
    responses=responses(*_CHANGE, CartItemNotFound),
)
async def change_cart_item(
    cart_id: uuid.UUID,
    item_id: uuid.UUID,
    body: CartItemChange,
    principal: Writer,
    uow: TenantWriteUoWDep,
    idle: IdleTime,
    etag: IfMatchDep,
) -> CartOut:
    await etag.check(
        uow, Cart, Cart.id == cart_id, current=lambda: _as_is(uow, principal, cart_id, idle)
    )
    cart = await _open_cart(uow, principal, cart_id, idle)
    await service.change_item(uow, cart, item_id, quantity=body.quantity)
    return etag.tag(await _out(uow, cart, idle))


@router.delete(
    "/{cart_id}/items/{item_id}",
    response_model=CartOut,
    summary="Remove an item",
    description="Takes the line out; answers the cart as it is then.",
    responses=responses(*_CHANGE, CartItemNotFound),
)
async def remove_cart_item(
    cart_id: uuid.UUID,
    item_id: uuid.UUID,
    principal: Writer,
    uow: TenantWriteUoWDep,
    idle: IdleTime,
    etag: IfMatchDep,
) -> CartOut:
    await etag.check(
        uow, Cart, Cart.id == cart_id, current=lambda: _as_is(uow, principal, cart_id, idle)
    )
    cart = await _open_cart(uow, principal, cart_id, idle)
    await service.remove_item(uow, cart, item_id)
    return etag.tag(await _out(uow, cart, idle))


@router.post(
    "/{cart_id}/discount-codes",
    response_model=CartOut,
    summary="Enter a discount code",
    description=(
        "The code (any case) must be offered now: 422 `discount_code_invalid` when unknown, "
        "archived, not yet valid or expired; 409 `discount_exhausted` when used up. Whether "
        "it fits the cart shows in `discount_codes` (`applied`, `reason`). A code already "
        "entered changes nothing; at most 5 codes (409 `cart_too_large`). Codes are counted "
        "as used only by the order made at checkout."
    ),
    responses=responses(*_CHANGE, *_CODES, CartTooLarge),
)
async def add_cart_discount_code(
    cart_id: uuid.UUID,
    body: CartCodeAdd,
    principal: Writer,
    uow: TenantWriteUoWDep,
    idle: IdleTime,
) -> CartOut:
    cart = await _open_cart(uow, principal, cart_id, idle)
    await service.add_discount_code(uow, cart, code=body.code)
    return await _out(uow, cart, idle)


@router.delete(
    "/{cart_id}/discount-codes/{code}",
    response_model=CartOut,
    summary="Remove a discount code",
    description="Matched in any case (404 `discount_code_not_in_cart`).",
    responses=responses(*_CHANGE, DiscountCodeNotInCart),
)
async def remove_cart_discount_code(
    cart_id: uuid.UUID,
    code: Annotated[str, Path(max_length=40)],
    principal: Writer,
    uow: TenantWriteUoWDep,
    idle: IdleTime,
) -> CartOut:
    cart = await _open_cart(uow, principal, cart_id, idle)
    await service.remove_discount_code(uow, cart, code=code)
    return await _out(uow, cart, idle)


@router.post(
    "/{cart_id}/checkout",
    status_code=status.HTTP_201_CREATED,
    response_model=OrderRead,
    summary="Check out a cart",
    description=(
        "Turns the cart into an order at its location, once, and answers the order (as "
        "`POST /api/v1/orders` does). The order is priced again now (the cart's preview may "
        "have changed), its codes' uses are counted (409 `discount_exhausted`, "
        "`discount_customer_limit`; 422 `discount_code_invalid` for a code no longer "
        "valid: remove it and check out again) and its stock held at the location (409 "
        "`insufficient_stock`, nothing held); on any refusal nothing is written and the "
        "cart stays open. The order keeps the cart's `channel` and names it (`cart_id`). A "
        "cart already checked out is 409 `cart_already_checked_out` (with `order_id`), an "
        "empty one 409 `cart_empty`, an expired one 410 `cart_expired`. Honours "
        "`Idempotency-Key`: a retry with the same key replays the first answer."
    ),
    responses=responses(
        *_CHANGE,
        *_IDEMPOTENCY,
        CartEmpty,
        LocationArchived,
        *_UNIT,
        ProductNotAvailable,
        *_CODES,
        DiscountCustomerLimit,
        InsufficientStock,
    ),
)
async def checkout_cart(
    cart_id: uuid.UUID,
    request: Request,
    principal: Writer,
    uow: TenantWriteUoWDep,
    idle: IdleTime,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Any:
    cart = await service.hold_cart(uow, cart_id, locations=_visible(principal))
    _may_change(principal, cart.location_id)

    async def run() -> OrderRead:
        return await service.checkout(uow, cart, idle=idle)

    return await idempotency.idempotent(
        uow,
        request,
        key=idempotency_key,
        payload=None,
        status_code=status.HTTP_201_CREATED,
        run=run,
    )
