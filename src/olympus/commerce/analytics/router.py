"""HTTP endpoints of analytics: sales over time, top products, the payment mix, locations side
by side and orders by weekday and hour. Each needs `analytics:read`; a caller holding it at
some locations only sees those locations' figures (another location asked for answers 404).
Every report answers JSON, or CSV with `Accept: text/csv` or `?format=csv`."""

import csv
import io
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel
from starlette.responses import Response

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
)
from olympus.commerce.analytics import service
from olympus.commerce.analytics.errors import InvalidPeriod, TooManyPeriods
from olympus.commerce.analytics.schemas import (
    HoursReport,
    Interval,
    LocationsReport,
    PaymentMixReport,
    ProductMeasure,
    SalesReport,
    TopProductsReport,
)
from olympus.core.errors import responses
from olympus.platform.locations.errors import LocationNotFound

router = APIRouter(prefix="/api/v1/analytics", tags=["analytics"])

READ = "analytics:read"
Reader = Annotated[Principal, RequirePermission(READ, scoped=True)]
_CSV = "text/csv"
_ERRORS = responses(*PERMISSION_ERRORS, InvalidPeriod, TooManyPeriods, LocationNotFound)
_CSV_ANSWER = {"content": {_CSV: {"schema": {"type": "string"}}}}
_COMMON = (
    " The window: `from` and `to` as dates (local days of the report's zone, `to` included) "
    "or RFC 3339 times (rounded to whole hours); by default the 30 days up to today. The "
    "zone is the tenant's `default_timezone`, or the location's own when `location_id` is "
    "given. Needs `analytics:read` (at a location: only its figures). CSV with "
    "`Accept: text/csv` or `?format=csv`. See docs/API.md for what counts when."
)

From = Annotated[
    str | None, Query(alias="from", description="Start: a date (local) or an RFC 3339 time")
]
To = Annotated[
    str | None,
    Query(alias="to", description="End: a date (local, included) or an RFC 3339 time"),
]
LocationFilter = Annotated[uuid.UUID | None, Query(description="One location only")]
Format = Annotated[
    Literal["json", "csv"] | None, Query(alias="format", description="`csv` for a CSV answer")
]


def _moment(raw: str | None, name: str) -> date | datetime | None:
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InvalidPeriod(
            f"`{name}` is neither a date (YYYY-MM-DD) nor an RFC 3339 time"
        ) from None
    if moment.tzinfo is None:
        raise InvalidPeriod(f"`{name}` needs its UTC offset (Z or +hh:mm)")
    return moment


async def _report_scope(
    principal: Reader,
    uow: TenantReadUoWDep,
    start: From = None,
    end: To = None,
    location_id: LocationFilter = None,
) -> service.Scope:
    """The window, zone and locations every report covers, from its shared parameters."""
    return await service.report_scope(
        uow,
        start=_moment(start, "from"),
        end=_moment(end, "to"),
        location_id=location_id,
        visible=principal.authz.locations_for(READ),
    )


ReportScope = Annotated[service.Scope, Depends(_report_scope)]


def _csv_wanted(request: Request, fmt: Format = None) -> bool:
    """CSV when `?format=csv`, or without `format` when the Accept header asks for it."""
    if fmt is not None:
        return fmt == "csv"
    accept = request.headers.get("accept", "")
    return any(part.split(";")[0].strip().lower() == _CSV for part in accept.split(","))


WantsCsv = Annotated[bool, Depends(_csv_wanted)]


def _csv(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type=f"{_CSV}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _table(name: str, items: Sequence[BaseModel], header: Sequence[str]) -> Response:
    dumped = [item.model_dump(mode="json") for item in items]
    return _csv(name, header, ([row[column] for column in header] for row in dumped))


_FIGURES = (
    "orders",
    "revenue",
    "refunds",
    "net_revenue",
    "items_sold",
    "average_order_value",
    "discount_total",
    "tax_total",
)


@router.get(
    "/sales",
    response_model=SalesReport,
    summary="Sales over time",
    description=(
        "Paid orders, revenue (order totals after discounts, tax included), refunds, net "
        "revenue, units, average order value, discounts and tax per `interval` (hour, day, "
        "week from Monday, month), every period of the window listed, empty ones with "
        "zeros, and the totals." + _COMMON
    ),
    responses={**_ERRORS, 200: _CSV_ANSWER},
)
async def sales(
    scope: ReportScope,
    uow: TenantReadUoWDep,
    wants_csv: WantsCsv,
    interval: Annotated[Interval, Query()] = Interval.DAY,
) -> Any:
    report = await service.sales(uow, scope, interval=interval)
    if wants_csv:
        return _table("sales", report.series, ("period", *_FIGURES))
    return report


@router.get(
    "/top-products",
    response_model=TopProductsReport,
    summary="Top products",
    description=(
        "The products sold most in the window, by `revenue` (line totals after discounts, "
        "tax included) or by `quantity` (units), at most `limit`." + _COMMON
    ),
    responses={**_ERRORS, 200: _CSV_ANSWER},
)
async def top_products(
    scope: ReportScope,
    uow: TenantReadUoWDep,
    wants_csv: WantsCsv,
    by: Annotated[ProductMeasure, Query()] = ProductMeasure.REVENUE,
    limit: Annotated[int, Query(ge=1, le=200)] = 10,
) -> Any:
    report = await service.top_products(uow, scope, by=by, limit=limit)
    if wants_csv:
        return _table(
            "top-products", report.items, ("product_id", "sku", "name", "quantity", "revenue")
        )
    return report


@router.get(
    "/payment-methods",
    response_model=PaymentMixReport,
    summary="Payment mix",
    description=(
        "Payments that succeeded in the window by method and provider (card processor or "
        "cash): how many, what they captured, and the refunds of such payments given in the "
        "window." + _COMMON
    ),
    responses={**_ERRORS, 200: _CSV_ANSWER},
)
async def payment_methods(
    scope: ReportScope,
    uow: TenantReadUoWDep,
    wants_csv: WantsCsv,
) -> Any:
    report = await service.payment_methods(uow, scope)
    if wants_csv:
        header = (
            "method",
            "provider",
            "payments",
            "amount",
            "refund_count",
            "refunds",
            "net_amount",
        )
        return _table("payment-methods", report.items, header)
    return report


@router.get(
    "/locations",
    response_model=LocationsReport,
    summary="Locations side by side",
    description=(
        "The sales figures of each location with sales or refunds in the window, highest "
        "revenue first." + _COMMON
    ),
    responses={**_ERRORS, 200: _CSV_ANSWER},
)
async def locations(
    scope: ReportScope,
    uow: TenantReadUoWDep,
    wants_csv: WantsCsv,
) -> Any:
    report = await service.by_location(uow, scope)
    if wants_csv:
        return _table("locations", report.items, ("location_id", "name", "code", *_FIGURES))
    return report


@router.get(
    "/hours",
    response_model=HoursReport,
    summary="Orders by weekday and hour",
    description=(
        "Paid orders and revenue in each of the 168 local weekday x hour cells of the window "
        "(ISO weekdays, 1 is Monday), for staffing." + _COMMON
    ),
    responses={**_ERRORS, 200: _CSV_ANSWER},
)
async def hours(
    scope: ReportScope,
    uow: TenantReadUoWDep,
    wants_csv: WantsCsv,
) -> Any:
    report = await service.hours(uow, scope)
    if wants_csv:
        return _table("hours", report.items, ("weekday", "hour", "orders", "revenue"))
    return report
