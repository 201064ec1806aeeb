"""Core statements of orders: the per-tenant number (one atomic upsert of the tenant's
counter) and the bulk insert of an order's items. Every statement binds `tenant_id`."""

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from olympus.commerce.orders.models import OrderCounter, OrderItem
from olympus.core.db import WriteUnitOfWork

_COUNTERS = cast(sa.Table, OrderCounter.__table__)
_ITEMS = cast(sa.Table, OrderItem.__table__)


async def next_number(uow: WriteUnitOfWork) -> int:
    """The tenant's next order number: 1, 2, 3, ... One statement that makes the counter or
    adds one to it and answers the new value; its row lock is held to the end of the
    transaction, so two orders never get one number, and a rolled-back order gives its
    number back."""
    conn = await uow.session.connection()
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    stmt = (
        insert(_COUNTERS)
        .values(tenant_id=uow.require_tenant(), last_number=1)
        .on_conflict_do_update(
            index_elements=[_COUNTERS.c.tenant_id],
            set_={"last_number": _COUNTERS.c.last_number + 1},
        )
        .returning(_COUNTERS.c.last_number)
    )
    return int((await conn.execute(stmt)).scalar_one())


async def add_items(uow: WriteUnitOfWork, rows: list[dict[str, Any]]) -> None:
    conn = await uow.session.connection()
    tenant_id = uow.require_tenant()
    await conn.execute(sa.insert(_ITEMS).values(tenant_id=tenant_id), rows)
