"""The write of the security event log: one conditional upsert (INSERT ... ON CONFLICT DO
UPDATE) that adds repeats to the row of their aggregation key, on PostgreSQL and SQLite."""

from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from olympus.core.db import WriteUnitOfWork
from olympus.platform.security_events.models import SecurityEvent

_EVENTS = cast(sa.Table, SecurityEvent.__table__)
AGGREGATE_KEY = ("tenant_id", "kind", "account_key", "ip", "permission", "window_start")


async def add_occurrences(uow: WriteUnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Insert each row, or add its `count` to the row already holding its aggregation key
    (its latest time, request id, route and user agent replace the stored ones). The rows
    have distinct keys, each with its own `tenant_id`."""
    if not rows:
        return
    dialect = uow.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # A batch across tenants, written by the service itself: every row carries its own
    # tenant_id, which leads the conflict key.
    # tenant-scope: each row of the batch binds its own tenant_id
    stmt = insert(_EVENTS).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=list(AGGREGATE_KEY),
        set_={
            "count": _EVENTS.c.count + stmt.excluded.count,
            "last_seen": stmt.excluded.last_seen,
            "request_id": stmt.excluded.request_id,
            "route": stmt.excluded.route,
            "user_agent": stmt.excluded.user_agent,
            "reason": stmt.excluded.reason,
        },
    )
    conn = await uow.session.connection()
    await conn.execute(stmt)
