"""Core statements of discount usage: the conditional counters of `discounts.used_count` and
the release of an order's uses. Each is one statement, so concurrent orders can't count past
a limit nor give a use back twice; every statement binds `tenant_id` itself."""

import uuid
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import CursorResult

from olympus.commerce.discounts.models import Discount, DiscountUse
from olympus.core import bulk
from olympus.core.db import WriteUnitOfWork

_DISCOUNTS = cast(sa.Table, Discount.__table__)
_USES = cast(sa.Table, DiscountUse.__table__)


async def count_use(uow: WriteUnitOfWork, discount_id: uuid.UUID) -> tuple[int | None] | None:
    """Add one use to the discount unless that would pass its usage limit. On PostgreSQL the
    row stays locked until the transaction ends (a concurrent counter waits, then checks the
    limit again against what the first committed). The answer is the discount's limit per
    customer, in a tuple; None when nothing was counted (no such discount, or used up)."""
    stmt = (
        sa.update(_DISCOUNTS)
        .where(
            _DISCOUNTS.c.tenant_id == uow.require_tenant(),
            _DISCOUNTS.c.id == discount_id,
            sa.or_(
                _DISCOUNTS.c.usage_limit.is_(None),
                _DISCOUNTS.c.used_count < _DISCOUNTS.c.usage_limit,
            ),
        )
        .values(used_count=_DISCOUNTS.c.used_count + 1)
        .returning(_DISCOUNTS.c.usage_limit_per_customer)
    )
    row = (await uow.session.execute(stmt)).first()
    return None if row is None else (row[0],)


async def uncount_uses(uow: WriteUnitOfWork, discount_ids: list[uuid.UUID]) -> None:
    """Take one use off each discount, in id order (the order `count_use` callers keep)."""
    for discount_id in sorted(discount_ids):
        await uow.session.execute(
            sa.update(_DISCOUNTS)
            .where(
                _DISCOUNTS.c.tenant_id == uow.require_tenant(),
                _DISCOUNTS.c.id == discount_id,
                _DISCOUNTS.c.used_count > 0,
            )
            .values(used_count=_DISCOUNTS.c.used_count - 1)
        )


async def customer_uses(
    uow: WriteUnitOfWork, discount_id: uuid.UUID, customer_id: uuid.UUID
) -> int:
    """The uses of the discount by the customer's orders that were not given back."""
    count = await uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(_USES)
        .where(
            _USES.c.tenant_id == uow.require_tenant(),
            _USES.c.discount_id == discount_id,
            _USES.c.customer_id == customer_id,
            _USES.c.released_at.is_(None),
        )
    )
    return int(count or 0)


async def release_order_uses(
    uow: WriteUnitOfWork, order_id: uuid.UUID, at: datetime
) -> list[uuid.UUID]:
    """Mark the order's uses not yet given back as released and answer their discounts' ids.
    One conditional statement: of two concurrent releases of one order, the second waits for
    the first's rows and then finds nothing left to release."""
    stmt = (
        sa.update(_USES)
        .where(
            _USES.c.tenant_id == uow.require_tenant(),
            _USES.c.order_id == order_id,
            _USES.c.released_at.is_(None),
        )
        .values(released_at=at)
        .returning(_USES.c.discount_id)
    )
    return sorted((await uow.session.execute(stmt)).scalars().all())


HISTORY_USE_COLUMNS = ("id", "discount_id", "order_id", "customer_id", "used_at", "released_at")


async def add_history(
    uow: WriteUnitOfWork, uses: list[tuple[Any, ...]], counted: dict[uuid.UUID, int]
) -> bool:
    """Uses of the past, set-based (`core.bulk`, which binds `tenant_id`; each row in the
    order of `HISTORY_USE_COLUMNS`), and each discount's count moved on by `counted` in id
    order, never past its limit. False (the caller rolls back) when a count would pass it."""
    await bulk.insert_rows(uow, _USES, HISTORY_USE_COLUMNS, uses)
    for discount_id in sorted(counted):
        result = await uow.session.execute(
            sa.update(_DISCOUNTS)
            .where(
                _DISCOUNTS.c.tenant_id == uow.require_tenant(),
                _DISCOUNTS.c.id == discount_id,
                sa.or_(
                    _DISCOUNTS.c.usage_limit.is_(None),
                    _DISCOUNTS.c.used_count + counted[discount_id] <= _DISCOUNTS.c.usage_limit,
                ),
            )
            .values(used_count=_DISCOUNTS.c.used_count + counted[discount_id])
        )
        if cast(CursorResult[Any], result).rowcount != 1:
            return False
    return True
