"""Whatever orders, payments (cash, card, split, partial), refunds and cancellations happen
at whatever times, every report equals a plain recomputation from what was done: an order
counts when its payments covered it, a refund when it was given, a payment when it succeeded,
each in the local day and hour of the report's zone. The rebuilt rollups answer the same."""

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from olympus.commerce.analytics import service as analytics
from tests.commerce.analytics.conftest import Shop

START = datetime(2026, 3, 24, tzinfo=UTC)  # Europe's clocks go forward on the 29th
FIRST_DAY, LAST_DAY = date(2026, 3, 26), date(2026, 4, 2)
ZONES = ("Europe/Paris", "America/New_York")
PRICES = (250, 999, 1500)

sale = st.fixed_dictionaries(
    {
        "place": st.integers(0, len(ZONES) - 1),
        "at": st.integers(0, 12 * 24 * 60),  # minutes after START
        "lines": st.lists(
            st.tuples(st.integers(0, len(PRICES) - 1), st.integers(1, 3)),
            min_size=1,
            max_size=3,
            unique_by=lambda line: line[0],
        ),
        "payment": st.sampled_from(["none", "cash", "card", "split", "partial"]),
        "pay_after": st.integers(0, 40 * 60),
        "then": st.sampled_from(["nothing", "refund_some", "refund_all", "cancel"]),
        "then_after": st.integers(1, 40 * 60),
    }
)


@dataclass
class Expected:
    """What was done, as the definitions count it: (location, when, figures)."""

    paid: list[tuple[int, datetime, int, list[tuple[int, int, int]]]] = field(default_factory=list)
    refunds: list[tuple[int, datetime, int, str]] = field(default_factory=list)
    payments: list[tuple[int, datetime, int, str]] = field(default_factory=list)


async def _play(shop: Shop, sales: list[dict[str, Any]]) -> tuple[list[str], list[str], Expected]:
    places = [await shop.location(zone) for zone in ZONES]
    products = [await shop.product(price, places) for price in PRICES]
    expected = Expected()
    for s in sales:
        at = START + timedelta(minutes=s["at"])
        place = places[s["place"]]
        order = await shop.order(at, place, [(products[p], q) for p, q in s["lines"]])
        total = order["total"]
        lines = [(p, q, PRICES[p] * q) for p, q in s["lines"]]
        assert total == sum(line[2] for line in lines)
        paid_at = at + timedelta(minutes=s["pay_after"])
        taken: list[tuple[uuid.UUID, int, str]] = []
        if s["payment"] in ("cash", "card"):
            taken.append(
                (await shop.pay(paid_at, order["id"], total, s["payment"]), total, s["payment"])
            )
        elif s["payment"] in ("split", "partial"):
            half = total // 2
            taken.append((await shop.pay(paid_at, order["id"], half, "cash"), half, "cash"))
            if s["payment"] == "split":
                paid_at += timedelta(hours=1)
                rest = total - half
                taken.append((await shop.pay(paid_at, order["id"], rest, "card"), rest, "card"))
        for _, amount, method in taken:
            moment = (
                paid_at
                if method == "card" or s["payment"] != "split"
                else paid_at - timedelta(hours=1)
            )
            expected.payments.append((s["place"], moment, amount, method))
        fully_paid = s["payment"] in ("cash", "card", "split")
        if fully_paid:
            expected.paid.append((s["place"], paid_at, total, lines))
        then_at = max(at, paid_at) + timedelta(minutes=s["then_after"])
        if s["then"] == "cancel":
            await shop.cancel(then_at, order["id"])
        elif s["then"].startswith("refund") and fully_paid:
            payment_id, amount, method = taken[-1]
            given_back = amount if s["then"] == "refund_all" else max(1, amount // 3)
            await shop.refund(then_at, payment_id, given_back)
            expected.refunds.append((s["place"], then_at, given_back, method))
    await shop.published()
    return places, products, expected


def _in_window(moment: datetime, zone: ZoneInfo) -> bool:
    return FIRST_DAY <= moment.astimezone(zone).date() <= LAST_DAY


def _figures(orders: int, revenue: int, refunds: int, units: int) -> dict[str, int]:
    return {
        "orders": orders,
        "revenue": revenue,
        "refunds": refunds,
        "net_revenue": revenue - refunds,
        "items_sold": units,
        "average_order_value": (2 * revenue + orders) // (2 * orders) if orders else 0,
        "discount_total": 0,
        "tax_total": 0,
    }


def _mix_row(method: str, count: int, amount: int, refunds: int, refunded: int) -> dict[str, Any]:
    return {
        "method": method,
        "provider": "cash" if method == "cash" else "test",
        "payments": count,
        "amount": amount,
        "refund_count": refunds,
        "refunds": refunded,
        "net_amount": amount - refunded,
    }


def _naive(
    expected: Expected, zone: ZoneInfo, place: int | None, products: list[str], places: list[str]
) -> dict[str, Any]:
    """Every report recomputed from what was done, in `zone`, at `place` (None: all)."""

    def here(p: int) -> bool:
        return place is None or p == place

    days: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    per_place: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    cells: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    per_product: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for p, at, total, lines in expected.paid:
        if not (here(p) and _in_window(at, zone)):
            continue
        local = at.astimezone(zone)
        units = sum(q for _, q, _ in lines)
        for figures in (days[local.date()], per_place[p]):
            figures[0] += 1
            figures[1] += total
            figures[3] += units
        cells[(local.isoweekday(), local.hour)][0] += 1
        cells[(local.isoweekday(), local.hour)][1] += total
        for product, quantity, revenue in lines:
            per_product[product][0] += quantity
            per_product[product][1] += revenue
    mix: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for p, at, amount, method in expected.refunds:
        if here(p) and _in_window(at, zone):
            days[at.astimezone(zone).date()][2] += amount
            per_place[p][2] += amount
            mix[method][2] += 1
            mix[method][3] += amount
    for p, at, amount, method in expected.payments:
        if here(p) and _in_window(at, zone):
            mix[method][0] += 1
            mix[method][1] += amount
    every_day = [FIRST_DAY + timedelta(days=n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
    top = sorted(
        per_product.items(), key=lambda kv: (-kv[1][1], -kv[1][0], uuid.UUID(products[kv[0]]))
    )
    return {
        "sales": [(d.isoformat(), _figures(*days.get(d, [0, 0, 0, 0]))) for d in every_day],
        "top": [(products[p], q, r) for p, (q, r) in top],
        "mix": sorted(
            (_mix_row(method, *figures) for method, figures in mix.items()),
            key=lambda row: (-row["amount"], row["method"]),
        ),
        "locations": {places[p]: _figures(*f) for p, f in per_place.items()},
        "hours": {cell: tuple(v) for cell, v in cells.items() if v[0]},
    }


async def _reports(shop: Shop, location: str | None) -> dict[str, Any]:
    window: dict[str, Any] = {
        "from_": FIRST_DAY.isoformat(),
        "to": LAST_DAY.isoformat(),
        "location_id": location,
    }
    sales = await shop.report("sales", interval="day", **window)
    top = await shop.report("top-products", limit=50, **window)
    mix = await shop.report("payment-methods", **window)
    places = await shop.report("locations", **window)
    hours = await shop.report("hours", **window)
    figures = ("orders", "revenue", "refunds", "net_revenue", "items_sold",
               "average_order_value", "discount_total", "tax_total")  # fmt: skip
    return {
        "sales": [(p["period"][:10], {k: p[k] for k in figures}) for p in sales["series"]],
        "top": [(i["product_id"], i["quantity"], i["revenue"]) for i in top["items"]],
        "mix": mix["items"],
        "locations": {i["location_id"]: {k: i[k] for k in figures} for i in places["items"]},
        "hours": {
            (c["weekday"], c["hour"]): (c["orders"], c["revenue"])
            for c in hours["items"]
            if c["orders"]
        },
        "totals": sales["totals"],
    }


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sales=st.lists(sale, min_size=1, max_size=6))
async def test_every_report_equals_a_recomputation_from_the_orders(
    make_shop: Callable[[], Awaitable[Shop]], sales: list[dict[str, Any]]
) -> None:
    shop = await make_shop()
    places, products, expected = await _play(shop, sales)
    answers = {}
    for index, location in [(None, None), *enumerate(places)]:
        zone = ZoneInfo("UTC" if index is None else ZONES[index])
        naive = _naive(expected, zone, index, products, places)
        found = await _reports(shop, location)
        answers[location] = found
        for report in ("sales", "top", "mix", "locations", "hours"):
            assert found[report] == naive[report], (report, location, sales)
        assert found["totals"] == _figures(
            *(
                sum(day[k] for _, day in naive["sales"])
                for k in ("orders", "revenue", "refunds", "items_sold")
            )
        )
    # Rebuilt from scratch, the rollups answer exactly the same.
    await analytics.rebuild_tenant(
        shop.app.state.db, clock=shop.inv.clock, tenant_id=shop.tenant_id
    )
    for location in [None, *places]:
        assert await _reports(shop, location) == answers[location]
