"""The analytics endpoints through HTTP: each report's shape and figures, empty periods with
zeros, CSV, the time zone of a location, bad input (422), another tenant's location (404), a
caller without `analytics:read` (403), one holding it at one location only, and how soon a
paid order shows up."""

import asyncio
import csv
import io
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.commerce.analytics.conftest import Shop
from tests.fixtures.problems import assert_problem

# A freshly paid order is in the reports within this many seconds (docs/API.md says so).
FRESHNESS_SECONDS = 2.0
DAY1 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday


async def _sold(shop: Shop) -> tuple[str, str, str]:
    """Two paid orders on 2026-03-02 (one refunded in part on 03-04), at a Paris location."""
    location = await shop.location()
    tea = await shop.product(900, [location])
    cup = await shop.product(400, [location])
    first = await shop.order(DAY1, location, [(tea, 2), (cup, 1)])
    paid = await shop.pay(DAY1, first["id"], first["total"], "card")
    second = await shop.order(DAY1 + timedelta(hours=3), location, [(cup, 3)])
    await shop.pay(DAY1 + timedelta(hours=3), second["id"], second["total"], "cash")
    await shop.order(DAY1, location, [(tea, 1)])  # never paid: never counted
    await shop.refund(DAY1 + timedelta(days=2), paid, 500)
    await shop.published()
    return location, tea, cup


async def test_sales_by_day_lists_every_day_with_zeros_and_the_totals(shop: Shop) -> None:
    await _sold(shop)
    body = await shop.report("sales", from_="2026-03-01", to="2026-03-05", interval="day")
    assert body["timezone"] == "UTC"
    assert [p["period"] for p in body["series"]] == [
        f"2026-03-0{d}T00:00:00+00:00" for d in range(1, 6)
    ]
    by_day = {p["period"][:10]: p for p in body["series"]}
    assert by_day["2026-03-01"]["orders"] == 0 and by_day["2026-03-01"]["revenue"] == 0
    assert by_day["2026-03-02"] == {
        "period": "2026-03-02T00:00:00+00:00",
        "orders": 2,
        "revenue": 3400,
        "refunds": 0,
        "net_revenue": 3400,
        "items_sold": 6,
        "average_order_value": 1700,
        "discount_total": 0,
        "tax_total": 0,
    }
    assert by_day["2026-03-04"]["refunds"] == 500
    assert by_day["2026-03-04"]["net_revenue"] == -500
    assert body["totals"]["orders"] == 2
    assert body["totals"]["net_revenue"] == 2900


async def test_other_reports(shop: Shop) -> None:
    location, tea, cup = await _sold(shop)
    window: dict[str, Any] = {"from_": "2026-03-01", "to": "2026-03-05"}
    top = await shop.report("top-products", **window)
    assert [(i["product_id"], i["quantity"], i["revenue"]) for i in top["items"]] == [
        (tea, 2, 1800),
        (cup, 4, 1600),
    ]
    assert top["items"][0]["sku"].startswith("INV-") and top["items"][0]["name"]
    by_units = await shop.report("top-products", by="quantity", limit=1, **window)
    assert [i["product_id"] for i in by_units["items"]] == [cup]
    mix = await shop.report("payment-methods", **window)
    assert mix["items"] == [
        {"method": "card", "provider": "test", "payments": 1, "amount": 2200,
         "refund_count": 1, "refunds": 500, "net_amount": 1700},
        {"method": "cash", "provider": "cash", "payments": 1, "amount": 1200,
         "refund_count": 0, "refunds": 0, "net_amount": 1200},
    ]  # fmt: skip
    places = await shop.report("locations", **window)
    assert [
        (i["location_id"], i["orders"], i["revenue"], i["refunds"]) for i in places["items"]
    ] == [(location, 2, 3400, 500)]
    cells = (await shop.report("hours", **window))["items"]
    assert len(cells) == 168
    busy = {(c["weekday"], c["hour"]): c["orders"] for c in cells if c["orders"]}
    assert busy == {(1, 9): 1, (1, 12): 1}


async def test_one_location_is_counted_in_its_own_time_zone(shop: Shop) -> None:
    location, _, _ = await _sold(shop)
    body = await shop.report("hours", from_="2026-03-01", to="2026-03-05", location_id=location)
    assert body["timezone"] == "Europe/Paris"
    busy = {(c["weekday"], c["hour"]) for c in body["items"] if c["orders"]}
    assert busy == {(1, 10), (1, 13)}  # UTC+1 in March
    sales = await shop.report(
        "sales", from_="2026-03-02", to="2026-03-02", interval="hour", location_id=location
    )
    assert len(sales["series"]) == 24
    assert sales["series"][0]["period"] == "2026-03-02T00:00:00+01:00"
    assert sales["from"] == "2026-03-01T23:00:00Z"


async def test_weeks_and_months(shop: Shop) -> None:
    await _sold(shop)
    weeks = await shop.report("sales", from_="2026-02-20", to="2026-03-10", interval="week")
    assert [p["period"][:10] for p in weeks["series"]] == [
        "2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09"
    ]  # fmt: skip
    assert weeks["series"][2]["orders"] == 2
    months = await shop.report("sales", from_="2026-01-15", to="2026-04-01", interval="month")
    assert [p["period"][:7] for p in months["series"]] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
    ]
    assert months["series"][2]["revenue"] == 3400


async def test_every_report_as_csv(shop: Shop) -> None:
    await _sold(shop)
    window = {"from": "2026-03-01", "to": "2026-03-05"}
    for name, first_column in [
        ("sales", "period"),
        ("top-products", "product_id"),
        ("payment-methods", "method"),
        ("locations", "location_id"),
        ("hours", "weekday"),
    ]:
        by_accept = await shop.client.get(
            f"/api/v1/analytics/{name}",
            params=window,
            headers={**shop.inv.headers, "Accept": "text/csv"},
        )
        by_query = await shop.get(name, from_="2026-03-01", to="2026-03-05", format="csv")
        for r in (by_accept, by_query):
            assert r.status_code == 200, r.text
            assert r.headers["content-type"].startswith("text/csv")
            rows = list(csv.reader(io.StringIO(r.text)))
            assert rows[0][0] == first_column
    r = await shop.get("sales", from_="2026-03-01", to="2026-03-05", format="csv")
    sales = list(csv.DictReader(io.StringIO(r.text)))
    assert len(sales) == 5 and sales[1]["orders"] == "2" and sales[1]["revenue"] == "3400"


async def test_bad_input_is_422(shop: Shop) -> None:
    cases: list[dict[str, Any]] = [
        {"from_": "yesterday"},
        {"from_": "2026-03-05", "to": "2026-03-01"},
        {"to": "2026-03-01T10:00:00"},  # no offset
        {"interval": "minute"},
        {"from_": "2000-01-01", "to": "2026-01-01", "interval": "hour"},
    ]
    for params in cases:
        r = await shop.get("sales", **params)
        assert r.status_code == 422, (params, r.text)
    r = await shop.get("top-products", limit=0)
    assert r.status_code == 422
    r = await shop.get("sales", from_="2026-03-05", to="2026-03-01")
    assert_problem(r, 422, "invalid_period")
    r = await shop.get("sales", from_="2000-01-01", to="2026-01-01", interval="hour")
    assert_problem(r, 422, "too_many_periods")


async def test_another_tenants_location_is_404(
    shop: Shop, make_shop: Callable[[], Awaitable[Shop]]
) -> None:
    other = await make_shop()
    theirs = await other.location()
    for name in ("sales", "top-products", "payment-methods", "locations", "hours"):
        r = await shop.get(name, location_id=theirs)
        assert_problem(r, 404, "location_not_found")


async def test_without_the_permission_is_403(shop: Shop) -> None:
    staff = await shop.inv.member("staff")
    for name in ("sales", "top-products", "payment-methods", "locations", "hours"):
        r = await shop.get(name, headers=staff.headers)
        assert_problem(r, 403, "permission_denied")
    manager = await shop.inv.member("manager")
    assert (await shop.get("sales", headers=manager.headers)).status_code == 200


async def test_a_grant_at_one_location_sees_that_location_only(shop: Shop) -> None:
    location, _, _ = await _sold(shop)
    elsewhere = await shop.location("America/New_York")
    bread = await shop.product(300, [elsewhere])
    sold = await shop.order(DAY1, elsewhere, [(bread, 1)])
    await shop.pay(DAY1, sold["id"], sold["total"], "cash")
    await shop.published()
    member = await shop.inv.member()
    await shop.inv.grant_at(member, "manager", location)
    window: dict[str, Any] = {"from_": "2026-03-01", "to": "2026-03-05"}
    mine = await shop.report("sales", headers=member.headers, **window)
    assert mine["totals"]["orders"] == 2
    everything = await shop.report("sales", **window)
    assert everything["totals"]["orders"] == 3
    places = await shop.report("locations", headers=member.headers, **window)
    assert [i["location_id"] for i in places["items"]] == [location]
    r = await shop.get("sales", headers=member.headers, location_id=elsewhere)
    assert_problem(r, 404, "location_not_found")
    there = await shop.report("sales", location_id=elsewhere, **window)
    assert there["timezone"] == "America/New_York" and there["totals"]["revenue"] == 300


async def test_a_paid_order_shows_up_within_two_seconds(shop: Shop) -> None:
    location = await shop.location()
    tea = await shop.product(900, [location])
    order = await shop.client.post(
        "/api/v1/orders",
        json={"location_id": location, "items": [{"product_id": tea, "quantity": 1}]},
        headers=shop.inv.headers,
    )
    assert order.status_code == 201, order.text
    before = (await shop.report("sales"))["totals"]["orders"]
    paid = await shop.client.post(
        "/api/v1/payments/process",
        json={"order_id": order.json()["id"], "amount": 900, "method": {"type": "cash"}},
        headers=shop.inv.headers,
    )
    assert paid.status_code == 201, paid.text
    started = time.perf_counter()
    while True:
        totals = (await shop.report("sales"))["totals"]
        if totals["orders"] == before + 1:
            break
        assert time.perf_counter() - started < FRESHNESS_SECONDS, "not in the report in time"
        await asyncio.sleep(0.02)
    assert totals["revenue"] >= 900
    assert time.perf_counter() - started < FRESHNESS_SECONDS
