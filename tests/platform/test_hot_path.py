"""Permission checks cost no query once cached: a warm authenticated request runs only the
statements of its own work (and /auth/me none at all)."""

import httpx
from fastapi import FastAPI

from olympus.core.db import Database
from tests.fixtures.accounts import TenantInfo, login_owner
from tests.fixtures.statements import own_work, statements


async def test_warm_requests_run_no_authorization_queries(
    app: FastAPI, client: httpx.AsyncClient, db: Database, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    # Warm the caches (authorization, profile, tenant reference).
    assert (await client.get("/api/v1/auth/me", headers=owner.headers)).status_code == 200
    assert (await client.get("/api/v1/locations", headers=owner.headers)).status_code == 200
    await app.state.relay.drain()
    await app.state.auth.drain()  # the sign-in's background work (new-device check)

    with statements(db) as seen:
        r = await client.get("/api/v1/auth/me", headers=owner.headers)
    assert r.status_code == 200
    assert own_work(seen) == [], seen  # identity and permissions all came from the cache

    with statements(db) as seen:
        r = await client.get("/api/v1/locations", headers=owner.headers)
    assert r.status_code == 200
    work = own_work(seen)
    assert len(work) == 1 and "FROM locations" in work[0], work  # the list itself, nothing else
