"""Core statements of analytics: recomputing rollup buckets from the statements the orders
and payments domains hand over (INSERT ... SELECT ... GROUP BY, never a loop over orders),
and the reports' sums over the rollups. Every statement binds `tenant_id`."""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from olympus.commerce.analytics.models import (
    PaymentHour,
    ProductDay,
    ProductHour,
    ProductMonth,
    SalesHour,
)
from olympus.core.hours import Window, day_of, month_of, within

SALES = cast(sa.Table, SalesHour.__table__)
PAYMENTS = cast(sa.Table, PaymentHour.__table__)
PRODUCT_HOURS = cast(sa.Table, ProductHour.__table__)
PRODUCT_DAYS = cast(sa.Table, ProductDay.__table__)
PRODUCT_MONTHS = cast(sa.Table, ProductMonth.__table__)

_SALES_MEASURES = ("orders", "revenue", "discount_total", "tax_total", "items_sold", "refunds")


def _insert(conn: AsyncConnection, table: sa.Table) -> Any:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    return insert(table)


def _with_tenant(tenant_id: uuid.UUID, source: Any, columns: Sequence[str]) -> sa.Select[Any]:
    """`source`'s columns behind a first column, the tenant (what INSERT ... SELECT writes).
    The WHERE keeps SQLite from reading a following ON CONFLICT as a join's ON."""
    src = source.subquery()
    return sa.select(
        sa.literal(tenant_id, sa.Uuid()).label("tenant_id"), *(src.c[c] for c in columns)
    ).where(sa.true())


async def clear(
    conn: AsyncConnection, tenant_id: uuid.UUID, windows: Sequence[Window] | None
) -> None:
    """Remove the hourly rows of `windows` (None: all of the tenant's rows, days and months
    included)."""
    for table in (SALES, PAYMENTS, PRODUCT_HOURS):
        await conn.execute(
            sa.delete(table).where(
                table.c.tenant_id == tenant_id, within(windows, table.c.location_id, table.c.hour)
            )
        )
    if windows is None:
        await conn.execute(sa.delete(PRODUCT_DAYS).where(PRODUCT_DAYS.c.tenant_id == tenant_id))
        await conn.execute(sa.delete(PRODUCT_MONTHS).where(PRODUCT_MONTHS.c.tenant_id == tenant_id))


async def fill_product_hours(conn: AsyncConnection, tenant_id: uuid.UUID, lines: Any) -> None:
    columns = ["location_id", "hour", "product_id", "quantity", "revenue"]
    await conn.execute(
        sa.insert(PRODUCT_HOURS).from_select(
            ["tenant_id", *columns], _with_tenant(tenant_id, lines, columns)
        )
    )


def days_of(windows: Sequence[Window]) -> list[Window]:
    """The UTC days the hourly windows fall in, each once."""
    days = set()
    for location_id, start, _ in windows:
        day = start.replace(hour=0, minute=0, second=0, microsecond=0)
        days.add((location_id, day, day + timedelta(days=1)))
    return sorted(days)


def months_of(windows: Sequence[Window]) -> list[Window]:
    """The UTC months the windows fall in, each once."""
    months = set()
    for location_id, start, _ in windows:
        month = start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        following = (month + timedelta(days=32)).replace(day=1)
        months.add((location_id, month, following))
    return sorted(months)


async def fill_product_months(
    conn: AsyncConnection, tenant_id: uuid.UUID, months: Sequence[Window] | None
) -> None:
    """Recompute the monthly product rows of `months` (None: all) from the daily ones."""
    d = PRODUCT_DAYS
    if months is not None:
        await conn.execute(
            sa.delete(PRODUCT_MONTHS).where(
                PRODUCT_MONTHS.c.tenant_id == tenant_id,
                within(months, PRODUCT_MONTHS.c.location_id, PRODUCT_MONTHS.c.month),
            )
        )
    month = month_of(d.c.day)
    summed = (
        sa.select(
            d.c.tenant_id,
            d.c.location_id,
            month.label("month"),
            d.c.product_id,
            sa.func.sum(d.c.quantity),
            sa.func.sum(d.c.revenue),
        )
        .where(d.c.tenant_id == tenant_id, within(months, d.c.location_id, d.c.day))
        .group_by(d.c.tenant_id, d.c.location_id, month, d.c.product_id)
    )
    await conn.execute(
        sa.insert(PRODUCT_MONTHS).from_select(
            ["tenant_id", "location_id", "month", "product_id", "quantity", "revenue"], summed
        )
    )


async def fill_product_days(
    conn: AsyncConnection, tenant_id: uuid.UUID, days: Sequence[Window] | None
) -> None:
    """Recompute the daily product rows of `days` (None: all) from the hourly ones."""
    h = PRODUCT_HOURS
    if days is not None:
        await conn.execute(
            sa.delete(PRODUCT_DAYS).where(
                PRODUCT_DAYS.c.tenant_id == tenant_id,
                within(days, PRODUCT_DAYS.c.location_id, PRODUCT_DAYS.c.day),
            )
        )
    day = day_of(h.c.hour)
    summed = (
        sa.select(
            h.c.tenant_id,
            h.c.location_id,
            day.label("day"),
            h.c.product_id,
            sa.func.sum(h.c.quantity),
            sa.func.sum(h.c.revenue),
        )
        .where(h.c.tenant_id == tenant_id, within(days, h.c.location_id, h.c.hour))
        .group_by(h.c.tenant_id, h.c.location_id, day, h.c.product_id)
    )
    await conn.execute(
        sa.insert(PRODUCT_DAYS).from_select(
            ["tenant_id", "location_id", "day", "product_id", "quantity", "revenue"], summed
        )
    )


async def fill_payments(
    conn: AsyncConnection, tenant_id: uuid.UUID, captured: Any, refunds: Any
) -> None:
    keys = ["location_id", "hour", "method", "processor"]
    columns = [*keys, "payments", "amount"]
    await conn.execute(
        sa.insert(PAYMENTS).from_select(
            ["tenant_id", *columns, "refund_count", "refunded"],
            _with_tenant(tenant_id, captured, columns).add_columns(
                sa.literal(0, sa.BigInteger()), sa.literal(0, sa.BigInteger())
            ),
        )
    )
    given = ["refund_count", "refunded"]
    stmt = _insert(conn, PAYMENTS).from_select(
        ["tenant_id", *keys, *given, "payments", "amount"],
        _with_tenant(tenant_id, refunds, [*keys, *given]).add_columns(
            sa.literal(0, sa.BigInteger()), sa.literal(0, sa.BigInteger())
        ),
    )
    await conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["tenant_id", *keys],
            set_={name: stmt.excluded[name] for name in given},
        )
    )


async def fill_sales(
    conn: AsyncConnection, tenant_id: uuid.UUID, paid: Any, windows: Sequence[Window] | None
) -> None:
    """Sales rows of `windows` from the paid orders' statement, then their units from the
    product rows and their refunds from the payment rows (both filled first)."""
    columns = ["location_id", "hour", "orders", "revenue", "discount_total", "tax_total"]
    await conn.execute(
        sa.insert(SALES).from_select(
            ["tenant_id", *columns, "items_sold", "refunds"],
            _with_tenant(tenant_id, paid, columns).add_columns(
                sa.literal(0, sa.BigInteger()), sa.literal(0, sa.BigInteger())
            ),
        )
    )
    units = (
        sa.select(sa.func.coalesce(sa.func.sum(PRODUCT_HOURS.c.quantity), 0))
        .where(
            PRODUCT_HOURS.c.tenant_id == SALES.c.tenant_id,
            PRODUCT_HOURS.c.location_id == SALES.c.location_id,
            PRODUCT_HOURS.c.hour == SALES.c.hour,
        )
        .scalar_subquery()
    )
    await conn.execute(
        sa.update(SALES)
        .where(SALES.c.tenant_id == tenant_id, within(windows, SALES.c.location_id, SALES.c.hour))
        .values(items_sold=units)
    )
    p = PAYMENTS
    refunds = (
        sa.select(
            p.c.tenant_id,
            p.c.location_id,
            p.c.hour,
            sa.func.sum(p.c.refunded).label("refunds"),
            *(sa.literal(0, sa.BigInteger()).label(m) for m in _SALES_MEASURES[:-1]),
        )
        .where(
            p.c.tenant_id == tenant_id,
            p.c.refunded > 0,
            within(windows, p.c.location_id, p.c.hour),
        )
        .group_by(p.c.tenant_id, p.c.location_id, p.c.hour)
    )
    stmt = _insert(conn, SALES).from_select(
        ["tenant_id", "location_id", "hour", "refunds", *_SALES_MEASURES[:-1]], refunds
    )
    await conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["tenant_id", "location_id", "hour"],
            set_={"refunds": stmt.excluded.refunds},
        )
    )


# --- reading ------------------------------------------------------------------------------------


def _scope(
    table: sa.Table,
    column: sa.ColumnElement[Any],
    tenant_id: uuid.UUID,
    start: datetime,
    end: datetime,
    locations: frozenset[uuid.UUID] | None,
) -> list[sa.ColumnElement[bool]]:
    conditions = [table.c.tenant_id == tenant_id, column >= start, column < end]
    if locations is not None:
        conditions.append(table.c.location_id.in_(sorted(locations)))
    return conditions


def _sales_sums() -> list[Any]:
    return [sa.func.sum(SALES.c[m]).label(m) for m in _SALES_MEASURES]


def sales_by_hour(
    tenant_id: uuid.UUID, start: datetime, end: datetime, locations: frozenset[uuid.UUID] | None
) -> sa.Select[Any]:
    return (
        sa.select(SALES.c.hour, *_sales_sums())
        .where(*_scope(SALES, SALES.c.hour, tenant_id, start, end, locations))
        .group_by(SALES.c.hour)
        .order_by(SALES.c.hour)
    )


def sales_by_local_period(
    tenant_id: uuid.UUID,
    start: datetime,
    end: datetime,
    locations: frozenset[uuid.UUID] | None,
    *,
    unit: str,
    zone: str,
) -> sa.Select[Any]:
    """PostgreSQL only: the sales of the window summed by local day, week (from Monday) or
    month of `zone`, as (local start without zone, sums...): a year answers 365 rows, not
    every hour's."""
    local = sa.func.date_trunc(unit, sa.func.timezone(zone, SALES.c.hour))
    return (
        sa.select(local.label("local_start"), *_sales_sums())
        .where(*_scope(SALES, SALES.c.hour, tenant_id, start, end, locations))
        .group_by(sa.literal_column("1"))
        .order_by(sa.literal_column("1"))
    )


def orders_by_local_hour(
    tenant_id: uuid.UUID,
    start: datetime,
    end: datetime,
    locations: frozenset[uuid.UUID] | None,
    *,
    zone: str,
) -> sa.Select[Any]:
    """PostgreSQL only: (ISO weekday, hour, orders, revenue) of the window in `zone`."""
    local = sa.func.timezone(zone, SALES.c.hour)
    return (
        sa.select(
            sa.extract("isodow", local).label("weekday"),
            sa.extract("hour", local).label("hour"),
            sa.func.sum(SALES.c.orders).label("orders"),
            sa.func.sum(SALES.c.revenue).label("revenue"),
        )
        .where(*_scope(SALES, SALES.c.hour, tenant_id, start, end, locations))
        .group_by(sa.literal_column("1"), sa.literal_column("2"))
    )


def sales_by_location(
    tenant_id: uuid.UUID, start: datetime, end: datetime, locations: frozenset[uuid.UUID] | None
) -> sa.Select[Any]:
    return (
        sa.select(SALES.c.location_id, *_sales_sums())
        .where(*_scope(SALES, SALES.c.hour, tenant_id, start, end, locations))
        .group_by(SALES.c.location_id)
    )


def payments_by_method(
    tenant_id: uuid.UUID, start: datetime, end: datetime, locations: frozenset[uuid.UUID] | None
) -> sa.Select[Any]:
    p = PAYMENTS
    return (
        sa.select(
            p.c.method,
            p.c.processor,
            *(
                sa.func.sum(p.c[m]).label(m)
                for m in ("payments", "amount", "refund_count", "refunded")
            ),
        )
        .where(*_scope(p, p.c.hour, tenant_id, start, end, locations))
        .group_by(p.c.method, p.c.processor)
    )


def _day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _month(moment: datetime) -> datetime:
    return _day(moment).replace(day=1)


def _ceil(moment: datetime, floor: datetime, step: timedelta | None) -> datetime:
    if floor == moment:
        return floor
    return floor + step if step else (floor + timedelta(days=32)).replace(day=1)


def _segments(start: datetime, end: datetime) -> list[tuple[str, datetime, datetime]]:
    """[start, end) cut into whole UTC months, whole days around them and hours at the
    ends: (grain, from, to), the fewest rows to read."""
    first_day, last_day = _ceil(start, _day(start), timedelta(days=1)), _day(end)
    if first_day >= last_day:
        return [("hour", start, end)]
    first_month, last_month = _ceil(first_day, _month(first_day), None), _month(last_day)
    if first_month >= last_month:
        middle = [("day", first_day, last_day)]
    else:
        middle = [
            ("day", first_day, first_month),
            ("month", first_month, last_month),
            ("day", last_month, last_day),
        ]
    parts = [("hour", start, first_day), *middle, ("hour", last_day, end)]
    return [(grain, a, b) for grain, a, b in parts if a < b]


def top_products(
    tenant_id: uuid.UUID,
    start: datetime,
    end: datetime,
    locations: frozenset[uuid.UUID] | None,
    *,
    by: str,
    limit: int,
) -> sa.Select[Any]:
    """The products with the most revenue (or units) in [start, end): whole UTC months read
    from the monthly rows, whole days from the daily, the ragged ends from the hourly."""
    grains = {
        "hour": (PRODUCT_HOURS, PRODUCT_HOURS.c.hour),
        "day": (PRODUCT_DAYS, PRODUCT_DAYS.c.day),
        "month": (PRODUCT_MONTHS, PRODUCT_MONTHS.c.month),
    }
    parts: list[sa.Select[Any]] = []
    for grain, part_start, part_end in _segments(start, end):
        table, column = grains[grain]
        parts.append(
            sa.select(table.c.product_id, table.c.quantity, table.c.revenue).where(
                *_scope(table, column, tenant_id, part_start, part_end, locations)
            )
        )
    rows = (parts[0] if len(parts) == 1 else sa.union_all(*parts)).subquery()
    quantity = sa.func.sum(rows.c.quantity).label("quantity")
    revenue = sa.func.sum(rows.c.revenue).label("revenue")
    order = (
        [revenue.desc(), quantity.desc()] if by == "revenue" else [quantity.desc(), revenue.desc()]
    )
    return (
        sa.select(rows.c.product_id, quantity, revenue)
        .group_by(rows.c.product_id)
        .order_by(*order, rows.c.product_id)
        .limit(limit)
    )
