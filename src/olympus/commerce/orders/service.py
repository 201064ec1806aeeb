"""Order rules: take an order at a location (priced by `pricing.quote`, its discount uses
counted, its stock held through the inventory, numbered per tenant), and move it through the
one state machine of `models.TRANSITIONS`.

Every change holds the order's row (`locks.hold_order`), goes through `_move` when the status
changes (the only place a status is set: an illegal move is 409 `invalid_transition`), and
writes a timeline entry, an audit row and, for the moves others care about, an event
(`order.created|paid|fulfilled|completed|cancelled|refunded`), all in the caller's
transaction.

`create_order`, `payable_order`, `record_payment` and `record_refund` are what carts and
payments call."""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.commerce.catalog import service as catalog
from olympus.commerce.catalog.errors import LocationCurrencyMismatch
from olympus.commerce.customers import service as customers
from olympus.commerce.discounts import service as discounts
from olympus.commerce.inventory import service as inventory
from olympus.commerce.orders import locks, repository
from olympus.commerce.orders.errors import (
    FulfilmentExceedsOrdered,
    InvalidAmount,
    InvalidFulfilment,
    InvalidTransition,
    OrderAlreadyExists,
    OrderNotFound,
    PaymentExceedsBalance,
    ProductNotAvailable,
    RefundExceedsCaptured,
)
from olympus.commerce.orders.models import (
    TRANSITIONS,
    Channel,
    Order,
    OrderItem,
    OrderStatus,
    OrderTimelineEntry,
    TimelineKind,
)
from olympus.commerce.orders.schemas import (
    AppliedDiscountOut,
    OrderItemOut,
    OrderLineRequest,
    OrderRead,
)
from olympus.commerce.pricing import service as pricing
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.hours import Window
from olympus.core.ids import uuid7_at
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.audit import service as audit
from olympus.platform.locations import service as locations
from olympus.platform.settings import service as settings

TARGET = "order"
# An order holds its stock until it is fulfilled or cancelled: its reservation does not
# expire in any time an order stays open.
STOCK_HOLD_SECONDS = 10 * 366 * 24 * 3600
ACTIVE_PRODUCT = "active"
# The states a refund may start from: those the state machine lets move to `refunded`.
REFUNDABLE = frozenset(
    status for status, moves in TRANSITIONS.items() if OrderStatus.REFUNDED in moves
)


def format_number(prefix: str, number: int) -> str:
    """How an order's number is shown: the tenant's prefix, then at least five digits
    (ORD-00042)."""
    return f"{prefix}{number:05d}"


def _owner(order_id: uuid.UUID) -> inventory.ReservationOwner:
    """The order as the owner of its reservation: only it moves that stock."""
    return inventory.order_owner(order_id)


# --- the state machine ---------------------------------------------------------------------------


def can_move(current: str, to: OrderStatus) -> bool:
    return to in TRANSITIONS[OrderStatus(current)]


def refundable(status: str) -> bool:
    """Whether an order in `status` may be refunded (what was paid and not yet refunded):
    paid, fulfilled in part or whole, completed, partially refunded, or cancelled."""
    return OrderStatus(status) in REFUNDABLE


def check_move(order: Order, to: OrderStatus, action: str) -> None:
    """409 `invalid_transition` unless the order may move to `to`."""
    if not can_move(order.status, to):
        raise InvalidTransition(
            f"An order that is {order.status} can't be {action}",
            status=order.status,
            to=to.value,
        )


def _entry(
    uow: WriteUnitOfWork,
    order: Order,
    kind: TimelineKind,
    data: dict[str, Any],
    *,
    from_status: str | None = None,
    to_status: str | None = None,
) -> OrderTimelineEntry:
    entry = OrderTimelineEntry(
        id=new_id(),
        order_id=order.id,
        kind=kind.value,
        from_status=from_status,
        to_status=to_status,
        actor_id=uow.actor_id,
        data=data,
        created_at=uow.clock.now(),
    )
    uow.session.add(entry)
    return entry


def _move(
    uow: WriteUnitOfWork, order: Order, to: OrderStatus, action: str, data: dict[str, Any]
) -> str:
    """The one place an order's status changes: checked against the state machine, with a
    timeline entry. Answers the status it left."""
    check_move(order, to, action)
    previous = order.status
    order.status = to.value
    order.updated_at = uow.clock.now()
    _entry(uow, order, TimelineKind.TRANSITION, data, from_status=previous, to_status=to.value)
    return previous


def _record(
    uow: WriteUnitOfWork,
    order: Order,
    action: str,
    changes: dict[str, Any],
    *,
    event: str | None = None,
) -> None:
    audit.record(uow, action=action, target_type=TARGET, target_id=order.id, changes=changes)
    if event is not None:
        record_event(
            uow,
            event,
            {
                "order_id": str(order.id),
                "number": order.reference,
                "status": order.status,
                "location_id": str(order.location_id),
                "customer_id": None if order.customer_id is None else str(order.customer_id),
                "total": order.total,
                "currency": order.currency,
                **changes,
            },
        )


# --- reads -----------------------------------------------------------------------------------


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


# --- taking an order ---------------------------------------------------------------------------


async def _priced_lines(
    uow: ReadUnitOfWork,
    lines: Sequence[OrderLineRequest],
    location_id: uuid.UUID,
    currency: str,
) -> tuple[list[pricing.Line], dict[uuid.UUID, catalog.SellableUnit]]:
    if any(line.quantity < 1 for line in lines):
        raise InvalidAmount("Every line orders at least one unit")
    found = await catalog.sellable_units_at(uow, (line.product_id for line in lines), location_id)
    for unit, _ in found.values():
        if unit.status != ACTIVE_PRODUCT:
            raise ProductNotAvailable(f"The product {unit.sku!r} is {unit.status}")
        if unit.currency != currency:
            raise LocationCurrencyMismatch(
                f"The product {unit.sku!r} is priced in {unit.currency}; this location "
                f"sells in {currency}"
            )
    units = {product_id: unit for product_id, (unit, _) in found.items()}
    prices = {product_id: price for product_id, (_, price) in found.items()}
    priced = []
    for position, line in enumerate(lines):
        unit = units[line.product_id]
        priced.append(
            pricing.Line(
                key=str(position),
                product_id=unit.id,
                unit_price=prices[unit.id],
                quantity=line.quantity,
                tax_class=unit.tax_class,
            )
        )
    return priced, units


async def create_order(
    uow: WriteUnitOfWork,
    *,
    location_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    lines: Sequence[OrderLineRequest],
    discount_codes: Sequence[str] = (),
    channel: str = "pos",
    cart_id: uuid.UUID | None = None,
) -> OrderRead:
    """Take an order at an active location: each line priced at the location's price now
    (`pricing.quote`, with the location's tax and the automatic discounts and `discount_codes`
    that apply), the uses of the discounts that applied counted (409 `discount_exhausted`),
    the stock held at the location (409 `insufficient_stock`, nothing held), the next number
    of the tenant given. A `cart_id` backs one order only (409 `cart_already_checked_out`)."""
    if not lines:
        raise InvalidAmount("An order has at least one line")
    sales_channel = Channel(channel)
    location = await locations.get_selling_location(uow, location_id)
    if customer_id is not None:
        await customers.get_customer(uow, customer_id)
    if cart_id is not None and await _order_of_cart(uow, cart_id) is not None:
        raise OrderAlreadyExists("This cart has already been checked out")
    now = uow.clock.now()
    priced_lines, units = await _priced_lines(uow, lines, location.id, location.currency)
    offers = await discounts.offers(uow, codes=discount_codes, at=now)
    if pricing.needs_categories(offers):
        lineage = await catalog.category_lineage(uow, units)
        priced_lines = pricing.with_categories(priced_lines, lineage)
    tenant = await settings.get_tenant_settings(uow)
    policy = pricing.tax_policy_of(tenant, location.id)
    quote = pricing.quote(
        priced_lines,
        currency=location.currency,
        at=now,
        discounts=offers,
        tax_rates=policy.rates,
        prices_include_tax=policy.prices_include_tax,
    )
    order_id = new_id()
    # Stock first, in product order (the inventory's), then the discounts' counters in id
    # order, then the tenant's order counter: every order takes its locks in this order, so
    # concurrent orders queue and never deadlock; the counter, held by every order of the
    # tenant, is taken last and so held shortest.
    reservation = await inventory.reserve(
        uow,
        location_id=location.id,
        lines=[(line.product_id, line.quantity) for line in priced_lines],
        expires_in=STOCK_HOLD_SECONDS,
        reason=f"order {order_id}",
        units_checked=True,
        rolls_back_on_refusal=True,
        owner=_owner(order_id),
    )
    applied = [d for d in quote.discounts if d.amount > 0]
    if applied:
        await discounts.claim_uses(
            uow, discount_ids=[d.id for d in applied], order_id=order_id, customer_id=customer_id
        )
    number = await repository.next_number(uow)
    reference = format_number(tenant.order_number_prefix, number)
    order = Order(
        id=order_id,
        number=number,
        reference=reference,
        status=OrderStatus.PENDING.value,
        channel=sales_channel.value,
        location_id=location.id,
        customer_id=customer_id,
        cart_id=cart_id,
        reservation_id=reservation.id,
        currency=quote.currency,
        prices_include_tax=quote.prices_include_tax,
        subtotal=quote.subtotal,
        discount_total=quote.discount_total,
        tax_total=quote.tax_total,
        total=quote.total,
        paid_total=0,
        refunded_total=0,
        discounts=[
            {"id": str(d.id), "code": d.code, "name": d.name, "amount": d.amount} for d in applied
        ],
        cancel_reason=None,
        created_by=uow.actor_id,
        created_at=now,
        updated_at=now,
    )
    items = [
        OrderItem(
            id=new_id(),
            order_id=order_id,
            position=position,
            product_id=line.product_id,
            sku=units[line.product_id].sku,
            name=units[line.product_id].name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            subtotal=line.subtotal,
            discount=line.discount,
            tax=line.tax,
            line_total=line.total,
            tax_rate=format(line.tax_rate.normalize(), "f"),
            fulfilled_quantity=0,
        )
        for position, line in enumerate(quote.lines)
    ]
    created = {
        "id": new_id(),
        "order_id": order_id,
        "kind": TimelineKind.CREATED.value,
        "from_status": None,
        "to_status": order.status,
        "actor_id": uow.actor_id,
        "data": {"channel": order.channel, "total": order.total, "currency": order.currency},
        "created_at": now,
    }
    await _insert(uow, order, items, created)
    _record(
        uow,
        order,
        "order.created",
        {
            "number": reference,
            "channel": order.channel,
            "cart_id": None if cart_id is None else str(cart_id),
            "reservation_id": str(reservation.id),
            "items": [{"product_id": str(i.product_id), "quantity": i.quantity} for i in items],
            "subtotal": order.subtotal,
            "discount_total": order.discount_total,
            "tax_total": order.tax_total,
            "discounts": order.discounts,
        },
        event="order.created",
    )
    return as_read(order, items)


async def _order_of_cart(uow: ReadUnitOfWork, cart_id: uuid.UUID) -> uuid.UUID | None:
    found: uuid.UUID | None = await uow.session.scalar(
        sa.select(Order.id).where(Order.cart_id == cart_id).limit(1)
    )
    return found


def _columns(row: Any, model: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in model.__table__.columns if c.key != "tenant_id"}


async def _insert(
    uow: WriteUnitOfWork, order: Order, items: list[OrderItem], created: dict[str, Any]
) -> None:
    """Write the order, its items and its first timeline entry (Core statements: the hot
    path of every sale; `order` and `items` stay out of the session). A concurrent checkout
    of the same cart that committed first turns the unique violation into 409 instead of a
    failed transaction."""
    values = _columns(order, Order)
    if order.cart_id is None:
        await repository.add_order(uow, values)
    else:
        try:
            async with uow.session.begin_nested():
                await repository.add_order(uow, values)
        except IntegrityError as exc:
            raise OrderAlreadyExists("This cart has already been checked out") from exc
    await repository.add_items(uow, [_columns(item, OrderItem) for item in items])
    await repository.add_timeline_entry(uow, created)


# --- payments (what the payments domain calls) -------------------------------------------------


@dataclass(frozen=True)
class PayableOrder:
    id: uuid.UUID
    number: str
    location_id: uuid.UUID
    customer_id: uuid.UUID | None
    status: str
    currency: str
    total: int
    paid_total: int
    refunded_total: int


def _payable(order: Order) -> PayableOrder:
    return PayableOrder(
        id=order.id,
        number=order.reference,
        location_id=order.location_id,
        customer_id=order.customer_id,
        status=order.status,
        currency=order.currency,
        total=order.total,
        paid_total=order.paid_total,
        refunded_total=order.refunded_total,
    )


async def payable_order(
    uow: ReadUnitOfWork, order_id: uuid.UUID, *, lock: bool = False
) -> PayableOrder:
    """What payments need of an order (404 `order_not_found`). `lock=True` (on a write unit
    of work) holds the order's row until the transaction ends, so payments of one order are
    serialised."""
    if lock:
        if not isinstance(uow, WriteUnitOfWork):
            raise TypeError("locking an order needs a write unit of work")
        return _payable(await hold_order(uow, order_id))
    return _payable(await get_order(uow, order_id))


async def record_payment(
    uow: WriteUnitOfWork,
    order_id: uuid.UUID,
    *,
    payment_id: uuid.UUID,
    amount: int,
    method: str,
) -> PayableOrder:
    """A succeeded payment of a pending order (else 409 `invalid_transition`): `paid_total`
    grows by `amount` (at most what is left to pay: 409 `payment_exceeds_balance`); once it
    covers the total, the order is paid (`order.paid`)."""
    order = await hold_order(uow, order_id)
    if amount < 0:
        raise InvalidAmount("A payment's amount can't be negative")
    check_move(order, OrderStatus.PAID, "paid")
    balance = order.total - order.paid_total
    if amount > balance:
        raise PaymentExceedsBalance(
            f"The order has {balance} left to pay; {amount} is more than that"
        )
    order.paid_total += amount
    order.updated_at = uow.clock.now()
    payment = {"payment_id": str(payment_id), "amount": amount, "method": method}
    _entry(uow, order, TimelineKind.PAYMENT, {**payment, "paid_total": order.paid_total})
    _record(uow, order, "order.payment_recorded", {**payment, "paid_total": order.paid_total})
    if order.paid_total == order.total:
        previous = _move(uow, order, OrderStatus.PAID, "paid", {"payment_id": str(payment_id)})
        _record(
            uow,
            order,
            "order.paid",
            {"status": {"from": previous, "to": order.status}, "paid_total": order.paid_total},
            event="order.paid",
        )
    await uow.session.flush()
    return _payable(order)


async def record_refund(
    uow: WriteUnitOfWork,
    order_id: uuid.UUID,
    *,
    refund_id: uuid.UUID,
    payment_id: uuid.UUID,
    amount: int,
) -> PayableOrder:
    """A refund of a paid order (paid, partially or wholly fulfilled, completed, already
    partially refunded, or cancelled after a payment; else 409 `invalid_transition`):
    `refunded_total` grows by `amount`,
    never above `paid_total` (409 `refund_exceeds_captured`), and the order becomes
    `partially_refunded`, or `refunded` once everything paid is refunded (`order.refunded`)."""
    order = await hold_order(uow, order_id)
    if amount <= 0:
        raise InvalidAmount("A refund's amount is at least 1")
    if not refundable(order.status):
        raise InvalidTransition(
            f"An order that is {order.status} can't be refunded",
            status=order.status,
            to=OrderStatus.REFUNDED.value,
        )
    left = order.paid_total - order.refunded_total
    if amount > left:
        raise RefundExceedsCaptured(f"{left} is left to refund; {amount} is more than that")
    order.refunded_total += amount
    to = (
        OrderStatus.REFUNDED
        if order.refunded_total == order.paid_total
        else OrderStatus.PARTIALLY_REFUNDED
    )
    refund = {"refund_id": str(refund_id), "payment_id": str(payment_id), "amount": amount}
    _entry(uow, order, TimelineKind.REFUND, {**refund, "refunded_total": order.refunded_total})
    previous = _move(uow, order, to, "refunded", {"refund_id": str(refund_id)})
    _record(
        uow,
        order,
        "order.refunded",
        {
            **refund,
            "refunded_total": order.refunded_total,
            "status": {"from": previous, "to": order.status},
        },
        event="order.refunded",
    )
    await uow.session.flush()
    return _payable(order)


# --- what analytics sums (set-based statements, never a loop over orders) ---------------------


def paid_sales_by_hour(uow: ReadUnitOfWork, *, windows: Sequence[Window] | None = None) -> Any:
    """A statement: (location_id, hour, orders, revenue, discount_total, tax_total) of the
    tenant's orders by location and the UTC hour they were paid in (an order counts once, when
    its payments cover its total; what happens to it afterwards does not uncount it), within
    `windows` (None: all time)."""
    return repository.paid_sales_by_hour(uow.require_tenant(), windows)


def paid_lines_by_hour(uow: ReadUnitOfWork, *, windows: Sequence[Window] | None = None) -> Any:
    """A statement: (location_id, hour, product_id, quantity, revenue) of the lines of the
    orders `paid_sales_by_hour` counts; a line's revenue is its `line_total`."""
    return repository.paid_lines_by_hour(uow.require_tenant(), windows)


async def paid_hours(
    uow: ReadUnitOfWork, order_ids: Sequence[uuid.UUID]
) -> list[tuple[uuid.UUID, datetime]]:
    """The (location, UTC hour) each of the given orders was paid in (unpaid ones: none)."""
    if not order_ids:
        return []
    rows = await uow.session.execute(repository.paid_hours(uow.require_tenant(), order_ids))
    return [(row.location_id, row.hour) for row in rows]


# --- fulfilment, completion, cancellation, notes ---------------------------------------------


def _fulfilment(
    items: Sequence[OrderItem], lines: Sequence[tuple[uuid.UUID, int]] | None
) -> dict[uuid.UUID, int]:
    """Item id -> units to fulfil now: the lines asked for, or everything left."""
    left = {item.id: item.quantity - item.fulfilled_quantity for item in items}
    if lines is None:
        return {item_id: units for item_id, units in left.items() if units > 0}
    wanted: dict[uuid.UUID, int] = {}
    for item_id, quantity in lines:
        if item_id not in left:
            raise InvalidFulfilment(f"The order has no item {item_id}")
        if item_id in wanted:
            raise InvalidFulfilment(f"The item {item_id} is named twice")
        if quantity < 1:
            raise InvalidFulfilment("A fulfilment line moves at least one unit")
        if quantity > left[item_id]:
            raise FulfilmentExceedsOrdered(
                f"The item {item_id} has {left[item_id]} left to fulfil, {quantity} asked for"
            )
        wanted[item_id] = quantity
    return wanted


async def fulfil_order(
    uow: WriteUnitOfWork, order: Order, *, lines: Sequence[tuple[uuid.UUID, int]] | None = None
) -> OrderRead:
    """Hand over items of a paid order (the order held by `hold_order`): `lines` (item id,
    units), or everything left. Their stock moves from reserved to sold at the order's
    location. Everything handed over: `fulfilled`; else `partially_fulfilled`."""
    check_move(order, OrderStatus.PARTIALLY_FULFILLED, "fulfilled")
    items = await items_of(uow, order.id)
    now_fulfilled = _fulfilment(items, lines)
    for item in items:
        item.fulfilled_quantity += now_fulfilled.get(item.id, 0)
    complete = all(item.fulfilled_quantity == item.quantity for item in items)
    reason = f"order {order.reference}"
    if complete:
        await inventory.commit_reservation(
            uow, order.reservation_id, reason=reason, owner=_owner(order.id)
        )
    else:
        per_product: dict[uuid.UUID, int] = defaultdict(int)
        for item in items:
            per_product[item.product_id] += now_fulfilled.get(item.id, 0)
        await inventory.sell_reserved(
            uow,
            order.reservation_id,
            lines=[(p, q) for p, q in sorted(per_product.items()) if q > 0],
            reason=reason,
            owner=_owner(order.id),
        )
    fulfilled = [
        {"item_id": str(item_id), "quantity": quantity}
        for item_id, quantity in now_fulfilled.items()
    ]
    to = OrderStatus.FULFILLED if complete else OrderStatus.PARTIALLY_FULFILLED
    _entry(uow, order, TimelineKind.FULFILMENT, {"lines": fulfilled})
    previous = _move(uow, order, to, "fulfilled", {"lines": fulfilled})
    _record(
        uow,
        order,
        "order.fulfilled",
        {"lines": fulfilled, "complete": complete, "status": {"from": previous, "to": to.value}},
        event="order.fulfilled",
    )
    await uow.session.flush()
    return as_read(order, items)


async def complete_order(uow: WriteUnitOfWork, order: Order) -> OrderRead:
    """A fulfilled order is done (`completed`)."""
    previous = _move(uow, order, OrderStatus.COMPLETED, "completed", {})
    _record(
        uow,
        order,
        "order.completed",
        {"status": {"from": previous, "to": order.status}},
        event="order.completed",
    )
    await uow.session.flush()
    return await read_order(uow, order)


async def cancel_order(uow: WriteUnitOfWork, order: Order, *, reason: str) -> OrderRead:
    """Cancel a pending or paid order (nothing handed over yet): its held stock is available
    again and its discount uses are given back. Money already paid stays refundable: the
    cancelled order is refunded through payments (`partially_refunded`, then `refunded`);
    the timeline entry and the event say how much (`refundable`)."""
    check_move(order, OrderStatus.CANCELLED, "cancelled")
    await inventory.release_reservation(
        uow,
        order.reservation_id,
        reason=f"order {order.reference} cancelled",
        owner=_owner(order.id),
    )
    released = await discounts.release_uses(uow, order_id=order.id)
    order.cancel_reason = reason
    refundable_amount = order.paid_total - order.refunded_total
    previous = _move(
        uow,
        order,
        OrderStatus.CANCELLED,
        "cancelled",
        {"reason": reason, "refundable": refundable_amount},
    )
    _record(
        uow,
        order,
        "order.cancelled",
        {
            "reason": reason,
            "status": {"from": previous, "to": order.status},
            "paid_total": order.paid_total,
            "refundable": refundable_amount,
            "discounts_released": [str(d) for d in released],
        },
        event="order.cancelled",
    )
    await uow.session.flush()
    return await read_order(uow, order)


async def add_note(uow: WriteUnitOfWork, order: Order, *, text: str) -> OrderTimelineEntry:
    """A note on the order's timeline, in any state."""
    entry = _entry(uow, order, TimelineKind.NOTE, {"text": text})
    order.updated_at = uow.clock.now()
    audit.record(
        uow,
        action="order.note_added",
        target_type=TARGET,
        target_id=order.id,
        changes={"text": text},
    )
    await uow.session.flush()
    return entry


# --- history written in bulk (demo data, imports) ----------------------------------------------

# What an order of the past may have ended as: nothing of it still holds stock or waits.
HISTORY_STATUSES = frozenset(
    {
        OrderStatus.FULFILLED,
        OrderStatus.COMPLETED,
        OrderStatus.CANCELLED,
        OrderStatus.PARTIALLY_REFUNDED,
        OrderStatus.REFUNDED,
    }
)


@dataclass(frozen=True, slots=True)
class HistoryOrder:
    """An order of the past, as priced then (`quote`, whose lines name `units`: the sku and
    name of each line's product) and as it ended (`status`, what was paid and refunded).
    `summary` is the note its timeline keeps of what happened between `created_at` and
    `updated_at`, with its creation; `paid_at`, when it was paid (payments came to cover its
    total), is kept as the transition to paid, the moment reports count the sale."""

    id: uuid.UUID
    status: OrderStatus
    channel: Channel
    location_id: uuid.UUID
    customer_id: uuid.UUID | None
    reservation_id: uuid.UUID
    quote: pricing.Quote
    units: Sequence[tuple[str, str]]
    paid_total: int
    refunded_total: int
    cancel_reason: str | None
    created_at: datetime
    updated_at: datetime
    summary: str
    paid_at: datetime | None = None


def _check_history(order: HistoryOrder) -> None:
    """The rules every order of the past obeys, the state machine's end states among them."""
    quote = order.quote
    if order.status not in HISTORY_STATUSES:
        raise ValueError(f"an order of the past can't still be {order.status}")
    if len(order.units) != len(quote.lines) or not quote.lines:
        raise ValueError("every line of the quote names its unit")
    if not 0 <= order.refunded_total <= order.paid_total <= quote.total:
        raise ValueError("refunded <= paid <= total")
    if order.status is OrderStatus.CANCELLED:
        consistent = order.paid_total == order.refunded_total and bool(order.cancel_reason)
    elif order.status is OrderStatus.REFUNDED:
        consistent = order.paid_total == quote.total == order.refunded_total
    elif order.status is OrderStatus.PARTIALLY_REFUNDED:
        consistent = order.paid_total == quote.total and 0 < order.refunded_total < quote.total
    else:
        consistent = order.paid_total == quote.total and order.refunded_total == 0
    if not consistent or order.updated_at < order.created_at:
        raise ValueError(f"order {order.id}: totals or times don't fit {order.status}")
    was_paid = order.paid_total == quote.total and order.paid_total > 0
    if was_paid != (order.paid_at is not None) or (
        order.paid_at is not None and not order.created_at <= order.paid_at <= order.updated_at
    ):
        raise ValueError(f"order {order.id}: paid once its payments covered it, in its lifetime")


def _ms(at: datetime) -> int:
    return int(at.timestamp() * 1000)


async def bulk_insert_history(
    uow: WriteUnitOfWork, orders: Sequence[HistoryOrder], *, number_prefix: str
) -> list[str]:
    """Write orders of the past in a few set-based statements (`core.bulk`): the orders,
    their items (handed over unless cancelled) and their timeline: the creation (with
    `summary` of what happened afterwards and the status it ended in, marked `history`) and,
    for an order that was paid, the transition to paid at `paid_at`, which reports count.
    They take the tenant's next numbers in the order given (give them oldest first), so
    numbers stay unique and increasing and the orders taken afterwards continue from them.
    History is past business: no events, no audit rows, and no stock moves here (the
    inventory domain writes their reservations). Answers the references given."""
    for order in orders:
        _check_history(order)
    if not orders:
        return []
    first = await repository.claim_numbers(uow, len(orders))
    references: list[str] = []
    # Rows in the order of the repository's HISTORY_*_COLUMNS.
    order_rows: list[tuple[Any, ...]] = []
    item_rows: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    for offset, order in enumerate(orders):
        quote, status = order.quote, order.status.value
        reference = format_number(number_prefix, first + offset)
        references.append(reference)
        applied = [
            {"id": str(d.id), "code": d.code, "name": d.name, "amount": d.amount}
            for d in quote.discounts
            if d.amount > 0
        ]
        order_rows.append(
            (
                order.id, first + offset, reference, status, order.channel.value,
                order.location_id, order.customer_id, None, order.reservation_id,
                quote.currency, quote.prices_include_tax, quote.subtotal, quote.discount_total,
                quote.tax_total, quote.total, order.paid_total, order.refunded_total, applied,
                order.cancel_reason, None, order.created_at, order.updated_at,
            )
        )  # fmt: skip
        created_ms = _ms(order.created_at)
        handed_over = order.status is not OrderStatus.CANCELLED
        for position, (line, (sku, name)) in enumerate(zip(quote.lines, order.units, strict=True)):
            item_rows.append(
                (
                    uuid7_at(created_ms), order.id, position, line.product_id, sku, name,
                    line.quantity, line.unit_price, line.subtotal, line.discount, line.tax,
                    line.total, format(line.tax_rate.normalize(), "f"),
                    line.quantity if handed_over else 0,
                )
            )  # fmt: skip
        # One entry per order (a million orders, a million entries): its creation, with
        # the summary of what happened after it; a second for the payment that counts.
        entries.append(
            (
                uuid7_at(created_ms), order.id, TimelineKind.CREATED.value, None,
                OrderStatus.PENDING.value, None,
                {"channel": order.channel.value, "total": quote.total, "currency": quote.currency,
                 "history": order.summary, "status": status},
                order.created_at,
            )
        )  # fmt: skip
        if order.paid_at is not None:
            entries.append(
                (
                    uuid7_at(_ms(order.paid_at)), order.id, TimelineKind.TRANSITION.value,
                    OrderStatus.PENDING.value, OrderStatus.PAID.value, None,
                    {"history": True}, order.paid_at,
                )
            )  # fmt: skip
    await repository.add_history(uow, orders=order_rows, items=item_rows, timeline=entries)
    return references
