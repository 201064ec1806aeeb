"""The ledger: movements appended by one statement built once, and their sums per level."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.engine import Row

from olympus.commerce.inventory.models import StockMovement
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork

_MOVEMENTS = cast(sa.Table, StockMovement.__table__)


def _tenant_param(table: sa.Table) -> sa.BindParameter[Any]:
    """`tenant_id` bound per call: every insert built once names it."""
    return sa.bindparam("tenant_id", type_=table.c.tenant_id.type)


# Built once (the hot path of every sale): values go in as parameters, so SQLAlchemy neither
# builds these statements nor computes their cache keys per call.
_INSERT_MOVEMENTS = sa.insert(_MOVEMENTS).values(tenant_id=_tenant_param(_MOVEMENTS))


async def add_movements(
    uow: WriteUnitOfWork,
    rows: list[dict[str, Any]],
    *,
    created_at: datetime,
    actor_id: uuid.UUID | None,
) -> None:
    """Append movements: each row has id, location_id, product_id, kind, the deltas, the
    quantities after, reason and reference_id."""
    if not rows:
        return
    conn = await uow.session.connection()
    shared = {"tenant_id": uow.require_tenant(), "created_at": created_at, "actor_id": actor_id}
    await conn.execute(_INSERT_MOVEMENTS, [{**row, **shared} for row in rows])


async def ledger_sums(uow: ReadUnitOfWork) -> Sequence[Row[Any]]:
    """Per level: the sums of the ledger's deltas, and how many movements there are."""
    conn = await uow.session.connection()
    stmt = (
        sa.select(
            _MOVEMENTS.c.location_id,
            _MOVEMENTS.c.product_id,
            sa.func.sum(_MOVEMENTS.c.on_hand_delta).label("on_hand"),
            sa.func.sum(_MOVEMENTS.c.reserved_delta).label("reserved"),
            sa.func.count().label("movements"),
        )
        .where(_MOVEMENTS.c.tenant_id == uow.require_tenant())
        .group_by(_MOVEMENTS.c.location_id, _MOVEMENTS.c.product_id)
    )
    return (await conn.execute(stmt)).all()
