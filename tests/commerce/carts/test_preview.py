"""The price a cart shows is pricing's `quote` of its lines at its location: the same numbers,
line by line, with prices exclusive or inclusive of tax as the tenant sets, a location's own
rate winning over the tenant-wide one."""

import uuid
from decimal import Decimal
from typing import Any

import pytest

from olympus.commerce.pricing import service as pricing
from tests.commerce.carts.cart_api import Shop
from tests.fixtures.apps import MovableClock


def _expected(
    lines: list[tuple[str, str, int, int, str]],
    discounts: list[pricing.Discount],
    rates: dict[str, Decimal],
    inclusive: bool,
    clock: MovableClock,
) -> pricing.Quote:
    return pricing.quote(
        [
            pricing.Line(
                key=key,
                product_id=uuid.UUID(product),
                unit_price=price,
                quantity=quantity,
                tax_class=tax_class,
            )
            for key, product, price, quantity, tax_class in lines
        ],
        currency="EUR",
        at=clock.now(),
        discounts=discounts,
        tax_rates=rates,
        prices_include_tax=inclusive,
    )


def _as_answered(quote: pricing.Quote) -> dict[str, Any]:
    return {
        "items": [
            {
                "id": line.key,
                "unit_price": line.unit_price,
                "subtotal": line.subtotal,
                "discount": line.discount,
                "tax": line.tax,
                "line_total": line.total,
            }
            for line in quote.lines
        ],
        "subtotal": quote.subtotal,
        "discount_total": quote.discount_total,
        "tax_total": quote.tax_total,
        "total": quote.total,
        "prices_include_tax": quote.prices_include_tax,
    }


def _answered(body: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "unit_price", "subtotal", "discount", "tax", "line_total")
    return {
        "items": [{k: item[k] for k in keys} for item in body["items"]],
        **{
            k: body[k]
            for k in ("subtotal", "discount_total", "tax_total", "total", "prices_include_tax")
        },
    }


@pytest.mark.parametrize("inclusive", [False, True], ids=["exclusive", "inclusive"])
async def test_the_cart_shows_what_quote_prices(
    shop: Shop, clock: MovableClock, inclusive: bool
) -> None:
    elsewhere = await shop.inventory.location()
    rates = [
        {"tax_class": "standard", "rate": 20},
        {"tax_class": "reduced", "rate": 5.5},
        {"tax_class": "standard", "rate": 8.875, "location_id": shop.location},
        {"tax_class": "standard", "rate": 10, "location_id": elsewhere},
    ]
    await shop.set_tax(rates, inclusive=inclusive)
    wine = await shop.product(price=1999, tax_class="standard")
    bread = await shop.product(price=333, tax_class="reduced")
    stamp = await shop.product(price=120, tax_class="exempt")
    promo = await shop.discount(code="SAVE", value="12.5", name="Save")
    welcome = await shop.discount(
        code=None, automatic=True, type="fixed", value=250, name="Welcome"
    )
    cart = await shop.open_cart()
    await shop.added(cart["id"], wine, 3)
    await shop.added(cart["id"], bread, 7)
    await shop.added(cart["id"], stamp, 1)
    body = (await shop.enter_code(cart["id"], "save")).json()

    ids = [item["id"] for item in body["items"]]
    offers = [
        pricing.Discount(
            id=uuid.UUID(welcome["id"]),
            name="Welcome",
            type=pricing.DiscountType.FIXED,
            value=Decimal(250),
        ),
        pricing.Discount(
            id=uuid.UUID(promo["id"]),
            name="Save",
            type=pricing.DiscountType.PERCENTAGE,
            value=Decimal("12.5"),
            code="SAVE",
        ),
    ]
    expected = _expected(
        [
            (ids[0], wine, 1999, 3, "standard"),
            (ids[1], bread, 333, 7, "reduced"),
            (ids[2], stamp, 120, 1, "exempt"),
        ],
        offers,
        {"standard": Decimal("8.875"), "reduced": Decimal("5.5")},
        inclusive,
        clock,
    )
    assert _answered(body) == _as_answered(expected)
    assert body["discount_total"] > 250 and body["tax_total"] > 0
    assert sorted((d["name"], d["amount"]) for d in body["discounts"]) == sorted(
        (d.name, d.amount) for d in expected.discounts
    )
    if inclusive:
        assert body["total"] == body["subtotal"] - body["discount_total"]
    else:
        assert body["total"] == body["subtotal"] - body["discount_total"] + body["tax_total"]
    # Read again, the same price.
    assert _answered(await shop.cart(cart["id"])) == _answered(body)


async def test_a_change_of_tax_settings_shows_at_once(shop: Shop) -> None:
    tea = await shop.product(price=1000)
    cart = await shop.open_cart()
    await shop.added(cart["id"], tea, 1)
    await shop.set_tax([{"tax_class": "standard", "rate": 20}], inclusive=False)
    body = await shop.cart(cart["id"])
    assert (body["tax_total"], body["total"], body["prices_include_tax"]) == (200, 1200, False)
    await shop.set_tax([{"tax_class": "standard", "rate": 20}], inclusive=True)
    body = await shop.cart(cart["id"])
    assert (body["tax_total"], body["total"], body["prices_include_tax"]) == (167, 1000, True)
