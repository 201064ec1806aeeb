"""A year of a shop's past business, made up: when orders were taken (business hours and the
week's shape, per kind of location, in the tenant's time zone, a little busier as the year
goes on), what they held, how they were paid (card, cash with change, split; now and then a
declined card first), and how they ended (handed over and completed, cancelled, refunded in
part or in full). Pure: everything comes from the random generator it is given, so one seed
gives one history. `demo.service.seed_orders` writes what it makes through the domains."""

import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from olympus.commerce.discounts.service import HistoryUse
from olympus.commerce.inventory.models import ReservationStatus
from olympus.commerce.inventory.service import HistoryReservation
from olympus.commerce.orders.models import Channel, OrderStatus
from olympus.commerce.orders.service import STOCK_HOLD_SECONDS, HistoryOrder
from olympus.commerce.payments.models import PaymentMethod, PaymentStatus, ProcessorName
from olympus.commerce.payments.service import HistoryPayment, HistoryRefund
from olympus.commerce.pricing import service as pricing
from olympus.core.ids import uuid7_at

HISTORY_DAYS = 396  # about thirteen months, ending yesterday
MINUTE, HOUR, DAY = 60_000, 3_600_000, 86_400_000
# Monday to Sunday.
WEEKDAY_WEIGHTS = (0.85, 0.9, 0.95, 1.0, 1.2, 1.35, 0.55)


@dataclass(frozen=True)
class SalesShape:
    """How a kind of location sells: its share of the orders, its opening hours with the
    weight of each, the channel, and the days it is open."""

    share: float
    hours: tuple[tuple[int, float], ...]
    channel: Channel
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)


def _hours(first: int, weights: Sequence[float]) -> tuple[tuple[int, float], ...]:
    return tuple((first + i, w) for i, w in enumerate(weights))


SHAPES: dict[str, SalesShape] = {
    # A high-street shop: 8:00 to 21:00, a lunch and an after-work peak.
    "store": SalesShape(1.0, _hours(8, (2, 4, 5, 6, 8, 9, 8, 6, 6, 7, 8, 6, 3)), Channel.POS),
    # A kiosk (the airport): early to late, flatter.
    "branch": SalesShape(
        0.6, _hours(6, (3, 5, 6, 6, 5, 5, 6, 6, 5, 5, 5, 5, 6, 5, 4, 3)), Channel.POS
    ),
    # The warehouse ships the web shop's orders: day and night, busiest in the evening.
    "warehouse": SalesShape(
        0.9,
        _hours(0, (2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 6, 6, 5, 5, 5, 6, 7, 9, 10, 9, 6, 4)),
        Channel.ONLINE,
    ),
    # The head office sells a little to companies, on weekdays.
    "office": SalesShape(0.08, _hours(9, (3, 5, 5, 3, 4, 5, 4, 2)), Channel.POS, (0, 1, 2, 3, 4)),
}
CANCEL_REASONS = (
    "customer changed their mind",
    "payment not completed",
    "out of stock at pick-up",
    "duplicate order",
)
DECLINES = ("card_declined", "insufficient_funds")


@dataclass(frozen=True)
class Unit:
    """A sellable unit as sold at one location."""

    id: uuid.UUID
    sku: str
    name: str
    price: int
    tax_class: str


@dataclass(frozen=True)
class Place:
    id: uuid.UUID
    kind: str
    currency: str
    units: Sequence[Unit]
    tax_rates: Mapping[str, Decimal]


@dataclass
class Batch:
    """A run of orders of the past with everything the domains write for them."""

    orders: list[HistoryOrder] = field(default_factory=list)
    reservations: list[HistoryReservation] = field(default_factory=list)
    payments: list[HistoryPayment] = field(default_factory=list)
    refunds: list[HistoryRefund] = field(default_factory=list)
    uses: list[HistoryUse] = field(default_factory=list)


def order_times(
    rng: random.Random, count: int, places: Sequence[Place], *, zone: str, today: date
) -> list[int]:
    """`count` moments (Unix ms) with the index of their place in the low 6 bits, oldest
    first, over the `HISTORY_DAYS` days before `today` (local dates of `zone`)."""
    if not places or len(places) > 64:
        raise ValueError("between 1 and 64 places")
    tz = ZoneInfo(zone)
    first_day = today - timedelta(days=HISTORY_DAYS)
    days = [first_day + timedelta(days=n) for n in range(HISTORY_DAYS)]
    # The start of every local hour of every day, in UTC ms (daylight saving included).
    starts = [
        [int(datetime(d.year, d.month, d.day, h, tzinfo=tz).timestamp() * 1000) for h in range(24)]
        for d in days
    ]
    shares = [SHAPES[p.kind].share for p in places]
    chosen = rng.choices(range(len(places)), weights=shares, k=count)
    per_place = [0] * len(places)
    for index in chosen:
        per_place[index] += 1
    keys: list[int] = []
    for index, place in enumerate(places):
        shape = SHAPES[place.kind]
        day_weights = [
            (WEEKDAY_WEIGHTS[d.weekday()] if d.weekday() in shape.weekdays else 0.0)
            * (0.8 + 0.4 * n / HISTORY_DAYS)  # business grows over the year
            for n, d in enumerate(days)
        ]
        n = per_place[index]
        picked_days = rng.choices(range(HISTORY_DAYS), weights=day_weights, k=n)
        picked_hours = rng.choices(
            [h for h, _ in shape.hours], weights=[w for _, w in shape.hours], k=n
        )
        for day, hour in zip(picked_days, picked_hours, strict=True):
            moment = starts[day][hour] + rng.randrange(HOUR)
            keys.append(moment << 6 | index)
    keys.sort()
    return keys


def _utc(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


class HistoryMaker:
    """Makes the orders of the moments `order_times` gave, one batch at a time."""

    def __init__(
        self,
        rng: random.Random,
        places: Sequence[Place],
        offers: Sequence[pricing.Discount],
        *,
        prices_include_tax: bool,
        now: datetime,
    ) -> None:
        self.rng = rng
        self.places = places
        self.offers = offers
        self.prices_include_tax = prices_include_tax
        self.now_ms = int(now.timestamp() * 1000)

    def _before_now(self, ms: int, after: int) -> int:
        """`ms`, but never later than a minute ago (nor earlier than `after`)."""
        return max(after, min(ms, self.now_ms - MINUTE))

    def batch(self, keys: Sequence[int]) -> Batch:
        made = Batch()
        for key in keys:
            self._order(made, key >> 6, self.places[key & 63])
        return made

    def _lines(self, place: Place, created: datetime) -> tuple[pricing.Quote, list[Unit]]:
        rng = self.rng
        r = rng.random()
        count = 1 if r < 0.38 else 2 if r < 0.68 else 3 if r < 0.85 else 4 if r < 0.95 else 5
        chosen = [place.units[i] for i in rng.sample(range(len(place.units)), count)]
        lines = []
        for position, unit in enumerate(chosen):
            q = rng.random()
            quantity = 1 if q < 0.75 else 2 if q < 0.93 else 3
            lines.append(pricing.Line(str(position), unit.id, unit.price, quantity, unit.tax_class))
        offered = [rng.choice(self.offers)] if self.offers and rng.random() < 0.08 else []
        quote = pricing.quote(
            lines,
            currency=place.currency,
            at=created,
            discounts=offered,
            tax_rates=place.tax_rates,
            prices_include_tax=self.prices_include_tax,
        )
        return quote, chosen

    def _order(self, made: Batch, created_ms: int, place: Place) -> None:
        rng = self.rng
        shape = SHAPES[place.kind]
        created = _utc(created_ms)
        quote, units = self._lines(place, created)
        order_id = uuid7_at(created_ms)
        reservation_id = uuid7_at(created_ms)
        outcome = rng.random()
        if outcome < 0.04 or quote.total < 2:
            status = OrderStatus.CANCELLED
        elif outcome < 0.055:
            status = OrderStatus.REFUNDED
        elif outcome < 0.085:
            status = OrderStatus.PARTIALLY_REFUNDED
        else:
            status = OrderStatus.COMPLETED
        paid = refunded = 0
        cancel_reason = None
        last = created_ms
        if status is OrderStatus.CANCELLED:
            ended = self._before_now(created_ms + rng.randrange(5 * MINUTE, 2 * HOUR), created_ms)
            cancel_reason = rng.choice(CANCEL_REASONS)
            summary = f"Cancelled before payment: {cancel_reason}"
            last = ended
        else:
            first_payment, first_refund = len(made.payments), len(made.refunds)
            paid_at, method = self._payments(made, order_id, place, quote.total, created_ms)
            paid = quote.total
            if shape.channel is Channel.ONLINE:  # shipped within two days
                ended = self._before_now(paid_at + rng.randrange(2 * HOUR, 2 * DAY), paid_at)
            else:  # handed over at the till
                ended = paid_at + rng.randrange(1000, 30_000)
            last = ended
            summary = f"Paid by {method}, handed over, completed"
            if status is not OrderStatus.COMPLETED:
                last = self._refund(made, first_payment, status, quote.total, ended)
                refunded = sum(r.amount for r in made.refunds[first_refund:])
                share = "in full" if status is OrderStatus.REFUNDED else "in part"
                summary += f"; refunded {share}"
        made.reservations.append(
            HistoryReservation(
                id=reservation_id,
                location_id=place.id,
                status=(
                    ReservationStatus.RELEASED
                    if status is OrderStatus.CANCELLED
                    else ReservationStatus.COMMITTED
                ),
                lines=[(line.product_id, line.quantity) for line in quote.lines],
                reason=f"order {order_id}",
                created_at=created,
                ended_at=_utc(ended),
                expires_at=created + timedelta(seconds=STOCK_HOLD_SECONDS),
            )
        )
        for applied in quote.discounts:
            if applied.amount > 0:
                made.uses.append(
                    HistoryUse(
                        id=uuid7_at(created_ms),
                        discount_id=applied.id,
                        order_id=order_id,
                        customer_id=None,
                        used_at=created,
                        released_at=_utc(ended) if status is OrderStatus.CANCELLED else None,
                    )
                )
        made.orders.append(
            HistoryOrder(
                id=order_id,
                status=status,
                channel=shape.channel,
                location_id=place.id,
                customer_id=None,
                reservation_id=reservation_id,
                quote=quote,
                units=[(unit.sku, unit.name) for unit in units],
                paid_total=paid,
                refunded_total=refunded,
                cancel_reason=cancel_reason,
                created_at=created,
                updated_at=_utc(last),
                summary=summary,
            )
        )

    def _payment(
        self,
        made: Batch,
        order_id: uuid.UUID,
        place: Place,
        method: PaymentMethod,
        amount: int,
        at: int,
        *,
        failure: str | None = None,
    ) -> int:
        """One payment taken at `at`; answers when it was decided."""
        decided = at + self.rng.randrange(800, 4000)
        tendered = None
        if method is PaymentMethod.CASH and self.rng.random() < 0.7:
            step = 500 if amount < 2000 else 1000  # a note bigger than the amount
            tendered = (amount // step + 1) * step
        made.payments.append(
            HistoryPayment(
                id=uuid7_at(at),
                order_id=order_id,
                location_id=place.id,
                method=method,
                processor=(
                    ProcessorName.TEST.value if method is PaymentMethod.CARD else method.value
                ),
                status=PaymentStatus.FAILED if failure else PaymentStatus.SUCCEEDED,
                amount=amount,
                currency=place.currency,
                refunded=0,
                tendered=tendered,
                failure_code=failure,
                created_at=_utc(at),
                decided_at=_utc(decided),
            )
        )
        return decided

    def _payments(
        self, made: Batch, order_id: uuid.UUID, place: Place, total: int, created_ms: int
    ) -> tuple[int, str]:
        """The payments of an order: card, cash or both; answers when it was paid and how."""
        rng = self.rng
        at = created_ms + rng.randrange(20_000, 120_000)
        r = rng.random()
        at_till = SHAPES[place.kind].channel is Channel.POS
        method = "card" if not at_till or r < 0.58 else "cash" if r < 0.88 else "card and cash"
        if method != "cash" and rng.random() < 0.025:
            at = self._payment(
                made, order_id, place, PaymentMethod.CARD, total, at, failure=rng.choice(DECLINES)
            )
            at += rng.randrange(5000, 60_000)
        if method == "card and cash":
            card = rng.randint(max(1, total // 5), max(1, total * 4 // 5))
            at = self._payment(made, order_id, place, PaymentMethod.CARD, card, at)
            at = self._payment(made, order_id, place, PaymentMethod.CASH, total - card, at + 2000)
        else:
            chosen = PaymentMethod.CASH if method == "cash" else PaymentMethod.CARD
            at = self._payment(made, order_id, place, chosen, total, at)
        return at, method

    def _refund(
        self, made: Batch, first_payment: int, status: OrderStatus, total: int, after: int
    ) -> int:
        """Refunds of the order's succeeded payments (those from `first_payment` on), some
        days after it was handed over: every one in full, or a part of the largest. Answers
        when the last one was made."""
        rng = self.rng
        at = self._before_now(after + rng.randrange(HOUR, 14 * DAY), after + 1)
        succeeded = [
            (i, made.payments[i])
            for i in range(first_payment, len(made.payments))
            if made.payments[i].status is PaymentStatus.SUCCEEDED
        ]
        if status is OrderStatus.REFUNDED:
            wanted = [(i, p, p.amount) for i, p in succeeded]
        else:
            i, p = max(succeeded, key=lambda item: item[1].amount)
            part = rng.randint(max(1, total // 10), max(1, total * 6 // 10))
            wanted = [(i, p, min(part, p.amount, total - 1))]
        for i, payment, amount in wanted:
            made.refunds.append(
                HistoryRefund(
                    id=uuid7_at(at),
                    payment_id=payment.id,
                    order_id=payment.order_id,
                    amount=amount,
                    created_at=_utc(at),
                )
            )
            made.payments[i] = _with_refund(payment, amount)
            at += 1000
        return at


def _with_refund(payment: HistoryPayment, amount: int) -> HistoryPayment:
    return HistoryPayment(
        id=payment.id,
        order_id=payment.order_id,
        location_id=payment.location_id,
        method=payment.method,
        processor=payment.processor,
        status=payment.status,
        amount=payment.amount,
        currency=payment.currency,
        refunded=payment.refunded + amount,
        tendered=payment.tendered,
        failure_code=payment.failure_code,
        created_at=payment.created_at,
        decided_at=payment.decided_at,
    )
