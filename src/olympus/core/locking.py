"""Row locks, always taken in primary-key order: two transactions that lock overlapping sets
of rows (the stock lines of two orders, the counters of two discounts) queue on the first row
they share instead of each holding what the other waits for. Each domain keeps its locks in
its own `locks.py`, built on this."""

from typing import Any

import sqlalchemy as sa

from olympus.core.db import Base, WriteUnitOfWork


async def lock_rows(
    uow: WriteUnitOfWork,
    model: type[Base],
    *criteria: sa.ColumnElement[bool],
    shared: bool = False,
) -> list[Any]:
    """Lock the rows of `model` matching `criteria` until the transaction ends, in
    primary-key order, and return their primary keys in that order. `shared=True` takes a
    share lock (others may read-lock too, nobody may change them). The ORM statement goes
    through the session, so the tenant filter applies. On SQLite the writing transaction
    already holds the database's write lock, and `FOR UPDATE` is not rendered."""
    key = sa.inspect(model).primary_key
    stmt = sa.select(*key).where(*criteria).order_by(*key).with_for_update(read=shared)
    return list((await uow.session.execute(stmt)).all())
