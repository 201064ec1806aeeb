"""Pricing: worked examples of each rule, and the invariants over any lines, discounts and
rates (hypothesis)."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from olympus.commerce.pricing.service import (
    Discount,
    DiscountType,
    Line,
    quote,
    round_half_even,
    share,
)

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
TEA, CAKE = uuid.uuid4(), uuid.uuid4()
DRINKS = uuid.uuid4()


def line(key: str, price: int, quantity: int = 1, **kwargs: Any) -> Line:
    product = kwargs.pop("product_id", TEA)
    return Line(key=key, product_id=product, unit_price=price, quantity=quantity, **kwargs)


def discount(kind: DiscountType, value: str | int, **kwargs: Any) -> Discount:
    name = f"{kind} {value}"
    return Discount(id=uuid.uuid4(), name=name, type=kind, value=Decimal(value), **kwargs)


# --- worked examples --------------------------------------------------------------------------


def test_lines_without_discount_or_tax_add_up() -> None:
    q = quote([line("a", 250, 2), line("b", 399)], currency="EUR", at=NOW)
    assert [p.subtotal for p in q.lines] == [500, 399]
    assert (q.subtotal, q.discount_total, q.tax_total, q.total) == (899, 0, 0, 899)
    assert q.currency == "EUR"


def test_exclusive_tax_is_added_per_line_rounded_half_to_even() -> None:
    # 125 * 10% = 12.5 -> 12 (even); 135 * 10% = 13.5 -> 14 (even)
    q = quote(
        [line("a", 125), line("b", 135, tax_class="standard"), line("c", 100, tax_class="zero")],
        currency="EUR",
        at=NOW,
        tax_rates={"standard": Decimal(10)},
    )
    assert [p.tax for p in q.lines] == [12, 14, 0]
    assert (q.subtotal, q.tax_total, q.total) == (360, 26, 386)


def test_inclusive_tax_is_the_part_of_the_price_that_is_tax() -> None:
    q = quote(
        [line("a", 1200)],
        currency="EUR",
        at=NOW,
        tax_rates={"standard": Decimal(20)},
        prices_include_tax=True,
    )
    assert (q.subtotal, q.tax_total, q.total) == (1200, 200, 1200)


def test_percentage_then_fixed_stack_on_what_is_left() -> None:
    q = quote(
        [line("a", 1000), line("b", 3000, product_id=CAKE)],
        currency="EUR",
        at=NOW,
        discounts=[
            discount(DiscountType.FIXED, 400),
            discount(DiscountType.PERCENTAGE, 10),
            discount(DiscountType.PERCENTAGE, 10),
        ],
    )
    # 10% then 10% of what is left: 4000 -> 3600 -> 3240, then 400 fixed shared 1:3.
    assert [d.amount for d in q.discounts] == [400, 360, 400]
    assert [p.discount for p in q.lines] == [100 + 90 + 100, 300 + 270 + 300]
    assert q.total == 4000 - 1160


def test_a_fixed_discount_never_takes_more_than_its_lines() -> None:
    q = quote(
        [line("a", 300)], currency="EUR", at=NOW, discounts=[discount(DiscountType.FIXED, 1000)]
    )
    assert (q.discount_total, q.total) == (300, 0)


def test_a_discount_limited_to_products_or_categories_touches_only_those() -> None:
    tea = line("tea", 400, category_ids=frozenset({DRINKS}))
    cake = line("cake", 600, product_id=CAKE)
    by_category = discount(DiscountType.PERCENTAGE, 50, category_ids=frozenset({DRINKS}))
    by_product = discount(DiscountType.FIXED, 100, product_ids=frozenset({CAKE}))
    q = quote([tea, cake], currency="EUR", at=NOW, discounts=[by_category, by_product])
    assert [p.discount for p in q.lines] == [200, 100]


def test_buy_two_get_one_free_takes_the_cheapest_units() -> None:
    bxgy = discount(DiscountType.BUY_X_GET_Y, 100, buy_quantity=2, get_quantity=1)
    q = quote(
        [line("a", 500, 2), line("b", 200, 2, product_id=CAKE)],
        currency="EUR",
        at=NOW,
        discounts=[bxgy],
    )
    # 4 units make one group of 3: the cheapest unit (200) is free.
    assert [p.discount for p in q.lines] == [0, 200]


@pytest.mark.parametrize(
    ("offer", "reason"),
    [
        ({"starts_at": NOW + timedelta(hours=1)}, "not_active"),
        ({"ends_at": NOW}, "not_active"),
        ({"min_subtotal": 10_001}, "below_min_subtotal"),
        ({"product_ids": frozenset({CAKE})}, "no_eligible_items"),
    ],
)
def test_a_discount_that_does_not_apply_says_why(offer: dict[str, object], reason: str) -> None:
    offered = discount(DiscountType.PERCENTAGE, 10, **offer)
    q = quote([line("a", 10_000)], currency="EUR", at=NOW, discounts=[offered])
    assert q.discount_total == 0
    assert q.not_applied == ((offered.id, reason),)


def test_a_discount_inside_its_window_applies() -> None:
    window = {"starts_at": NOW - timedelta(days=1), "ends_at": NOW + timedelta(seconds=1)}
    q = quote(
        [line("a", 1000)],
        currency="EUR",
        at=NOW,
        discounts=[discount(DiscountType.PERCENTAGE, 25, **window)],
    )
    assert q.total == 750


def test_impossible_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="quantity"):
        line("a", 100, 0)
    with pytest.raises(ValueError, match="negative"):
        line("a", -1)
    with pytest.raises(ValueError, match="at most 100"):
        discount(DiscountType.PERCENTAGE, 101)
    with pytest.raises(ValueError, match="buy and get"):
        discount(DiscountType.BUY_X_GET_Y, 100)


def test_share_splits_exactly_and_never_above_a_weight() -> None:
    assert share(100, [1, 1, 1]) == [34, 33, 33]
    assert share(0, [5, 5]) == [0, 0]
    assert share(7, [0, 0]) == [0, 0]
    assert round_half_even(Decimal("2.5")) == 2
    assert round_half_even(Decimal("3.5")) == 4


# --- invariants -------------------------------------------------------------------------------

PRODUCTS = [uuid.uuid4() for _ in range(4)]
CATEGORIES = [uuid.uuid4() for _ in range(3)]

lines_strategy = st.lists(
    st.builds(
        Line,
        key=st.uuids().map(str),
        product_id=st.sampled_from(PRODUCTS),
        unit_price=st.integers(0, 10_000_000),
        quantity=st.integers(1, 1000),
        tax_class=st.sampled_from(["standard", "reduced", "untaxed"]),
        category_ids=st.frozensets(st.sampled_from(CATEGORIES), max_size=2),
    ),
    min_size=1,
    max_size=8,
)
percent = st.decimals(min_value=0, max_value=100, places=2)
discount_strategy = st.one_of(
    st.builds(
        Discount,
        id=st.uuids(),
        name=st.just("percentage"),
        type=st.just(DiscountType.PERCENTAGE),
        value=percent,
        min_subtotal=st.integers(0, 100_000),
        product_ids=st.frozensets(st.sampled_from(PRODUCTS), max_size=2),
        category_ids=st.frozensets(st.sampled_from(CATEGORIES), max_size=2),
    ),
    st.builds(
        Discount,
        id=st.uuids(),
        name=st.just("fixed"),
        type=st.just(DiscountType.FIXED),
        value=st.integers(0, 50_000_000).map(Decimal),
        product_ids=st.frozensets(st.sampled_from(PRODUCTS), max_size=2),
    ),
    st.builds(
        Discount,
        id=st.uuids(),
        name=st.just("bxgy"),
        type=st.just(DiscountType.BUY_X_GET_Y),
        value=percent,
        buy_quantity=st.integers(1, 5),
        get_quantity=st.integers(1, 3),
        category_ids=st.frozensets(st.sampled_from(CATEGORIES), max_size=1),
    ),
)
rates_strategy = st.fixed_dictionaries(
    {"standard": st.decimals(0, 30, places=4), "reduced": st.decimals(0, 10, places=3)}
)


@settings(max_examples=300, deadline=None)
@given(
    lines=lines_strategy,
    discounts=st.lists(discount_strategy, max_size=4),
    rates=rates_strategy,
    included=st.booleans(),
)
def test_totals_always_reconcile(
    lines: list[Line], discounts: list[Discount], rates: dict[str, Decimal], included: bool
) -> None:
    q = quote(
        lines,
        currency="EUR",
        at=NOW,
        discounts=discounts,
        tax_rates=rates,
        prices_include_tax=included,
    )
    assert q.subtotal == sum(p.subtotal for p in q.lines)
    assert (
        q.discount_total == sum(p.discount for p in q.lines) == sum(d.amount for d in q.discounts)
    )
    assert q.tax_total == sum(p.tax for p in q.lines)
    assert q.total == sum(p.total for p in q.lines)
    if included:
        assert q.subtotal - q.discount_total == q.total
    else:
        assert q.subtotal - q.discount_total + q.tax_total == q.total
    for p in q.lines:
        assert 0 <= p.discount <= p.subtotal
        assert p.tax >= 0 and p.total >= 0
        net = p.subtotal - p.discount
        # Rounding bounds: a line's tax is within half a minor unit of the exact figure.
        exact = net * p.tax_rate / 100 if not included else net - net * 100 / (100 + p.tax_rate)
        assert abs(p.tax - exact) <= Decimal("0.5")
    assert q.total >= 0


@settings(max_examples=200, deadline=None)
@given(
    amount=st.integers(0, 10**9), weights=st.lists(st.integers(0, 10**8), min_size=1, max_size=10)
)
def test_share_is_exact_and_bounded(amount: int, weights: list[int]) -> None:
    amount = min(amount, sum(weights))
    parts = share(amount, weights)
    assert sum(parts) == amount or sum(weights) == 0
    assert all(0 <= part <= weight for part, weight in zip(parts, weights, strict=True))
