"""HTTP endpoints of orders: take an order at a location (the till's direct path), read and
list orders, fulfil, complete and cancel them, add notes, read their timeline, and a
customer's orders. Reading needs `orders:read`, changing `orders:write`; a caller holding them
only at some locations sees and changes only those locations' orders (an order elsewhere
answers 404 to one who can't read it there, 403 to one who can read but not change it)."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, status

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.errors import PermissionDenied
from olympus.commerce.catalog.errors import (
    LocationCurrencyMismatch,
    ProductNotFound,
    ProductNotSellable,
)
from olympus.commerce.customers.errors import CustomerNotFound
from olympus.commerce.discounts.errors import (
    DiscountCodeInvalid,
    DiscountCustomerLimit,
    DiscountExhausted,
)
from olympus.commerce.inventory.errors import InsufficientStock
from olympus.commerce.orders import service
from olympus.commerce.orders.errors import (
    FulfilmentExceedsOrdered,
    InvalidFulfilment,
    InvalidTransition,
    OrderNotFound,
    ProductNotAvailable,
)
from olympus.commerce.orders.models import Order, OrderStatus, OrderTimelineEntry
from olympus.commerce.orders.schemas import (
    CancelIn,
    FulfilmentCreate,
    NoteIn,
    OrderCreate,
    OrderRead,
    OrderSummary,
    TimelineEntryOut,
)
from olympus.core import idempotency
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.errors import responses
from olympus.core.idempotency import (
    IdempotencyConflict,
    IdempotencyInProgress,
    IdempotencyKeyHeader,
    InvalidIdempotencyKey,
)
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.core.schemas import QueryDatetime
from olympus.platform.locations.errors import LocationArchived, LocationNotFound

router = APIRouter(prefix="/api/v1/orders", tags=["orders"])
customer_orders_router = APIRouter(prefix="/api/v1/customers", tags=["orders"])

READ = "orders:read"
WRITE = "orders:write"
_AUTH = PERMISSION_ERRORS
_IDEMPOTENCY = (IdempotencyConflict, IdempotencyInProgress, InvalidIdempotencyKey)

Reader = Annotated[Principal, RequirePermission(READ, scoped=True)]
Writer = Annotated[Principal, RequirePermission(WRITE, scoped=True)]


def _summary(order: Order) -> OrderSummary:
    return OrderSummary(
        id=order.id,
        number=order.reference,
        status=order.status,
        channel=order.channel,
        location_id=order.location_id,
        customer_id=order.customer_id,
        total=order.total,
        currency=order.currency,
        paid_total=order.paid_total,
        refunded_total=order.refunded_total,
        created_at=order.created_at,
    )


def _entry_out(entry: OrderTimelineEntry) -> TimelineEntryOut:
    return TimelineEntryOut.model_validate(entry, from_attributes=True)


def _refuse_unless_may(principal: Principal, order: Order, permission: str) -> None:
    """An order at a location the caller can't read is not there for them (404); one they
    can read but not change there is 403."""
    authz = principal.authz
    if authz.can(permission, order.location_id):
        return
    if not authz.can(READ, order.location_id):
        raise OrderNotFound()
    raise PermissionDenied(f"Changing orders at this location needs {permission!r} there")


async def _readable(uow: ReadUnitOfWork, principal: Principal, order_id: uuid.UUID) -> Order:
    order = await service.get_order(uow, order_id)
    _refuse_unless_may(principal, order, READ)
    return order


async def _changeable(uow: WriteUnitOfWork, principal: Principal, order_id: uuid.UUID) -> Order:
    order = await service.hold_order(uow, order_id)
    _refuse_unless_may(principal, order, WRITE)
    return order


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=OrderRead,
    summary="Take an order",
    description=(
        "Prices every item at the location's price now (`pricing`: the location's tax, the "
        "automatic discounts and the `discount_codes` that apply; rounding per line, half "
        "to even), counts the discounts' uses, holds the stock at `location_id` and numbers "
        "the order. Not enough stock for a line: 409 `insufficient_stock` (with "
        "`product_id`, `requested`, `available`), nothing held. A code unknown, expired or "
        "not yet valid: 422 `discount_code_invalid`; used up: 409 `discount_exhausted`. "
        "The order starts `pending`. Honours `Idempotency-Key`. Needs `orders:write` at the "
        "location."
    ),
    responses=responses(
        *_AUTH,
        *_IDEMPOTENCY,
        LocationNotFound,
        LocationArchived,
        CustomerNotFound,
        ProductNotFound,
        ProductNotSellable,
        ProductNotAvailable,
        LocationCurrencyMismatch,
        DiscountCodeInvalid,
        DiscountExhausted,
        DiscountCustomerLimit,
        InsufficientStock,
    ),
)
async def create_order(
    body: OrderCreate,
    request: Request,
    principal: Writer,
    uow: TenantWriteUoWDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Any:
    if not principal.authz.can(WRITE, body.location_id):
        raise PermissionDenied(f"Selling at this location needs {WRITE!r} there")

    async def run() -> OrderRead:
        return await service.create_order(
            uow,
            location_id=body.location_id,
            customer_id=body.customer_id,
            lines=body.lines(),
            discount_codes=body.discount_codes,
        )

    return await idempotency.idempotent(
        uow,
        request,
        key=idempotency_key,
        payload=body,
        status_code=status.HTTP_201_CREATED,
        run=run,
    )


@router.get(
    "",
    response_model=Page[OrderSummary],
    summary="List orders",
    description=(
        "Newest first, at the locations where the caller holds `orders:read`. Filters: "
        "`status`, `location_id`, `customer_id`, and `created_from` (inclusive) / "
        "`created_to` (exclusive)."
    ),
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_orders(
    principal: Reader,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    status_: Annotated[OrderStatus | None, Query(alias="status")] = None,
    location_id: Annotated[uuid.UUID | None, Query()] = None,
    customer_id: Annotated[uuid.UUID | None, Query()] = None,
    created_from: Annotated[QueryDatetime | None, Query(description="Inclusive")] = None,
    created_to: Annotated[QueryDatetime | None, Query(description="Exclusive")] = None,
) -> Page[OrderSummary]:
    orders, cursor = await service.list_orders(
        uow,
        filters=service.OrderFilter(
            status=status_,
            location_id=location_id,
            customer_id=customer_id,
            created_from=created_from,
            created_to=created_to,
            visible=principal.authz.locations_for(READ),
        ),
        page=page,
    )
    return Page[OrderSummary](items=[_summary(o) for o in orders], next_cursor=cursor)


@router.get(
    "/{order_id}",
    response_model=OrderRead,
    summary="Read an order",
    description="With its items, the discounts that applied and what was paid and refunded.",
    responses=responses(*_AUTH, OrderNotFound),
)
async def get_order(order_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep) -> OrderRead:
    return await service.read_order(uow, await _readable(uow, principal, order_id))


@router.get(
    "/{order_id}/timeline",
    response_model=list[TimelineEntryOut],
    summary="An order's timeline",
    description=(
        "Everything that happened to the order, oldest first, each with its actor and time: "
        "its creation, every transition, payment, refund and fulfilment, and the notes."
    ),
    responses=responses(*_AUTH, OrderNotFound),
)
async def get_timeline(
    order_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep
) -> list[TimelineEntryOut]:
    order = await _readable(uow, principal, order_id)
    return [_entry_out(e) for e in await service.timeline(uow, order.id)]


@router.post(
    "/{order_id}/fulfill",
    response_model=OrderRead,
    summary="Fulfil an order",
    description=(
        "Hands over items of a `paid` or `partially_fulfilled` order: `{lines: [{item_id, "
        "quantity}]}`, or with no body everything left. Their stock moves from reserved to "
        "sold at the order's location. The order becomes `fulfilled` when nothing is left, "
        "else `partially_fulfilled`. Another state: 409 `invalid_transition`; an item not "
        "of the order or named twice: 422 `invalid_fulfilment`; more than is left of an "
        "item: 409 `fulfilment_exceeds_remaining`."
    ),
    responses=responses(
        *_AUTH, OrderNotFound, InvalidTransition, InvalidFulfilment, FulfilmentExceedsOrdered
    ),
)
async def fulfil_order(
    order_id: uuid.UUID,
    principal: Writer,
    uow: TenantWriteUoWDep,
    body: FulfilmentCreate | None = None,
) -> OrderRead:
    order = await _changeable(uow, principal, order_id)
    lines = None if body is None else [(line.item_id, line.quantity) for line in body.lines]
    return await service.fulfil_order(uow, order, lines=lines)


@router.post(
    "/{order_id}/complete",
    response_model=OrderRead,
    summary="Complete an order",
    description="A `fulfilled` order is done. Another state: 409 `invalid_transition`.",
    responses=responses(*_AUTH, OrderNotFound, InvalidTransition),
)
async def complete_order(
    order_id: uuid.UUID, principal: Writer, uow: TenantWriteUoWDep
) -> OrderRead:
    return await service.complete_order(uow, await _changeable(uow, principal, order_id))


@router.post(
    "/{order_id}/cancel",
    response_model=OrderRead,
    summary="Cancel an order",
    description=(
        "Only a `pending` or `paid` order (nothing handed over yet; else 409 "
        "`invalid_transition`), with a `reason`. Its held stock is available again and its "
        "discount uses are given back. Money already paid stays refundable (`refundable` in "
        "the timeline entry and the `order.cancelled` event): refund it through payments, "
        "which moves the order to `partially_refunded`, then `refunded`."
    ),
    responses=responses(*_AUTH, OrderNotFound, InvalidTransition),
)
async def cancel_order(
    order_id: uuid.UUID, body: CancelIn, principal: Writer, uow: TenantWriteUoWDep
) -> OrderRead:
    order = await _changeable(uow, principal, order_id)
    return await service.cancel_order(uow, order, reason=body.reason)


@router.post(
    "/{order_id}/notes",
    status_code=status.HTTP_201_CREATED,
    response_model=TimelineEntryOut,
    summary="Add a note to an order",
    description="`{text}` on the order's timeline, in any state.",
    responses=responses(*_AUTH, OrderNotFound),
)
async def add_note(
    order_id: uuid.UUID, body: NoteIn, principal: Writer, uow: TenantWriteUoWDep
) -> TimelineEntryOut:
    order = await _changeable(uow, principal, order_id)
    return _entry_out(await service.add_note(uow, order, text=body.text))


@customer_orders_router.get(
    "/{customer_id}/orders",
    response_model=Page[OrderSummary],
    summary="A customer's orders",
    description=(
        "Newest first, at the locations where the caller holds `orders:read`. An unknown "
        "customer: 404 `customer_not_found`."
    ),
    responses=responses(*_AUTH, CustomerNotFound, InvalidCursor),
)
async def list_customer_orders(
    customer_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep, page: PageParamsDep
) -> Page[OrderSummary]:
    orders, cursor = await service.customer_orders(
        uow, customer_id, page=page, visible=principal.authz.locations_for(READ)
    )
    return Page[OrderSummary](items=[_summary(o) for o in orders], next_cursor=cursor)
