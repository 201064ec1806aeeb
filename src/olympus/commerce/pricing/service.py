"""Pricing in one place: `quote` turns lines, the discounts that may apply, the tax rates of a
location and the moment into line totals, discount and tax totals and the total. It is a pure
function (no database, no clock of its own), so carts, orders and reports price alike and its
properties are tested directly.

The rules, in the order they apply:
1. A line's subtotal is its unit price times its quantity.
2. Discounts that apply at `at` (inside `starts_at`/`ends_at`, order subtotal at least
   `min_subtotal`, at least one eligible line) are applied one after another: buy X get Y first,
   then percentages, then fixed amounts, each kind in the order given. Each works on what is left
   of its eligible lines after the ones before it, so stacked discounts never reach below zero:
   two 10% discounts take 19%, not 20%. A fixed amount is capped at what is left of its lines.
3. Tax per line on the line after its discounts, at the rate of its tax class at the location
   (a class without a rate is untaxed). Exclusive prices: tax is added. Inclusive prices
   (`prices_include_tax`): the tax is the part of the line's amount that is tax, and the total
   is the discounted amount.
4. Rounding: amounts are integer minor units. Every rounding (a percentage of a line, a line's
   tax) is done per line, half to even (banker's rounding). A fixed amount is shared among its
   lines in proportion to what is left of them, by the largest-remainder method, so the shares
   add up to the amount exactly.

Invariants (tested with hypothesis): `subtotal - discount_total + tax_total == total` for
exclusive prices and `subtotal - discount_total == total` for inclusive ones; the totals are the
sums of the lines; no line's discount exceeds its subtotal; no amount is negative."""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from olympus.core.db import ReadUnitOfWork
from olympus.platform.settings import service as settings
from olympus.platform.settings.schemas import TenantSettings

HUNDRED = Decimal(100)


class DiscountType(StrEnum):
    PERCENTAGE = "percentage"
    FIXED = "fixed"
    BUY_X_GET_Y = "buy_x_get_y"


# Buy X get Y first (it picks units by price), then percentages, then fixed amounts.
_APPLY_ORDER = {DiscountType.BUY_X_GET_Y: 0, DiscountType.PERCENTAGE: 1, DiscountType.FIXED: 2}


@dataclass(frozen=True)
class Line:
    """One line to price: `key` is the caller's name for it (an item id, a product id)."""

    key: str
    product_id: uuid.UUID
    unit_price: int
    quantity: int
    tax_class: str = "standard"
    # The product's category and every category above it, for category-wide discounts.
    category_ids: frozenset[uuid.UUID] = frozenset()

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError(f"line {self.key}: quantity must be at least 1")
        if self.unit_price < 0:
            raise ValueError(f"line {self.key}: unit price must not be negative")


@dataclass(frozen=True)
class Discount:
    """A discount as pricing sees it. `value`: for `percentage` the per cent off (10 = 10%,
    up to two decimals); for `fixed` an amount in minor units; for `buy_x_get_y` the per cent
    off the free units (100 = free). Usage limits are the discounts domain's concern, decided
    before pricing is asked."""

    id: uuid.UUID
    name: str
    type: DiscountType
    value: Decimal
    code: str | None = None
    min_subtotal: int = 0
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    product_ids: frozenset[uuid.UUID] = frozenset()
    category_ids: frozenset[uuid.UUID] = frozenset()
    buy_quantity: int = 0
    get_quantity: int = 0

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError(f"discount {self.name}: value must not be negative")
        if self.type is not DiscountType.FIXED and self.value > HUNDRED:
            raise ValueError(f"discount {self.name}: a percentage is at most 100")
        if self.type is DiscountType.BUY_X_GET_Y and (
            self.buy_quantity < 1 or self.get_quantity < 1
        ):
            raise ValueError(f"discount {self.name}: buy and get quantities must be at least 1")

    def active_at(self, at: datetime) -> bool:
        starts_ok = self.starts_at is None or self.starts_at <= at
        return starts_ok and (self.ends_at is None or at < self.ends_at)

    def covers(self, line: Line) -> bool:
        """Whether the discount may apply to `line` (no products or categories named: all)."""
        if not self.product_ids and not self.category_ids:
            return True
        return line.product_id in self.product_ids or bool(self.category_ids & line.category_ids)


@dataclass(frozen=True)
class PricedLine:
    key: str
    product_id: uuid.UUID
    quantity: int
    unit_price: int
    subtotal: int
    discount: int
    tax: int
    total: int
    tax_rate: Decimal


@dataclass(frozen=True)
class AppliedDiscount:
    id: uuid.UUID
    name: str
    code: str | None
    amount: int


@dataclass(frozen=True)
class Quote:
    lines: tuple[PricedLine, ...]
    discounts: tuple[AppliedDiscount, ...]
    subtotal: int
    discount_total: int
    tax_total: int
    total: int
    currency: str
    prices_include_tax: bool
    # Discounts offered that did not apply, with why (not yet started, subtotal too low, ...).
    not_applied: tuple[tuple[uuid.UUID, str], ...] = field(default=())


def needs_categories(discounts: Iterable[Discount]) -> bool:
    """Whether one of `discounts` is limited to categories: only then do the lines need
    their categories (`with_categories`) to be priced right."""
    return any(discount.category_ids for discount in discounts)


def with_categories(
    lines: Iterable[Line], lineage: Mapping[uuid.UUID, frozenset[uuid.UUID]]
) -> list[Line]:
    """`lines`, each with the categories of its product: `lineage` maps a product to its
    category and every category above it (the catalog's `category_lineage`), so a discount
    limited to a category covers the products of the categories below it too."""
    return [replace(line, category_ids=lineage.get(line.product_id, frozenset())) for line in lines]


def round_half_even(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def share(amount: int, weights: Sequence[int]) -> list[int]:
    """`amount` split in proportion to `weights` (largest remainder; ties to the earlier
    weight), never giving a weight more than itself when `amount <= sum(weights)`."""
    total = sum(weights)
    if total == 0 or amount == 0:
        return [0] * len(weights)
    floors = [amount * w // total for w in weights]
    remainders = [amount * w % total for w in weights]
    left = amount - sum(floors)
    by_remainder = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for index in by_remainder[:left]:
        floors[index] += 1
    return floors


def _why_not(discount: Discount, lines: Sequence[Line], subtotal: int, at: datetime) -> str | None:
    if not discount.active_at(at):
        return "not_active"
    if subtotal < discount.min_subtotal:
        return "below_min_subtotal"
    if not any(discount.covers(line) for line in lines):
        return "no_eligible_items"
    return None


def _buy_x_get_y(discount: Discount, lines: Sequence[Line], left: list[int]) -> list[int]:
    """Per line, the discount of the free units: in every group of buy + get eligible units,
    the cheapest `get` are discounted by `value` per cent."""
    units = sorted(
        (line.unit_price, index)
        for index, line in enumerate(lines)
        if discount.covers(line)
        for _ in range(line.quantity)
    )
    group = discount.buy_quantity + discount.get_quantity
    free = (len(units) // group) * discount.get_quantity
    off = [0] * len(lines)
    for price, index in units[:free]:
        off[index] += round_half_even(Decimal(price) * discount.value / HUNDRED)
    return [min(o, rest) for o, rest in zip(off, left, strict=True)]


def _discount_per_line(discount: Discount, lines: Sequence[Line], left: list[int]) -> list[int]:
    if discount.type is DiscountType.BUY_X_GET_Y:
        return _buy_x_get_y(discount, lines, left)
    eligible = [
        rest if discount.covers(line) else 0 for line, rest in zip(lines, left, strict=True)
    ]
    if discount.type is DiscountType.PERCENTAGE:
        return [round_half_even(Decimal(rest) * discount.value / HUNDRED) for rest in eligible]
    amount = min(round_half_even(discount.value), sum(eligible))
    return share(amount, eligible)


def _tax(amount: int, rate: Decimal, included: bool) -> int:
    if included:
        return amount - round_half_even(Decimal(amount) * HUNDRED / (HUNDRED + rate))
    return round_half_even(Decimal(amount) * rate / HUNDRED)


def quote(
    lines: Sequence[Line],
    *,
    currency: str,
    at: datetime,
    discounts: Iterable[Discount] = (),
    tax_rates: Mapping[str, Decimal] | None = None,
    prices_include_tax: bool = False,
) -> Quote:
    """Price `lines` in `currency` at the moment `at` (see the module's rules)."""
    rates = tax_rates or {}
    subtotals = [line.unit_price * line.quantity for line in lines]
    subtotal = sum(subtotals)
    left = list(subtotals)
    applied: list[AppliedDiscount] = []
    skipped: list[tuple[uuid.UUID, str]] = []
    ordered = sorted(enumerate(discounts), key=lambda item: (_APPLY_ORDER[item[1].type], item[0]))
    for _, discount in ordered:
        reason = _why_not(discount, lines, subtotal, at)
        if reason is not None:
            skipped.append((discount.id, reason))
            continue
        off = _discount_per_line(discount, lines, left)
        left = [rest - o for rest, o in zip(left, off, strict=True)]
        applied.append(AppliedDiscount(discount.id, discount.name, discount.code, sum(off)))

    priced = []
    for line, line_subtotal, rest in zip(lines, subtotals, left, strict=True):
        rate = rates.get(line.tax_class, Decimal(0))
        tax = _tax(rest, rate, prices_include_tax)
        priced.append(
            PricedLine(
                key=line.key,
                product_id=line.product_id,
                quantity=line.quantity,
                unit_price=line.unit_price,
                subtotal=line_subtotal,
                discount=line_subtotal - rest,
                tax=tax,
                total=rest if prices_include_tax else rest + tax,
                tax_rate=rate,
            )
        )
    return Quote(
        lines=tuple(priced),
        discounts=tuple(applied),
        subtotal=subtotal,
        discount_total=sum(p.discount for p in priced),
        tax_total=sum(p.tax for p in priced),
        total=sum(p.total for p in priced),
        currency=currency,
        prices_include_tax=prices_include_tax,
        not_applied=tuple(skipped),
    )


@dataclass(frozen=True)
class TaxPolicy:
    """What a location taxes: the rate per tax class, and whether prices include it."""

    rates: Mapping[str, Decimal]
    prices_include_tax: bool


async def tax_policy_at(uow: ReadUnitOfWork, location_id: uuid.UUID) -> TaxPolicy:
    """The tenant's tax settings as they apply at `location_id`: a rate set for the location
    wins over the tenant-wide rate of the same class."""
    return tax_policy_of(await settings.get_tenant_settings(uow), location_id)


def tax_policy_of(tenant: TenantSettings, location_id: uuid.UUID) -> TaxPolicy:
    """`tax_policy_at` from settings the caller has read already."""
    rates = {r.tax_class: r.rate for r in tenant.tax_rates if r.location_id is None}
    rates |= {r.tax_class: r.rate for r in tenant.tax_rates if r.location_id == location_id}
    return TaxPolicy(rates=rates, prices_include_tax=tenant.prices_include_tax)
