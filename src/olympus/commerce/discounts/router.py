"""HTTP endpoints of discounts. Reading needs `discounts:read`, creating, changing and archiving
`discounts:write`, both tenant-wide. Carts and orders use discounts through the service
(`offers`, `claim_uses`, `release_uses`), not through these endpoints."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.commerce.catalog.errors import CategoryNotFound, ProductNotFound
from olympus.commerce.discounts import service
from olympus.commerce.discounts.errors import (
    DiscountArchived,
    DiscountCodeTaken,
    DiscountNotFound,
    InvalidDiscount,
)
from olympus.commerce.discounts.models import Discount, DiscountStatus
from olympus.commerce.discounts.schemas import DiscountCreate, DiscountOut, DiscountUpdate
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.core.schemas import QueryDatetime

router = APIRouter(prefix="/api/v1/discounts", tags=["discounts"])

_AUTH = PERMISSION_ERRORS
Reader = Annotated[Principal, RequirePermission("discounts:read")]
Writer = Annotated[Principal, RequirePermission("discounts:write")]


def _out(discount: Discount) -> DiscountOut:
    return DiscountOut.model_validate(discount, from_attributes=True)


@router.get(
    "",
    response_model=Page[DiscountOut],
    summary="List discounts",
    description=(
        "In creation order. `q` looks for a case-insensitive part of the code or the name; "
        "`automatic` keeps the automatic discounts (or those with a code); `status` keeps "
        "`active` or `archived` ones; `active_at` keeps those not archived whose window holds "
        "that moment (they may still be used up: see `used_count`)."
    ),
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_discounts(
    _: Reader,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    q: Annotated[str | None, Query(max_length=200, description="In code or name")] = None,
    automatic: Annotated[bool | None, Query(description="Automatic ones, or coded ones")] = None,
    status_: Annotated[
        DiscountStatus | None, Query(alias="status", description="`active` or `archived`")
    ] = None,
    active_at: Annotated[
        QueryDatetime | None, Query(description="Those that apply at this moment")
    ] = None,
) -> Page[DiscountOut]:
    rows, cursor = await service.list_discounts(
        uow,
        filters=service.DiscountFilter(
            q=q, automatic=automatic, status=status_, active_at=active_at
        ),
        page=page,
    )
    return Page[DiscountOut](items=[_out(r) for r in rows], next_cursor=cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=DiscountOut,
    summary="Create a discount",
    description=(
        "A discount has a `code` (matched in any case, unique in the tenant in any case: 409 "
        "`discount_code_taken`) or is `automatic` (no code; it applies to every cart it "
        "fits); both or neither is 422 `invalid_discount`. `percentage`: `value` per cent "
        "off (0-100, two decimals); `fixed`: `value` minor units off; `buy_x_get_y`: in every "
        "group of `buy_quantity` + `get_quantity` eligible units, the cheapest "
        "`get_quantity` are `value` per cent off (100 = free). `ends_at` must be after "
        "`starts_at`. `product_ids` and `category_ids` must be the tenant's (404)."
    ),
    responses=responses(
        *_AUTH, InvalidDiscount, DiscountCodeTaken, ProductNotFound, CategoryNotFound
    ),
)
async def create_discount(body: DiscountCreate, _: Writer, uow: TenantWriteUoWDep) -> DiscountOut:
    return _out(await service.create_discount(uow, terms=body.terms()))


@router.get(
    "/{discount_id}",
    response_model=DiscountOut,
    summary="Read a discount",
    description="Archived discounts too, with their `used_count`.",
    responses=responses(*_AUTH, DiscountNotFound),
)
async def get_discount(
    discount_id: uuid.UUID, _: Reader, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> DiscountOut:
    return etag.tag(await _as_is(uow, discount_id))


async def _as_is(uow: ReadUnitOfWork, discount_id: uuid.UUID) -> DiscountOut:
    return _out(await service.get_discount(uow, discount_id))


@router.patch(
    "/{discount_id}",
    response_model=DiscountOut,
    summary="Change a discount",
    description=(
        "Only the fields sent change; the type can't. `code`, `starts_at`, `ends_at`, "
        "`usage_limit` and `usage_limit_per_customer` may be sent as null to clear them. The "
        "discount as it would become is checked as a new one (422 `invalid_discount`), and "
        "`usage_limit` may not go below `used_count`. An archived discount can't be changed "
        "(409 `discount_archived`)."
    ),
    responses=responses(
        *_AUTH,
        DiscountNotFound,
        InvalidDiscount,
        DiscountCodeTaken,
        DiscountArchived,
        ProductNotFound,
        CategoryNotFound,
    ),
)
async def update_discount(
    discount_id: uuid.UUID,
    body: DiscountUpdate,
    _: Writer,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
) -> DiscountOut:
    await etag.check(
        uow, Discount, Discount.id == discount_id, current=lambda: _as_is(uow, discount_id)
    )
    discount = await service.hold_discount(uow, discount_id)
    return etag.tag(_out(await service.update_discount(uow, discount, changes=body.changes())))


@router.delete(
    "/{discount_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Archive a discount",
    description=(
        "Never a hard delete: orders keep naming the discount, so it is archived (status "
        "`archived`). It no longer applies nor is offered, stays readable and listed, and "
        "keeps its code and `used_count`. Archiving an archived discount answers 204 again "
        "and changes nothing."
    ),
    responses=responses(*_AUTH, DiscountNotFound),
)
async def archive_discount(
    discount_id: uuid.UUID, _: Writer, uow: TenantWriteUoWDep, etag: IfMatchDep
) -> Response:
    await etag.check(
        uow, Discount, Discount.id == discount_id, current=lambda: _as_is(uow, discount_id)
    )
    await service.archive_discount(uow, discount_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
