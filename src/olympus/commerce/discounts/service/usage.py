"""The counting of uses by orders: claimed in the order's transaction, given back on
cancellation, and uses of the past written in bulk."""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from olympus.commerce.discounts import repository
from olympus.commerce.discounts.errors import DiscountCustomerLimit, DiscountExhausted
from olympus.commerce.discounts.models import DiscountUse
from olympus.commerce.discounts.service.definitions import get_discount
from olympus.core.db import WriteUnitOfWork, new_id

# --- uses by orders -----------------------------------------------------------------------------


async def _customer_may_use(
    uow: WriteUnitOfWork,
    discount_id: uuid.UUID,
    customer_id: uuid.UUID | None,
    per_customer: int | None,
) -> bool:
    """Whether the customer's uses not given back leave room for one more. Read with the
    discount's row held, so concurrent orders of one customer are counted one after another."""
    if customer_id is None or per_customer is None:
        return True
    return await repository.customer_uses(uow, discount_id, customer_id) < per_customer


async def claim_uses(
    uow: WriteUnitOfWork,
    *,
    discount_ids: Iterable[uuid.UUID],
    order_id: uuid.UUID,
    customer_id: uuid.UUID | None,
) -> None:
    """Count one use of each discount by the order, in the order's transaction. Each count is
    one conditional statement that also takes the discount's row, in id order (two orders
    sharing discounts queue on the first they share, never deadlock): a discount used up is
    409 `discount_exhausted`. With the row held, the customer's earlier uses are counted: at
    the discount's limit per customer, 409 `discount_customer_limit`. On an error the caller's
    transaction must roll back (the request's does); the counts taken here are then undone
    with it. Claiming again for the same order counts nothing more."""
    for discount_id in sorted(set(discount_ids)):
        earlier = await uow.session.scalar(
            sa.select(DiscountUse).where(
                DiscountUse.discount_id == discount_id, DiscountUse.order_id == order_id
            )
        )
        if earlier is not None and earlier.released_at is None:
            continue
        counted = await repository.count_use(uow, discount_id)
        if counted is None:
            discount = await get_discount(uow, discount_id)  # 404 when there is none
            raise DiscountExhausted(
                f"The discount {discount.code or discount.name!r} has been used as often as "
                "it may be"
            )
        (per_customer,) = counted
        if not await _customer_may_use(uow, discount_id, customer_id, per_customer):
            await repository.uncount_uses(uow, [discount_id])
            raise DiscountCustomerLimit(
                "This customer has used the discount as often as it may be used"
            )
        now = uow.clock.now()
        if earlier is not None:  # given back by a cancellation, used again
            earlier.released_at = None
            earlier.customer_id = customer_id
            earlier.used_at = now
        else:
            uow.session.add(
                DiscountUse(
                    id=new_id(),
                    discount_id=discount_id,
                    order_id=order_id,
                    customer_id=customer_id,
                    used_at=now,
                    released_at=None,
                )
            )
    await uow.session.flush()


async def release_uses(uow: WriteUnitOfWork, *, order_id: uuid.UUID) -> list[uuid.UUID]:
    """Give back the uses of a cancelled order: each is marked released and its discount's
    count goes down by one. Idempotent: releasing again (or concurrently) gives nothing back
    twice. Answers the ids of the discounts given back."""
    released = await repository.release_order_uses(uow, order_id, uow.clock.now())
    await repository.uncount_uses(uow, released)
    return released


# --- history written in bulk (demo data, imports) ----------------------------------------------


@dataclass(frozen=True, slots=True)
class HistoryUse:
    """A use of a discount by an order of the past; `released_at` when the order was
    cancelled and gave it back."""

    id: uuid.UUID
    discount_id: uuid.UUID
    order_id: uuid.UUID
    customer_id: uuid.UUID | None
    used_at: datetime
    released_at: datetime | None


async def bulk_insert_history(uow: WriteUnitOfWork, uses: Sequence[HistoryUse]) -> int:
    """Write uses of the past, set-based, and count the ones not given back on their
    discounts (each count in one conditional statement, in id order: a discount whose usage
    limit that would pass is 409 `discount_exhausted`, and the caller's transaction must roll
    back). One use per discount and order, as `claim_uses` keeps. Past business: no events,
    no audit rows. Answers how many were written."""
    counted: dict[uuid.UUID, int] = {}
    seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
    rows: list[tuple[Any, ...]] = []
    for use in uses:
        if (use.discount_id, use.order_id) in seen:
            raise ValueError(f"order {use.order_id} uses discount {use.discount_id} twice")
        if use.released_at is not None and use.released_at < use.used_at:
            raise ValueError(f"use {use.id}: given back before it was taken")
        seen.add((use.discount_id, use.order_id))
        if use.released_at is None:
            counted[use.discount_id] = counted.get(use.discount_id, 0) + 1
        rows.append(
            (use.id, use.discount_id, use.order_id, use.customer_id, use.used_at, use.released_at)
        )
    if not await repository.add_history(uow, rows, counted):
        raise DiscountExhausted("History uses a discount more often than its limit allows")
    return len(rows)
