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

from olympus.commerce.analytics.models import PaymentHour, ProductDay, ProductHour, SalesHour
from olympus.core.hours import Window, day_of, within

SALES = cast(sa.Table, SalesHour.__table__)
PAYMENTS = cast(sa.Table, PaymentHour.__table__)
PRODUCT_HOURS = cast(sa.Table, ProductHour.__table__)
PRODUCT_DAYS = cast(sa.Table, ProductDay.__table__)

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
    """Remove the hourly rows of `windows` (None: all of the tenant's rows, days included)."""
    for table in (SALES, PAYMENTS, PRODUCT_HOURS):
        await conn.execute(
            sa.delete(table).where(
                table.c.tenant_id == tenant_id, within(windows, table.c.location_id, table.c.hour)
            )
        )
    if windows is None:
        await conn.execute(sa.delete(PRODUCT_DAYS).where(PRODUCT_DAYS.c.tenant_id == tenant_id))


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


def _ceil_day(moment: datetime) -> datetime:
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day if day == moment else day + timedelta(days=1)


def top_products(
    tenant_id: uuid.UUID,
    start: datetime,
    end: datetime,
    locations: frozenset[uuid.UUID] | None,
    *,
    by: str,
    limit: int,
) -> sa.Select[Any]:
    """The products with the most revenue (or units) in [start, end): whole UTC days read
    from the daily rows, the hours before the first and after the last from the hourly."""
    h, d = PRODUCT_HOURS, PRODUCT_DAYS
    first_day, last_day = _ceil_day(start), end.replace(hour=0, minute=0, second=0, microsecond=0)
    parts: list[sa.Select[Any]] = []
    if first_day < last_day:
        parts.append(
            sa.select(d.c.product_id, d.c.quantity, d.c.revenue).where(
                *_scope(d, d.c.day, tenant_id, first_day, last_day, locations)
            )
        )
        edges = [(start, first_day), (last_day, end)]
    else:
        edges = [(start, end)]
    for edge_start, edge_end in edges:
        if edge_start < edge_end:
            parts.append(
                sa.select(h.c.product_id, h.c.quantity, h.c.revenue).where(
                    *_scope(h, h.c.hour, tenant_id, edge_start, edge_end, locations)
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
