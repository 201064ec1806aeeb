"""A discount limited to categories covers the products of those categories and of every
category below them: `with_categories` gives each line its product's lineage, and pricing
stays a pure function of what it is given (hypothesis over random category trees)."""

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from olympus.commerce.pricing.service import (
    Discount,
    DiscountType,
    Line,
    needs_categories,
    quote,
    with_categories,
)

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def _lineage(parents: list[int | None], node: int) -> set[int]:
    """The node and every node above it in a tree given as each node's parent."""
    found: set[int] = set()
    at: int | None = node
    while at is not None:
        found.add(at)
        at = parents[at]
    return found


@st.composite
def trees(draw: st.DrawFn) -> list[int | None]:
    """A forest of categories: node i's parent is an earlier node, or none (top level)."""
    size = draw(st.integers(min_value=1, max_value=12))
    return [
        None if i == 0 else draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(size)
    ]


@settings(max_examples=200, deadline=None)
@given(tree=trees(), data=st.data())
def test_a_category_discount_covers_exactly_the_products_below_its_categories(
    tree: list[int | None], data: st.DataObject
) -> None:
    ids = [uuid.uuid4() for _ in tree]
    placed = data.draw(st.lists(st.integers(0, len(tree) - 1), min_size=1, max_size=6))
    scope = data.draw(st.frozensets(st.integers(0, len(tree) - 1), min_size=1, max_size=3))
    products = [uuid.uuid4() for _ in placed]
    lineage = {
        product: frozenset(ids[n] for n in _lineage(tree, node))
        for product, node in zip(products, placed, strict=True)
    }
    lines = [
        Line(key=str(i), product_id=product, unit_price=1000, quantity=1)
        for i, product in enumerate(products)
    ]
    offer = Discount(
        id=uuid.uuid4(),
        name="Half off",
        type=DiscountType.PERCENTAGE,
        value=Decimal(50),
        category_ids=frozenset(ids[n] for n in scope),
    )
    assert needs_categories([offer])

    q = quote(with_categories(lines, lineage), currency="EUR", at=NOW, discounts=[offer])

    for priced, node in zip(q.lines, placed, strict=True):
        below = bool(_lineage(tree, node) & scope)
        assert priced.discount == (500 if below else 0)


def test_lines_of_products_without_a_lineage_get_no_categories() -> None:
    product = uuid.uuid4()
    line = Line(key="a", product_id=product, unit_price=100, quantity=1)
    (given_line,) = with_categories([line], {})
    assert given_line.category_ids == frozenset()
    assert not needs_categories(
        [Discount(id=uuid.uuid4(), name="All", type=DiscountType.PERCENTAGE, value=Decimal(5))]
    )
