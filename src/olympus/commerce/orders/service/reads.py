"""Reading orders: the tenant's order (found or held for a change), its items, what it
answers (`OrderRead`), the lists of orders and an order's timeline."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from olympus.commerce.customers import service as customers
from olympus.commerce.orders import locks
from olympus.commerce.orders.errors import OrderNotFound
from olympus.commerce.orders.models import (
    Channel,
    Order,
    OrderItem,
    OrderStatus,
    OrderTimelineEntry,
)
from olympus.commerce.orders.schemas import AppliedDiscountOut, OrderItemOut, OrderRead
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.pagination import PageParams, fetch_page


async def get_order(
    uow: ReadUnitOfWork, order_id: uuid.UUID, *, visible: frozenset[uuid.UUID] | None = None
) -> Order:
    """The tenant's order (404 `order_not_found`); with `visible`, one at another location
    answers as if it did not exist."""
    order = await uow.session.get(Order, (uow.require_tenant(), order_id))
    if order is None or (visible is not None and order.location_id not in visible):
        raise OrderNotFound()
    return order


async def hold_order(uow: WriteUnitOfWork, order_id: uuid.UUID) -> Order:
    """The order, locked for a change until the transaction ends (404 as `get_order`)."""
    order = await locks.hold_order(uow, order_id)
    if order is None:
        raise OrderNotFound()
    return order


async def items_of(uow: ReadUnitOfWork, order_id: uuid.UUID) -> list[OrderItem]:
    rows = await uow.session.scalars(
        sa.select(OrderItem).where(OrderItem.order_id == order_id).order_by(OrderItem.position)
    )
    return list(rows.all())


def _item_out(item: OrderItem) -> OrderItemOut:
    return OrderItemOut(
        id=item.id,
        product_id=item.product_id,
        sku=item.sku,
        name=item.name,
        quantity=item.quantity,
        unit_price=item.unit_price,
        subtotal=item.subtotal,
        discount=item.discount,
        tax=item.tax,
        line_total=item.line_total,
        tax_rate=item.tax_rate,
        fulfilled_quantity=item.fulfilled_quantity,
    )


def as_read(order: Order, items: Sequence[OrderItem]) -> OrderRead:
    return OrderRead(
        id=order.id,
        number=order.reference,
        status=order.status,
        channel=Channel(order.channel).value,
        location_id=order.location_id,
        customer_id=order.customer_id,
        cart_id=order.cart_id,
        items=[_item_out(item) for item in items],
        discounts=[AppliedDiscountOut(**d) for d in order.discounts],
        subtotal=order.subtotal,
        discount_total=order.discount_total,
        tax_total=order.tax_total,
        total=order.total,
        currency=order.currency,
        prices_include_tax=order.prices_include_tax,
        paid_total=order.paid_total,
        refunded_total=order.refunded_total,
        cancel_reason=order.cancel_reason,
        created_at=order.created_at,
        updated_at=order.updated_at,
    )


async def read_order(uow: ReadUnitOfWork, order: Order) -> OrderRead:
    return as_read(order, await items_of(uow, order.id))


@dataclass(frozen=True)
class OrderFilter:
    status: OrderStatus | None = None
    location_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    # The locations a location-scoped reader may see (None: every one).
    visible: frozenset[uuid.UUID] | None = None


async def list_orders(
    uow: ReadUnitOfWork, *, filters: OrderFilter, page: PageParams
) -> tuple[list[Order], str | None]:
    """Newest first. `created_from` is inclusive, `created_to` exclusive."""
    stmt = sa.select(Order)
    if filters.status is not None:
        stmt = stmt.where(Order.status == filters.status.value)
    if filters.location_id is not None:
        stmt = stmt.where(Order.location_id == filters.location_id)
    if filters.visible is not None:
        stmt = stmt.where(Order.location_id.in_(sorted(filters.visible)))
    if filters.customer_id is not None:
        stmt = stmt.where(Order.customer_id == filters.customer_id)
    if filters.created_from is not None:
        stmt = stmt.where(Order.created_at >= filters.created_from)
    if filters.created_to is not None:
        stmt = stmt.where(Order.created_at < filters.created_to)
    return await fetch_page(uow.session, stmt, page, Order.id, newest_first=True)


async def customer_orders(
    uow: ReadUnitOfWork,
    customer_id: uuid.UUID,
    *,
    page: PageParams,
    visible: frozenset[uuid.UUID] | None = None,
) -> tuple[list[Order], str | None]:
    """The customer's orders, newest first (404 `customer_not_found` for no such customer)."""
    await customers.get_customer(uow, customer_id)
    return await list_orders(
        uow, filters=OrderFilter(customer_id=customer_id, visible=visible), page=page
    )


async def timeline(uow: ReadUnitOfWork, order_id: uuid.UUID) -> list[OrderTimelineEntry]:
    """Everything that happened to the order, oldest first."""
    rows = await uow.session.scalars(
        sa.select(OrderTimelineEntry)
        .where(OrderTimelineEntry.order_id == order_id)
        .order_by(OrderTimelineEntry.id)
    )
    return list(rows.all())
