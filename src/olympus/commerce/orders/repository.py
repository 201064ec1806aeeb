"""Core statements of orders: the per-tenant number (one atomic upsert of the tenant's
counter) and the inserts of a new order, its items and its first timeline entry (the hot
path of every sale), and of orders of the past in bulk. Every statement binds `tenant_id`."""

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from olympus.commerce.orders.models import Order, OrderCounter, OrderItem, OrderTimelineEntry
from olympus.core import bulk
from olympus.core.db import WriteUnitOfWork

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
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = (
        insert(_COUNTERS)
        .values(tenant_id=uow.require_tenant(), last_number=1)
        .on_conflict_do_update(
            index_elements=[_COUNTERS.c.tenant_id],
            set_={"last_number": _COUNTERS.c.last_number + 1},
        )
        .returning(_COUNTERS.c.last_number)
    )
    return int((await conn.execute(stmt)).scalar_one())


async def add_items(uow: WriteUnitOfWork, rows: list[dict[str, Any]]) -> None:
    conn = await uow.session.connection()
    tenant_id = uow.require_tenant()
    await conn.execute(sa.insert(_ITEMS).values(tenant_id=tenant_id), rows)


async def add_order(uow: WriteUnitOfWork, values: dict[str, Any]) -> None:
    conn = await uow.session.connection()
    await conn.execute(sa.insert(_ORDERS).values(tenant_id=uow.require_tenant(), **values))


async def add_timeline_entry(uow: WriteUnitOfWork, values: dict[str, Any]) -> None:
    conn = await uow.session.connection()
    await conn.execute(sa.insert(_TIMELINE).values(tenant_id=uow.require_tenant(), **values))


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
