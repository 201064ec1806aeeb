"""Analytics rules: which rollup buckets a published event touches and their recomputation
(`apply_published`, the relay's after-publish hook), the rebuild of a tenant's rollups from
scratch (`rebuild_tenant`), and the five reports read from the rollups in the tenant's time
zone (a location's own when one location is asked for).

Definitions (docs/API.md says the same): an order counts once, in the hour its payments came
to cover its total (`order.paid`); revenue is the order's total, after discounts, tax
included (`tax_total` says how much of it is tax); a refund lands in the hour it succeeded,
whatever the order's date; a payment counts in the hour it succeeded."""

import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from olympus.commerce.analytics import repository
from olympus.commerce.analytics.errors import InvalidPeriod, TooManyPeriods
from olympus.commerce.analytics.schemas import (
    HourCell,
    HoursReport,
    Interval,
    LocationSales,
    LocationsReport,
    PaymentMix,
    PaymentMixReport,
    ProductMeasure,
    SalesFigures,
    SalesPeriod,
    SalesReport,
    TopProduct,
    TopProductsReport,
)
from olympus.commerce.catalog import service as catalog
from olympus.commerce.orders import service as orders
from olympus.commerce.payments import service as payments
from olympus.core.clock import Clock
from olympus.core.db import Database, ReadUnitOfWork, WriteUnitOfWork
from olympus.core.events import RELAY_LOCK_KEY, Envelope
from olympus.core.hours import Window
from olympus.platform.locations import service as locations
from olympus.platform.settings import service as settings
from olympus.platform.tenants import service as tenants

HOUR = timedelta(hours=1)
DEFAULT_DAYS = 30
MAX_PERIODS = 10_000
# The events after which buckets are recomputed, and the id in their data that finds them.
WATCHED = {
    "order.paid": "order_id",
    "payment.processed": "payment_id",
    "payment.refunded": "refund_id",
}


# --- keeping the rollups ------------------------------------------------------------------------


async def refresh(uow: WriteUnitOfWork, windows: Sequence[Window] | None) -> None:
    """Recompute the rollups of the tenant in scope for `windows` (hour-long, per location;
    None: everything) from what the orders and payments domains hold now. Idempotent: running
    it twice, or for an event seen twice, gives the same rows."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    await repository.clear(conn, tenant_id, windows)
    await repository.fill_product_hours(
        conn, tenant_id, orders.paid_lines_by_hour(uow, windows=windows)
    )
    days = None if windows is None else repository.days_of(windows)
    await repository.fill_product_days(conn, tenant_id, days)
    months = None if windows is None else repository.months_of(windows)
    await repository.fill_product_months(conn, tenant_id, months)
    await repository.fill_payments(
        conn,
        tenant_id,
        payments.captured_by_hour(uow, windows=windows),
        payments.refunds_by_hour(uow, windows=windows),
    )
    await repository.fill_sales(
        conn, tenant_id, orders.paid_sales_by_hour(uow, windows=windows), windows
    )


@asynccontextmanager
async def _acting_for(uow: WriteUnitOfWork, tenant_id: uuid.UUID) -> AsyncIterator[None]:
    """The relay's system transaction, scoped to one tenant for a while and unscoped again
    afterwards (the relay's own statements cross tenants)."""
    previous = uow.tenant_id
    await uow.set_tenant(tenant_id)
    try:
        yield
    finally:
        if previous is None:
            uow.session.info.pop("tenant_id", None)
        else:
            await uow.set_tenant(previous)


def _watched_ids(envelopes: Iterable[Envelope]) -> dict[uuid.UUID, dict[str, list[uuid.UUID]]]:
    found: dict[uuid.UUID, dict[str, list[uuid.UUID]]] = defaultdict(lambda: defaultdict(list))
    for envelope in envelopes:
        key = WATCHED.get(envelope["type"])
        data = envelope.get("data") or {}
        if key is None or not data.get(key):
            continue
        if envelope["type"] == "payment.processed" and data.get("status") != "succeeded":
            continue
        found[uuid.UUID(envelope["tenant_id"])][key].append(uuid.UUID(data[key]))
    return found


async def apply_published(uow: WriteUnitOfWork, envelopes: list[Envelope]) -> None:
    """The relay's after-publish hook: recompute the hour buckets that published events
    changed (an order paid, a payment captured, a refund given), in the transaction that
    marks them published. So a paid order is in the reports as soon as its event is out."""
    for tenant_id, ids in _watched_ids(envelopes).items():
        async with _acting_for(uow, tenant_id):
            hours = await orders.paid_hours(uow, ids.get("order_id", []))
            hours += await payments.decided_hours(
                uow, payment_ids=ids.get("payment_id", []), refund_ids=ids.get("refund_id", [])
            )
            windows = sorted({(loc, hour, hour + HOUR) for loc, hour in hours})
            if windows:
                await refresh(uow, windows)


async def rebuild_tenant(
    db: Database, *, clock: Clock, tenant_id: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """Rebuild the rollups of one tenant (or of every tenant, one transaction each) from the
    orders and payments, in a few set-based statements. On PostgreSQL the relay's lock is
    held meanwhile, so no bucket is recomputed from the events at the same time; events
    published afterwards recompute their buckets again, which changes nothing already right.
    Answers the tenants rebuilt."""
    if tenant_id is None:
        async with db.unit_of_work(clock=clock, write=False, system=True) as uow:
            every = await tenants.all_ids(uow)
    else:
        every = [tenant_id]
    for tenant in every:
        async with db.unit_of_work(clock=clock, tenant_id=tenant) as uow:
            if not db.is_sqlite:
                await uow.session.execute(sa.select(sa.func.pg_advisory_xact_lock(RELAY_LOCK_KEY)))
            await refresh(uow, None)
    return every


rebuild_rollups = rebuild_tenant


# --- the reports' window --------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a report covers: [start, end) in UTC on whole hours, the zone its periods are
    counted in, and the locations (None: all)."""

    start: datetime
    end: datetime
    zone: ZoneInfo
    locations: frozenset[uuid.UUID] | None

    def labels(self) -> dict[str, str]:
        return {"timezone": self.zone.key, "from": _utc_text(self.start), "to": _utc_text(self.end)}


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _floor_hour(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _ceil_hour(moment: datetime) -> datetime:
    floor = _floor_hour(moment)
    return floor if floor == moment else floor + HOUR


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone)


async def report_scope(
    uow: ReadUnitOfWork,
    *,
    start: date | datetime | None,
    end: date | datetime | None,
    location_id: uuid.UUID | None,
    visible: frozenset[uuid.UUID] | None,
) -> Scope:
    """The window of a report. A date `from` starts at that local midnight, a date `to`
    ends after that local day (inclusive); a time `from` is rounded down, a time `to` up, to
    the whole hour. Without `to`: the end of today; without `from`: 30 days before `to`. A
    location asked for that the caller can't see is 404 `location_not_found`."""
    if location_id is not None:
        location = await locations.get_location(uow, location_id, visible=visible)
        zone = ZoneInfo(location.timezone)
        scope_locations: frozenset[uuid.UUID] | None = frozenset({location_id})
    else:
        zone = ZoneInfo((await settings.get_tenant_settings(uow)).default_timezone)
        scope_locations = visible
    try:
        if end is None:
            end_at = _local_midnight(
                uow.clock.now().astimezone(zone).date() + timedelta(days=1), zone
            )
        elif isinstance(end, datetime):
            end_at = end
        else:
            end_at = _local_midnight(end + timedelta(days=1), zone)
        if start is None:
            local_end = end_at.astimezone(zone)
            start_at = _local_midnight(local_end.date() - timedelta(days=DEFAULT_DAYS), zone)
            if local_end.time() != datetime.min.time():
                start_at += timedelta(days=1)
        elif isinstance(start, datetime):
            start_at = start
        else:
            start_at = _local_midnight(start, zone)
        first, last = _floor_hour(start_at), _ceil_hour(end_at)
    except (OverflowError, ValueError):  # dates at the ends of the calendar
        raise InvalidPeriod("`from` and `to` must lie between the years 1 and 9999") from None
    if first >= last:
        raise InvalidPeriod("`from` must come before `to`")
    return Scope(first, last, zone, scope_locations)


# --- periods in the report's zone -----------------------------------------------------------------


def _period_start(moment: datetime, interval: Interval, zone: ZoneInfo) -> datetime:
    local = moment.astimezone(zone)
    if interval is Interval.HOUR:
        return local
    day = local.date()
    if interval is Interval.WEEK:
        day -= timedelta(days=day.weekday())
    elif interval is Interval.MONTH:
        day = day.replace(day=1)
    return _local_midnight(day, zone)


def _next_period(start: datetime, interval: Interval, zone: ZoneInfo) -> datetime:
    if interval is Interval.HOUR:
        return (start.astimezone(UTC) + HOUR).astimezone(zone)
    day = start.date()
    if interval is Interval.DAY:
        day += timedelta(days=1)
    elif interval is Interval.WEEK:
        day += timedelta(days=7)
    else:
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return _local_midnight(day, zone)


def periods(scope: Scope, interval: Interval) -> list[datetime]:
    """The local starts of every period overlapping the window, in order."""
    found = []
    current = _period_start(scope.start, interval, scope.zone)
    while current.astimezone(UTC) < scope.end:
        found.append(current)
        if len(found) > MAX_PERIODS:
            raise TooManyPeriods(
                f"More than {MAX_PERIODS} periods: choose a longer interval or a shorter window"
            )
        current = _next_period(current, interval, scope.zone)
    return found


# --- the reports ---------------------------------------------------------------------------------

_SALES = ("orders", "revenue", "discount_total", "tax_total", "items_sold", "refunds")


def _figures(sums: dict[str, int]) -> dict[str, int]:
    orders_paid, revenue = sums["orders"], sums["revenue"]
    return {
        **sums,
        "net_revenue": revenue - sums["refunds"],
        "average_order_value": (2 * revenue + orders_paid) // (2 * orders_paid)
        if orders_paid
        else 0,
    }


def _sums(row: Any) -> dict[str, int]:
    return {name: int(getattr(row, name) or 0) for name in _SALES}


def _is_postgres(uow: ReadUnitOfWork) -> bool:
    return uow.session.get_bind().dialect.name == "postgresql"


async def _sales_sums(
    uow: ReadUnitOfWork, scope: Scope, interval: Interval, starts: list[datetime]
) -> list[list[int]]:
    """The sums of each period. PostgreSQL buckets days, weeks and months itself (a year's
    365 rows travel, not its hours); otherwise, and by the hour, the hours come in order and
    one walk along the periods' UTC bounds puts each in its period (UTC instants: the two
    local hours of one wall-clock time, as a clock goes back, stay apart)."""
    tenant_id = uow.require_tenant()
    sums = [[0] * len(_SALES) for _ in starts]
    if interval is not Interval.HOUR and _is_postgres(uow):
        index_of = {start.replace(tzinfo=None): i for i, start in enumerate(starts)}
        stmt = repository.sales_by_local_period(
            tenant_id, scope.start, scope.end, scope.locations,
            unit=interval.value, zone=scope.zone.key,
        )  # fmt: skip
        for local_start, *values in (await uow.session.execute(stmt)).tuples():
            sums[index_of[local_start]] = [int(v or 0) for v in values]
        return sums
    rows = await uow.session.execute(
        repository.sales_by_hour(tenant_id, scope.start, scope.end, scope.locations)
    )
    bounds = [start.astimezone(UTC) for start in starts[1:]]
    index, last = 0, len(bounds)
    for hour, *values in rows.tuples():
        while index < last and hour >= bounds[index]:
            index += 1
        bucket = sums[index]
        for position, value in enumerate(values):
            bucket[position] += int(value or 0)
    return sums


async def sales(uow: ReadUnitOfWork, scope: Scope, *, interval: Interval) -> SalesReport:
    starts = periods(scope, interval)
    sums = await _sales_sums(uow, scope, interval, starts)
    totals = [sum(column) for column in zip(*sums, strict=True)] if sums else [0] * len(_SALES)
    series = [
        SalesPeriod(period=start.isoformat(), **_figures(dict(zip(_SALES, bucket, strict=True))))
        for start, bucket in zip(starts, sums, strict=True)
    ]
    return SalesReport.model_validate(
        {
            "series": series,
            "totals": SalesFigures(**_figures(dict(zip(_SALES, totals, strict=True)))),
            "interval": interval,
            **scope.labels(),
        }
    )


async def top_products(
    uow: ReadUnitOfWork, scope: Scope, *, by: ProductMeasure, limit: int
) -> TopProductsReport:
    rows = (
        await uow.session.execute(
            repository.top_products(
                uow.require_tenant(),
                scope.start,
                scope.end,
                scope.locations,
                by=by.value,
                limit=limit,
            )
        )
    ).all()
    labels = await catalog.product_labels(uow, [row.product_id for row in rows])
    items = [
        TopProduct(
            product_id=row.product_id,
            sku=labels.get(row.product_id, ("", ""))[0],
            name=labels.get(row.product_id, ("", ""))[1],
            quantity=int(row.quantity),
            revenue=int(row.revenue),
        )
        for row in rows
    ]
    return TopProductsReport.model_validate({"items": items, "by": by, **scope.labels()})


async def payment_methods(uow: ReadUnitOfWork, scope: Scope) -> PaymentMixReport:
    rows = await uow.session.execute(
        repository.payments_by_method(uow.require_tenant(), scope.start, scope.end, scope.locations)
    )
    items = [
        PaymentMix(
            method=row.method,
            provider=row.processor,
            payments=int(row.payments),
            amount=int(row.amount),
            refund_count=int(row.refund_count),
            refunds=int(row.refunded),
            net_amount=int(row.amount) - int(row.refunded),
        )
        for row in rows
    ]
    items.sort(key=lambda m: (-m.amount, m.method, m.provider))
    return PaymentMixReport.model_validate({"items": items, **scope.labels()})


async def by_location(uow: ReadUnitOfWork, scope: Scope) -> LocationsReport:
    rows = (
        await uow.session.execute(
            repository.sales_by_location(
                uow.require_tenant(), scope.start, scope.end, scope.locations
            )
        )
    ).all()
    items = []
    for row in rows:
        location = await locations.get_location(uow, row.location_id)
        items.append(
            LocationSales(
                location_id=row.location_id,
                name=location.name,
                code=location.code,
                **_figures(_sums(row)),
            )
        )
    items.sort(key=lambda s: (-s.revenue, s.name, str(s.location_id)))
    return LocationsReport.model_validate({"items": items, **scope.labels()})


async def hours(uow: ReadUnitOfWork, scope: Scope) -> HoursReport:
    tenant_id = uow.require_tenant()
    cells = {(day, hour): [0, 0] for day in range(1, 8) for hour in range(24)}
    if _is_postgres(uow):
        stmt = repository.orders_by_local_hour(
            tenant_id, scope.start, scope.end, scope.locations, zone=scope.zone.key
        )
        for weekday, hour, count, revenue in (await uow.session.execute(stmt)).tuples():
            cells[(int(weekday), int(hour))] = [int(count or 0), int(revenue or 0)]
    else:
        rows = await uow.session.execute(
            repository.sales_by_hour(tenant_id, scope.start, scope.end, scope.locations)
        )
        for row in rows:
            local = row.hour.astimezone(scope.zone)
            cell = cells[(local.isoweekday(), local.hour)]
            cell[0] += int(row.orders or 0)
            cell[1] += int(row.revenue or 0)
    items = [
        HourCell(weekday=day, hour=hour, orders=count, revenue=revenue)
        for (day, hour), (count, revenue) in sorted(cells.items())
    ]
    return HoursReport.model_validate({"items": items, **scope.labels()})
