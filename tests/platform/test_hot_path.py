"""Permission checks cost no query once cached: a warm authenticated request runs only the
statements of its own work (and /auth/me none at all)."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import event

from olympus.core.db import Database
from tests.conftest import TenantInfo
from tests.platform.helpers import login_owner


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


def _work(seen: list[str]) -> list[str]:
    """The statements of the request's own work: not the transaction's bookkeeping, nor the
    outbox relay polling in the background on the same engine."""
    noise = ("BEGIN", "COMMIT", "ROLLBACK", "SELECT SET_CONFIG", "SET ")
    return [
        s
        for s in seen
        if not s.lstrip().upper().startswith(noise)
        and "FROM events" not in s
        and "UPDATE events" not in s
    ]


async def test_warm_requests_run_no_authorization_queries(
    app: FastAPI, client: httpx.AsyncClient, db: Database, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    # Warm the caches (authorization, profile, tenant reference).
    assert (await client.get("/api/v1/auth/me", headers=owner.headers)).status_code == 200
    assert (await client.get("/api/v1/locations", headers=owner.headers)).status_code == 200
    await app.state.relay.drain()

    with statements(db) as seen:
        r = await client.get("/api/v1/auth/me", headers=owner.headers)
    assert r.status_code == 200
    assert _work(seen) == [], seen  # identity and permissions all came from the cache

    with statements(db) as seen:
        r = await client.get("/api/v1/locations", headers=owner.headers)
    assert r.status_code == 200
    work = _work(seen)
    assert len(work) == 1 and "FROM locations" in work[0], work  # the list itself, nothing else
