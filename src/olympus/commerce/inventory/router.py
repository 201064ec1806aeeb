"""HTTP endpoints of the inventory: stock per sellable unit and location, its ledger,
transfers, reservations and low-stock thresholds. Reading needs `inventory:read`, changing
`inventory:write`; a caller holding them only at some locations sees only those locations'
stock and changes stock only there (403 elsewhere)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.errors import PermissionDenied
from olympus.commerce.catalog.errors import ProductNotFound, ProductNotSellable
from olympus.commerce.inventory import service
from olympus.commerce.inventory.errors import (
    InsufficientStock,
    ReservationExpired,
    ReservationNotActive,
    ReservationNotFound,
    ReservationOwnedByOrder,
    SameLocation,
)
from olympus.commerce.inventory.schemas import (
    AdjustmentCreate,
    LocationStockOut,
    MovementOut,
    ReservationCreate,
    ReservationEnd,
    ReservationLineOut,
    ReservationOut,
    ReservationOwnerOut,
    StockOut,
    ThresholdSet,
    TransferCreate,
    TransferOut,
)
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.platform.locations.errors import LocationArchived, LocationNotFound

router = APIRouter(prefix="/api/v1/inventory", tags=["inventory"])

READ = "inventory:read"
WRITE = "inventory:write"
_AUTH = PERMISSION_ERRORS
_UNIT = (ProductNotFound, ProductNotSellable)
_LOCATION = (LocationNotFound, LocationArchived)

# What releasing or committing a reservation through the API may answer.
_OWNED_REFUSALS = (
    *_AUTH,
    ReservationNotFound,
    ReservationNotActive,
    ReservationExpired,
    ReservationOwnedByOrder,
)

Reader = Annotated[Principal, RequirePermission(READ, scoped=True)]
Writer = Annotated[Principal, RequirePermission(WRITE, scoped=True)]


def _may_change(principal: Principal, *location_ids: uuid.UUID) -> None:
    for location_id in location_ids:
        if not principal.authz.can(WRITE, location_id):
            raise PermissionDenied(f"Changing stock at this location needs {WRITE!r} there")


def _level_out(level: service.Level) -> LocationStockOut:
    return LocationStockOut(
        location_id=level.location_id,
        on_hand=level.on_hand,
        reserved=level.reserved,
        available=level.available,
        low_stock_threshold=level.low_stock_threshold,
    )


def _movement_out(movement: service.Movement) -> MovementOut:
    return MovementOut(
        id=movement.id,
        product_id=movement.product_id,
        location_id=movement.location_id,
        kind=movement.kind,
        on_hand_delta=movement.on_hand_delta,
        reserved_delta=movement.reserved_delta,
        on_hand_after=movement.on_hand_after,
        reserved_after=movement.reserved_after,
        available_after=movement.available_after,
        reason=movement.reason,
        actor_id=movement.actor_id,
        reference_id=movement.reference_id,
        created_at=movement.created_at,
    )


def _reservation_out(reservation: service.ReservationView) -> ReservationOut:
    return ReservationOut(
        id=reservation.id,
        status=reservation.status,
        location_id=reservation.location_id,
        expires_at=reservation.expires_at,
        lines=[
            ReservationLineOut(product_id=line.product_id, quantity=line.quantity)
            for line in reservation.lines
        ],
        reason=reservation.reason,
        created_at=reservation.created_at,
        ended_at=reservation.ended_at,
        owner=None
        if reservation.owner is None
        else ReservationOwnerOut(kind=reservation.owner.kind.value, id=reservation.owner.id),
    )


# --- reservations (before /{product_id}: their paths are more specific) ----------------------


@router.post(
    "/reservations",
    status_code=status.HTTP_201_CREATED,
    response_model=ReservationOut,
    summary="Reserve stock at a location",
    description=(
        "Holds every line at `location_id` for `expires_in` seconds (default 900, at most "
        "7 days), all or nothing: a line with fewer available answers 409 "
        "`insufficient_stock` (with `product_id`, `requested` and `available`) and nothing "
        "is held. Each `product_id` is a sellable unit (a plain product or a variant) named "
        "once. Held stock stays on hand but is no longer available; it comes back by "
        "`release`, by expiry, or leaves with `commit` (a sale). Needs `inventory:write` at "
        "the location."
    ),
    responses=responses(*_AUTH, *_UNIT, *_LOCATION, InsufficientStock),
)
async def create_reservation(
    body: ReservationCreate, principal: Writer, uow: TenantWriteUoWDep
) -> ReservationOut:
    _may_change(principal, body.location_id)
    reservation = await service.reserve(
        uow,
        location_id=body.location_id,
        lines=[(line.product_id, line.quantity) for line in body.lines],
        expires_in=body.expires_in,
        reason=body.reason,
    )
    return _reservation_out(reservation)


async def _reservation_for(
    uow: ReadUnitOfWork,
    principal: Principal,
    reservation_id: uuid.UUID,
    permission: str,
) -> service.ReservationView:
    """The reservation, if the caller holds `permission` at its location; one at a location
    they can't even read answers 404, as if it did not exist."""
    reservation = await service.get_reservation(uow, reservation_id)
    authz = principal.authz
    if not authz.can(permission, reservation.location_id):
        if not authz.can(READ, reservation.location_id):
            raise ReservationNotFound()
        raise PermissionDenied(f"Changing stock at this location needs {WRITE!r} there")
    return reservation


@router.get(
    "/reservations/{reservation_id}",
    response_model=ReservationOut,
    summary="Read a reservation",
    description=(
        "An active reservation past `expires_at` shows as `expired` (its stock is "
        "returned by the sweeper, every `RESERVATION_SWEEP_SECONDS`)."
    ),
    responses=responses(*_AUTH, ReservationNotFound),
)
async def get_reservation(
    reservation_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep
) -> ReservationOut:
    return _reservation_out(await _reservation_for(uow, principal, reservation_id, READ))


@router.post(
    "/reservations/{reservation_id}/release",
    response_model=ReservationOut,
    summary="Release a reservation",
    description=(
        "The held stock is available again (release movements). Only an active "
        "reservation: 409 `reservation_not_active` once committed or released, "
        "`reservation_expired` past its time. A reservation held for an order (`owner`) "
        "moves only through the order (fulfil or cancel it): 409 "
        "`reservation_owned_by_order`, with the `order_id`. Takes an optional `{reason}`."
    ),
    responses=responses(*_OWNED_REFUSALS),
)
async def release_reservation(
    reservation_id: uuid.UUID,
    principal: Writer,
    uow: TenantWriteUoWDep,
    body: ReservationEnd | None = None,
) -> ReservationOut:
    await _reservation_for(uow, principal, reservation_id, WRITE)
    reason = body.reason if body else ""
    return _reservation_out(await service.release_reservation(uow, reservation_id, reason=reason))


@router.post(
    "/reservations/{reservation_id}/commit",
    response_model=ReservationOut,
    summary="Commit a reservation to a sale",
    description=(
        "The held stock is sold: `on_hand` and `reserved` both drop (sale movements). The "
        "same refusals as `release`, `reservation_owned_by_order` included."
    ),
    responses=responses(*_OWNED_REFUSALS),
)
async def commit_reservation(
    reservation_id: uuid.UUID,
    principal: Writer,
    uow: TenantWriteUoWDep,
    body: ReservationEnd | None = None,
) -> ReservationOut:
    await _reservation_for(uow, principal, reservation_id, WRITE)
    reason = body.reason if body else ""
    return _reservation_out(await service.commit_reservation(uow, reservation_id, reason=reason))


# --- transfers --------------------------------------------------------------------------------


@router.post(
    "/transfers",
    status_code=status.HTTP_201_CREATED,
    response_model=TransferOut,
    summary="Transfer stock between locations",
    description=(
        "One operation: the source loses `quantity` on hand and the destination gains it, "
        "or nothing changes. More than is available at the source (on hand and not "
        "reserved) answers 409 `insufficient_stock`; the same location twice 422 "
        "`same_location`. Two movements (`transfer_out`, `transfer_in`) carry the "
        "transfer's id as `reference_id`. Needs `inventory:write` at both locations."
    ),
    responses=responses(*_AUTH, *_UNIT, *_LOCATION, InsufficientStock, SameLocation),
)
async def create_transfer(
    body: TransferCreate, principal: Writer, uow: TenantWriteUoWDep
) -> TransferOut:
    _may_change(principal, body.from_location_id, body.to_location_id)
    done = await service.transfer(
        uow,
        body.product_id,
        from_location_id=body.from_location_id,
        to_location_id=body.to_location_id,
        quantity=body.quantity,
        reason=body.reason,
    )
    return TransferOut(
        id=done.id,
        product_id=done.product_id,
        from_location_id=body.from_location_id,
        to_location_id=body.to_location_id,
        quantity=done.quantity,
        reason=done.reason,
        source=_level_out(done.from_level),
        destination=_level_out(done.to_level),
        created_at=done.created_at,
    )


# --- a unit's stock ---------------------------------------------------------------------------


@router.get(
    "/{product_id}",
    response_model=StockOut,
    summary="Read a unit's stock",
    description=(
        "`product_id` is a sellable unit: a plain product or a variant (a product with "
        "variants answers 409 `product_not_sellable`: ask for each variant). Totals and one "
        "entry per location that has (or had) stock of it; a caller holding "
        "`inventory:read` only at some locations sees those locations, and totals over them."
    ),
    responses=responses(*_AUTH, *_UNIT),
)
async def get_stock(product_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep) -> StockOut:
    stock = await service.get_stock(uow, product_id, visible=principal.authz.locations_for(READ))
    return StockOut(
        product_id=stock.product_id,
        on_hand=stock.on_hand,
        reserved=stock.reserved,
        available=stock.available,
        locations=[_level_out(level) for level in stock.locations],
    )


@router.post(
    "/{product_id}/adjustments",
    status_code=status.HTTP_201_CREATED,
    response_model=MovementOut,
    summary="Adjust a unit's stock at a location",
    description=(
        "`delta` units more or fewer on hand (a count, damage, a find), with a `reason`; "
        "the answer is the movement appended to the ledger, with the level after it. "
        "Fewer than available answers 409 `insufficient_stock` and changes nothing: "
        "reserved stock can't be adjusted away. Needs `inventory:write` at the location."
    ),
    responses=responses(*_AUTH, *_UNIT, *_LOCATION, InsufficientStock),
)
async def adjust_stock(
    product_id: uuid.UUID, body: AdjustmentCreate, principal: Writer, uow: TenantWriteUoWDep
) -> MovementOut:
    _may_change(principal, body.location_id)
    movement = await service.adjust(
        uow, product_id, location_id=body.location_id, delta=body.delta, reason=body.reason
    )
    return _movement_out(movement)


@router.get(
    "/{product_id}/movements",
    response_model=Page[MovementOut],
    summary="A unit's ledger of movements",
    description=(
        "Newest first. Every change of stock is a movement, never changed or removed: "
        "`on_hand_delta` and `reserved_delta` say what it changed, `on_hand_after` and "
        "`reserved_after` what the level was after it. `location_id` keeps one location's."
    ),
    responses=responses(*_AUTH, *_UNIT, LocationNotFound, InvalidCursor),
)
async def list_movements(
    product_id: uuid.UUID,
    principal: Reader,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    location_id: Annotated[uuid.UUID | None, Query(description="At this location")] = None,
) -> Page[MovementOut]:
    movements, cursor = await service.list_movements(
        uow,
        product_id,
        page=page,
        location_id=location_id,
        visible=principal.authz.locations_for(READ),
    )
    return Page[MovementOut](items=[_movement_out(m) for m in movements], next_cursor=cursor)


@router.put(
    "/{product_id}/thresholds/{location_id}",
    response_model=LocationStockOut,
    summary="Set a unit's low-stock threshold at a location",
    description=(
        "When available falls to `threshold` or below, `inventory.low_stock` is published "
        "once, and not again until it has risen above. Setting a threshold the level is "
        "already at or below publishes it at once. `null` removes it. Needs "
        "`inventory:write` at the location."
    ),
    responses=responses(*_AUTH, *_UNIT, *_LOCATION),
)
async def set_threshold(
    product_id: uuid.UUID,
    location_id: uuid.UUID,
    body: ThresholdSet,
    principal: Writer,
    uow: TenantWriteUoWDep,
) -> LocationStockOut:
    _may_change(principal, location_id)
    level = await service.set_threshold(uow, product_id, location_id, threshold=body.threshold)
    return _level_out(level)
