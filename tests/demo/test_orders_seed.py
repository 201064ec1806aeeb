"""`olympus demo seed --orders N`: a deterministic past of N orders, written in bulk, that
obeys every domain's rules (payments add up to what orders say, refunds never above what was
captured, reservations ended, discount counts match their uses), numbered before the orders
taken afterwards."""

import uuid
from collections import Counter
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.commerce.discounts.models import Discount, DiscountUse
from olympus.commerce.inventory import service as inventory
from olympus.commerce.inventory.models import Reservation, ReservationLine
from olympus.commerce.orders.models import Order, OrderItem, OrderTimelineEntry
from olympus.commerce.payments.models import Payment, PaymentRefund
from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.demo import service as demo
from tests.fixtures.accounts import login

N = 600


async def _rows(db: Database, tenant_id: uuid.UUID, model: Any) -> list[Any]:
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant_id, write=False) as uow:
        return list((await uow.session.scalars(sa.select(model))).all())


def _shape(orders: list[Order]) -> list[tuple[Any, ...]]:
    """What the seed decided, without ids: the same seed must give the same."""
    return [
        (o.number, o.status, o.channel, o.subtotal, o.discount_total, o.tax_total, o.total,
         o.paid_total, o.refunded_total, o.created_at, o.cancel_reason)
        for o in sorted(orders, key=lambda o: o.number)
    ]  # fmt: skip


async def _seeded(app: FastAPI, seed: int, orders: int = N) -> tuple[str, demo.SeedReport]:
    slug = f"hist-{uuid.uuid4().hex[:8]}"
    db, auth = app.state.db, app.state.auth
    report = await demo.seed(db, auth, tenant_slug=slug, products=40, location_count=5)
    written = await demo.seed_orders(
        db, auth, tenant_slug=slug, orders_count=orders, random_seed=seed, batch_size=250
    )
    assert written.orders == orders
    assert (written.first_number, written.last_number) == ("ORD-00001", f"ORD-{orders:05d}")
    return slug, report


async def test_history_obeys_every_domain_and_repeats_with_the_same_seed(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    db = app.state.db
    slug, report = await _seeded(app, seed=11)
    tenant_id = report.tenant_id
    orders = await _rows(db, tenant_id, Order)
    items = await _rows(db, tenant_id, OrderItem)
    payments = await _rows(db, tenant_id, Payment)
    refunds = await _rows(db, tenant_id, PaymentRefund)
    reservations = {r.id: r for r in await _rows(db, tenant_id, Reservation)}
    lines = await _rows(db, tenant_id, ReservationLine)
    uses = await _rows(db, tenant_id, DiscountUse)
    timeline = await _rows(db, tenant_id, OrderTimelineEntry)
    assert len(orders) == N and len(reservations) == N
    # Its creation for every order, and the transition to paid for every order paid.
    paid_orders = [o for o in orders if o.paid_total]
    assert Counter((e.kind, e.to_status) for e in timeline) == {
        ("created", "pending"): N,
        ("transition", "paid"): len(paid_orders),
    }

    statuses = Counter(o.status for o in orders)
    assert set(statuses) <= {"completed", "cancelled", "refunded", "partially_refunded"}
    assert statuses["completed"] > N * 0.8 and statuses["cancelled"] > 0
    assert statuses["refunded"] + statuses["partially_refunded"] > 0
    assert len({o.location_id for o in orders}) == 5  # one of each kind, and a second store
    assert {o.channel for o in orders} == {"pos", "online"}
    methods = Counter(p.method for p in payments if p.status == "succeeded")
    assert methods["card"] > methods["cash"] > 0
    assert any(p.status == "failed" and p.failure_code for p in payments)
    assert any(p.tendered and p.tendered > p.amount for p in payments)  # change given
    assert sum(1 for o in orders if o.discount_total) == len({u.order_id for u in uses}) > 0

    # Numbers: 1..N, increasing with time; ids sort as the orders were taken.
    by_number = sorted(orders, key=lambda o: o.number)
    assert [o.number for o in by_number] == list(range(1, N + 1))
    assert [o.created_at for o in by_number] == sorted(o.created_at for o in orders)
    assert [o.id for o in by_number] == sorted(o.id for o in orders)
    now = app.state.auth.clock.now()
    assert now - timedelta(days=400) < by_number[0].created_at < by_number[-1].created_at < now
    # In the tenant's time zone (the default, UTC, here), nobody buys in a store at 3 a.m.
    zone = ZoneInfo("UTC")
    pos_hours = Counter(o.created_at.astimezone(zone).hour for o in orders if o.channel == "pos")
    assert all(pos_hours[h] == 0 for h in range(0, 6))

    # Every domain's invariants.
    items_of: dict[uuid.UUID, list[OrderItem]] = {}
    for item in items:
        items_of.setdefault(item.order_id, []).append(item)
    paid_by: Counter[uuid.UUID] = Counter()
    refunded_by: Counter[uuid.UUID] = Counter()
    for p in payments:
        if p.status == "succeeded":
            paid_by[p.order_id] += p.amount
            refunded_by[p.order_id] += p.refunded_amount
    refunds_of: Counter[uuid.UUID] = Counter()
    for r in refunds:
        refunds_of[r.payment_id] += r.amount
    assert all(refunds_of[p.id] == p.refunded_amount <= p.amount for p in payments)
    for order in orders:
        mine = items_of[order.id]
        assert order.subtotal == sum(i.subtotal for i in mine)
        assert order.total == sum(i.line_total for i in mine)
        assert order.subtotal - order.discount_total + order.tax_total == order.total
        assert paid_by[order.id] == order.paid_total
        assert refunded_by[order.id] == order.refunded_total
        reservation = reservations[order.reservation_id]
        if order.status == "cancelled":
            assert order.paid_total == 0 and order.cancel_reason
            assert reservation.status == "released"
            assert all(i.fulfilled_quantity == 0 for i in mine)
        else:
            assert order.paid_total == order.total > 0
            assert reservation.status == "committed"
            assert all(i.fulfilled_quantity == i.quantity for i in mine)
        if order.status == "refunded":
            assert order.refunded_total == order.total
        if order.status == "partially_refunded":
            assert 0 < order.refunded_total < order.total
    held = Counter[tuple[uuid.UUID, uuid.UUID]]()
    for line in lines:
        held[(line.reservation_id, line.product_id)] += line.quantity
    ordered = Counter[tuple[uuid.UUID, uuid.UUID]]()
    for order in orders:
        for item in items_of[order.id]:
            ordered[(order.reservation_id, item.product_id)] += item.quantity
    assert held == ordered
    counted = Counter(u.discount_id for u in uses if u.released_at is None)
    for discount in await _rows(db, tenant_id, Discount):
        assert discount.used_count == counted[discount.id]
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant_id, write=False) as uow:
        assert await inventory.check_ledger(uow) == []  # no stock moved by history

    # The same seed, another tenant: the same history.
    _, twin = await _seeded(app, seed=11)
    assert _shape(await _rows(db, twin.tenant_id, Order)) == _shape(orders)

    # Orders taken afterwards continue the numbering.
    assert report.owner_email and report.owner_password
    owner = await login(client, slug, report.owner_email, report.owner_password)

    # The analytics' rollups were rebuilt: a year and more of sales adds up to the orders paid.
    r = await client.get(
        "/api/v1/analytics/sales",
        headers=owner.headers,
        params={"interval": "month", "from": str((now - timedelta(days=400)).date()),
                "to": str(now.date())},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    totals = r.json()["totals"]
    assert totals["orders"] == len(paid_orders)
    assert totals["revenue"] == sum(o.total for o in paid_orders)
    assert totals["refunds"] == sum(o.refunded_total for o in orders)
    location_id = by_number[0].location_id
    r = await client.get(
        "/api/v1/products", headers=owner.headers, params={"location_id": str(location_id)}
    )
    product = r.json()["items"][0]
    r = await client.post(
        "/api/v1/orders",
        headers=owner.headers,
        json={"location_id": str(location_id), "items": [{"product_id": product["id"],
                                                           "quantity": 1}]},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    assert r.json()["number"] == f"ORD-{N + 1:05d}"
    created = r.json()
    r = await client.get(f"/api/v1/orders/{created['id']}", headers=owner.headers)
    assert (r.status_code, r.json()["number"]) == (200, f"ORD-{N + 1:05d}")


async def test_a_second_run_adds_more_history_after_the_first(app: FastAPI) -> None:
    db, auth = app.state.db, app.state.auth
    slug, report = await _seeded(app, seed=3, orders=120)
    more = await demo.seed_orders(db, auth, tenant_slug=slug, orders_count=80, random_seed=4)
    assert (more.first_number, more.last_number) == ("ORD-00121", "ORD-00200")
    orders = await _rows(db, report.tenant_id, Order)
    assert sorted(o.number for o in orders) == list(range(1, 201))
    assert len({o.id for o in orders}) == 200
