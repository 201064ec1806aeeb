"""Row locks of the inventory: a change of a level's threshold holds the level, so two of
them (and a change of quantities) take turns and each sees what the other left."""

import uuid
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Row

from olympus.commerce.inventory import repository
from olympus.commerce.inventory.models import StockLevel
from olympus.core.db import WriteUnitOfWork

_LEVELS = cast(sa.Table, StockLevel.__table__)
_LEVEL_KEY = (_LEVELS.c.tenant_id, _LEVELS.c.location_id, _LEVELS.c.product_id)
_LEVEL_AFTER = (_LEVELS.c.on_hand, _LEVELS.c.reserved, _LEVELS.c.low_stock_threshold)


async def hold_level(
    uow: WriteUnitOfWork, location_id: uuid.UUID, product_id: uuid.UUID
) -> Row[Any]:
    """The level, made (empty) if it is new, locked until the transaction ends: one row by
    its whole key, so there is no order to keep. (Changes of quantities need no lock of
    their own: each is one conditional statement, see `repository`.)"""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    insert = repository.upsert(conn)(_LEVELS).values(
        tenant_id=tenant_id,
        location_id=location_id,
        product_id=product_id,
        on_hand=0,
        reserved=0,
        updated_at=uow.clock.now(),
    )
    await conn.execute(insert.on_conflict_do_nothing(index_elements=list(_LEVEL_KEY)))
    stmt = (
        sa.select(*_LEVEL_AFTER)
        .where(
            _LEVELS.c.tenant_id == tenant_id,
            _LEVELS.c.location_id == location_id,
            _LEVELS.c.product_id == product_id,
        )
        .with_for_update()
    )
    return (await conn.execute(stmt)).one()
