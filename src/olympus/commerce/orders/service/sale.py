"""Taking an order (the sale's hot path): its lines priced at the location (`pricing.quote`),
its discount uses counted, its stock held through the inventory, the tenant's next number
given, and the order, its items and its first timeline entry written."""

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.commerce.catalog import service as catalog
from olympus.commerce.catalog.errors import LocationCurrencyMismatch
from olympus.commerce.customers import service as customers
from olympus.commerce.discounts import service as discounts
from olympus.commerce.inventory import service as inventory
from olympus.commerce.orders import repository
from olympus.commerce.orders.errors import InvalidAmount, OrderAlreadyExists, ProductNotAvailable
from olympus.commerce.orders.models import Channel, Order, OrderItem, OrderStatus, TimelineKind
from olympus.commerce.orders.schemas import OrderLineRequest, OrderRead
from olympus.commerce.orders.service.reads import as_read
from olympus.commerce.orders.service.state import audit_change, event_data, stock_owner
from olympus.commerce.pricing import service as pricing
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.platform.locations import service as locations
from olympus.platform.settings import service as settings

# An order holds its stock until it is fulfilled or cancelled: its reservation does not
# expire in any time an order stays open.
STOCK_HOLD_SECONDS = 10 * 366 * 24 * 3600
ACTIVE_PRODUCT = "active"


def format_number(prefix: str, number: int) -> str:
    """How an order's number is shown: the tenant's prefix, then at least five digits
    (ORD-00042)."""
    return f"{prefix}{number:05d}"


# The audit row and, when given, the event of a change: each module writing events keeps its
# own, since the event catalogue reads an event's type from the callers in the same module.
def _record(
    uow: WriteUnitOfWork,
    order: Order,
    action: str,
    changes: dict[str, Any],
    *,
    event: str | None = None,
) -> None:
    audit_change(uow, order, action, changes)
    if event is not None:
        record_event(uow, event, event_data(order, changes))


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
        owner=stock_owner(order_id),
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
