"""Core statements of orders: the per-tenant number (one atomic upsert of the tenant's
counter) and the inserts of a new order, its items and its first timeline entry (the hot
path of every sale), orders of the past in bulk, and the sums of paid orders by hour that
analytics rolls up. Every statement binds `tenant_id`."""

import uuid
from collections.abc import Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from olympus.commerce.orders.models import (
    Order,
    OrderCounter,
    OrderItem,
    OrderStatus,
    OrderTimelineEntry,
    TimelineKind,
)
from olympus.core import bulk
from olympus.core.db import WriteUnitOfWork
from olympus.core.hours import Window, hour_of, within

_COUNTERS = cast(sa.Table, OrderCounter.__table__)
_ITEMS = cast(sa.Table, OrderItem.__table__)
_ORDERS = cast(sa.Table, Order.__table__)
_TIMELINE = cast(sa.Table, OrderTimelineEntry.__table__)

HISTORY_ORDER_COLUMNS = (
    "id", "number", "reference", "status", "channel", "location_id", "customer_id",
    "cart_id", "reservation_id", "currency", "prices_include_tax", "subtotal",
    "discount_total", "tax_total", "total", "paid_total", "refunded_total", "discounts",
    "cancel_reason", "created_by", "created_at", "updated_at",
)  # fmt: skip
HISTORY_ITEM_COLUMNS = (
    "id", "order_id", "position", "product_id", "sku", "name", "quantity", "unit_price",
    "subtotal", "discount", "tax", "line_total", "tax_rate", "fulfilled_quantity",
)  # fmt: skip
HISTORY_TIMELINE_COLUMNS = (
    "id", "order_id", "kind", "from_status", "to_status", "actor_id", "data", "created_at",
)  # fmt: skip


async def next_number(uow: WriteUnitOfWork) -> int:
    """The tenant's next order number: 1, 2, 3, ... One statement that makes the counter or
    adds one to it and answers the new value; its row lock is held to the end of the
    transaction, so two orders never get one number, and a rolled-back order gives its
    number back."""
    conn = await uow.session.connection()
    stmt = _NEXT_NUMBER[conn.dialect.name]
    return int((await conn.execute(stmt, {"tenant_id": uow.require_tenant()})).scalar_one())


def _tenant_param(table: sa.Table) -> sa.BindParameter[Any]:
    """`tenant_id` bound per call: every insert built once names it."""
    return sa.bindparam("tenant_id", type_=table.c.tenant_id.type)


# Built once: each insert of a sale binds its values as parameters, so SQLAlchemy neither
# builds a statement nor computes its cache key per order.
_INSERT_ITEMS = sa.insert(_ITEMS).values(tenant_id=_tenant_param(_ITEMS))
_INSERT_ORDER = sa.insert(_ORDERS).values(tenant_id=_tenant_param(_ORDERS))
_INSERT_TIMELINE = sa.insert(_TIMELINE).values(tenant_id=_tenant_param(_TIMELINE))


def _next_number_statement(insert: Any) -> Any:
    return (
        insert(_COUNTERS)
        .values(
            tenant_id=sa.bindparam("tenant_id", type_=_COUNTERS.c.tenant_id.type), last_number=1
        )
        .on_conflict_do_update(
            index_elements=[_COUNTERS.c.tenant_id],
            set_={"last_number": _COUNTERS.c.last_number + 1},
        )
        .returning(_COUNTERS.c.last_number)
    )


_NEXT_NUMBER = {
    "postgresql": _next_number_statement(postgresql.insert),
    "sqlite": _next_number_statement(sqlite.insert),
}


async def add_items(uow: WriteUnitOfWork, rows: list[dict[str, Any]]) -> None:
    conn = await uow.session.connection()
    tenant_id = uow.require_tenant()
    await conn.execute(_INSERT_ITEMS, [{**row, "tenant_id": tenant_id} for row in rows])


async def add_order(uow: WriteUnitOfWork, values: dict[str, Any]) -> None:
    conn = await uow.session.connection()
    await conn.execute(_INSERT_ORDER, {**values, "tenant_id": uow.require_tenant()})


async def add_timeline_entry(uow: WriteUnitOfWork, values: dict[str, Any]) -> None:
    conn = await uow.session.connection()
    await conn.execute(_INSERT_TIMELINE, {**values, "tenant_id": uow.require_tenant()})


async def claim_numbers(uow: WriteUnitOfWork, count: int) -> int:
    """Take `count` numbers at once (history written in bulk): the counter moves on by
    `count` in one statement, as `next_number` moves it by one. Answers the first of them."""
    conn = await uow.session.connection()
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = (
        insert(_COUNTERS)
        .values(tenant_id=uow.require_tenant(), last_number=count)
        .on_conflict_do_update(
            index_elements=[_COUNTERS.c.tenant_id],
            set_={"last_number": _COUNTERS.c.last_number + count},
        )
        .returning(_COUNTERS.c.last_number)
    )
    return int((await conn.execute(stmt)).scalar_one()) - count + 1


async def add_history(
    uow: WriteUnitOfWork,
    *,
    orders: list[tuple[Any, ...]],
    items: list[tuple[Any, ...]],
    timeline: list[tuple[Any, ...]],
) -> None:
    """Orders of the past with their items and timelines, set-based (`core.bulk`, which
    binds `tenant_id`); each row in the order of its `HISTORY_*_COLUMNS`."""
    await bulk.insert_rows(uow, _ORDERS, HISTORY_ORDER_COLUMNS, orders)
    await bulk.insert_rows(uow, _ITEMS, HISTORY_ITEM_COLUMNS, items)
    await bulk.insert_rows(uow, _TIMELINE, HISTORY_TIMELINE_COLUMNS, timeline)


# --- what analytics sums: paid orders by the hour they were paid in ----------------------------


def _paid(tenant_id: uuid.UUID) -> sa.ColumnElement[bool]:
    return sa.and_(
        _TIMELINE.c.tenant_id == tenant_id,
        _TIMELINE.c.kind == TimelineKind.TRANSITION.value,
        _TIMELINE.c.to_status == OrderStatus.PAID.value,
    )


def _paid_orders() -> sa.Join:
    return _TIMELINE.join(
        _ORDERS,
        sa.and_(_ORDERS.c.tenant_id == _TIMELINE.c.tenant_id, _ORDERS.c.id == _TIMELINE.c.order_id),
    )


def paid_sales_by_hour(tenant_id: uuid.UUID, windows: Sequence[Window] | None) -> sa.Select[Any]:
    """(location_id, hour, orders, revenue, discount_total, tax_total) of the orders paid in
    `windows` (None: all), by location and UTC hour of payment."""
    hour = hour_of(_TIMELINE.c.created_at)
    return (
        sa.select(
            _ORDERS.c.location_id,
            hour.label("hour"),
            sa.func.count().label("orders"),
            sa.func.sum(_ORDERS.c.total).label("revenue"),
            sa.func.sum(_ORDERS.c.discount_total).label("discount_total"),
            sa.func.sum(_ORDERS.c.tax_total).label("tax_total"),
        )
        .select_from(_paid_orders())
        .where(_paid(tenant_id), within(windows, _ORDERS.c.location_id, _TIMELINE.c.created_at))
        .group_by(_ORDERS.c.location_id, hour)
    )


def paid_lines_by_hour(tenant_id: uuid.UUID, windows: Sequence[Window] | None) -> sa.Select[Any]:
    """(location_id, hour, product_id, quantity, revenue) of the lines of orders paid in
    `windows` (None: all), by location, UTC hour of payment and product; a line's revenue is
    its total (after its discount, with its tax)."""
    hour = hour_of(_TIMELINE.c.created_at)
    lines = _paid_orders().join(
        _ITEMS,
        sa.and_(
            _ITEMS.c.tenant_id == _TIMELINE.c.tenant_id, _ITEMS.c.order_id == _TIMELINE.c.order_id
        ),
    )
    return (
        sa.select(
            _ORDERS.c.location_id,
            hour.label("hour"),
            _ITEMS.c.product_id,
            sa.func.sum(_ITEMS.c.quantity).label("quantity"),
            sa.func.sum(_ITEMS.c.line_total).label("revenue"),
        )
        .select_from(lines)
        .where(_paid(tenant_id), within(windows, _ORDERS.c.location_id, _TIMELINE.c.created_at))
        .group_by(_ORDERS.c.location_id, hour, _ITEMS.c.product_id)
    )


def paid_hours(tenant_id: uuid.UUID, order_ids: Sequence[uuid.UUID]) -> sa.Select[Any]:
    """(location_id, hour) in which the given orders were paid."""
    hour = hour_of(_TIMELINE.c.created_at)
    return (
        sa.select(_ORDERS.c.location_id, hour.label("hour"))
        .select_from(_paid_orders())
        .where(_paid(tenant_id), _TIMELINE.c.order_id.in_(order_ids))
        .distinct()
    )
