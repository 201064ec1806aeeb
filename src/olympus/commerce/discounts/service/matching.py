"""What carts and orders are priced with: the discounts offered at a moment (the automatic ones,
and those of the codes given), and discounts found by their codes."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime

import sqlalchemy as sa

from olympus.commerce.discounts.errors import DiscountCodeInvalid, DiscountExhausted
from olympus.commerce.discounts.models import Discount, DiscountStatus
from olympus.commerce.discounts.service.definitions import code_key, in_window
from olympus.commerce.pricing import service as pricing
from olympus.core.db import ReadUnitOfWork

# The automatic discounts that apply at `:at` (every cart and order prices with them): built
# once, the time bound per call.
_AUTOMATIC = (
    sa.select(Discount)
    .where(
        Discount.automatic.is_(True),
        Discount.status == DiscountStatus.ACTIVE.value,
        in_window(sa.bindparam("at", type_=Discount.starts_at.type)),
        sa.or_(Discount.usage_limit.is_(None), Discount.used_count < Discount.usage_limit),
    )
    .order_by(Discount.id)
)


def as_offer(discount: Discount) -> pricing.Discount:
    """The discount as pricing takes it."""
    return pricing.Discount(
        id=discount.id,
        name=discount.name,
        type=pricing.DiscountType(discount.type),
        value=discount.value,
        code=discount.code,
        min_subtotal=discount.min_subtotal,
        starts_at=discount.starts_at,
        ends_at=discount.ends_at,
        product_ids=frozenset(uuid.UUID(i) for i in discount.product_ids),
        category_ids=frozenset(uuid.UUID(i) for i in discount.category_ids),
        buy_quantity=discount.buy_quantity or 0,
        get_quantity=discount.get_quantity or 0,
    )


def _used_up(discount: Discount) -> bool:
    return discount.usage_limit is not None and discount.used_count >= discount.usage_limit


def _offered(code: str, discount: Discount | None, at: datetime) -> Discount:
    """The discount of `code` if it may be offered at `at`; else why not, as an error."""
    if discount is None or discount.status == DiscountStatus.ARCHIVED.value:
        raise DiscountCodeInvalid(f"{code!r} is not a discount code of this shop")
    if discount.starts_at is not None and at < discount.starts_at:
        raise DiscountCodeInvalid(f"The code {code!r} is not valid yet")
    if discount.ends_at is not None and at >= discount.ends_at:
        raise DiscountCodeInvalid(f"The code {code!r} has expired")
    if _used_up(discount):
        raise DiscountExhausted(f"The code {code!r} has been used as often as it may be")
    return discount


async def offers(
    uow: ReadUnitOfWork, *, codes: Sequence[str], at: datetime
) -> list[pricing.Discount]:
    """The discounts to price a cart or an order with at `at`: the tenant's automatic
    discounts that apply then (not archived, inside their window, not used up), by creation,
    then those of `codes` (any case), in the order given, each once. A code that is unknown,
    archived, not yet valid or expired is 422 `discount_code_invalid`; one used up is 409
    `discount_exhausted`. Whether each fits the cart is pricing's answer."""
    automatic = await uow.session.scalars(_AUTOMATIC, {"at": at})
    found = list(automatic.all())
    wanted = {code_key(code): code for code in reversed(codes)}
    by_key: dict[str | None, Discount] = {}
    if wanted:
        coded = await uow.session.scalars(
            sa.select(Discount).where(Discount.code_key.in_(list(wanted)))
        )
        by_key = {d.code_key: d for d in coded.all()}
    for code in dict.fromkeys(code_key(c) for c in codes):
        found.append(_offered(wanted[code], by_key.get(code), at))
    return [as_offer(d) for d in found]


async def find_by_codes(uow: ReadUnitOfWork, codes: Iterable[str]) -> dict[str, Discount]:
    """The tenant's discounts with these codes (any case), by their lower-case form."""
    keys = sorted({code_key(code) for code in codes})
    if not keys:
        return {}
    rows = await uow.session.scalars(sa.select(Discount).where(Discount.code_key.in_(keys)))
    return {d.code_key: d for d in rows.all() if d.code_key is not None}
