"""Redis configured but unreachable: nothing that matters is lost and no check is skipped.
Revocation falls back to the database, permissions are read from it, sign-in still works."""

from pathlib import Path

import httpx

from tests.fixtures.accounts import PASSWORD, TenantInfo
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app
from tests.fixtures.problems import assert_problem

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


async def test_a_revoked_session_stays_revoked_while_redis_is_down(
    backend: Backend, clock: MovableClock, tmp_path: Path, tenant: TenantInfo
) -> None:
    settings = make_settings(backend, tmp_path, redis_url=DEAD_REDIS)
    async with running_app(settings, clock) as app:
        transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            login = {"tenant": tenant.slug, "email": tenant.owner_email, "password": PASSWORD}
            first = (await client.post("/api/v1/auth/login", json=login)).json()
            second = (await client.post("/api/v1/auth/login", json=login)).json()
            one = {"Authorization": f"Bearer {first['access_token']}"}
            two = {"Authorization": f"Bearer {second['access_token']}"}

            r = await client.get("/api/v1/auth/me", headers=one)
            assert r.status_code == 200
            assert "users:manage" in r.json()["permissions"]  # read from the database

            assert (await client.post("/api/v1/auth/logout", headers=one)).status_code == 204
            # The denylist could not be written; the database answers instead.
            assert_problem(await client.get("/api/v1/auth/me", headers=one), 401, "token_revoked")
            assert (await client.get("/api/v1/auth/me", headers=two)).status_code == 200
            r = await client.get("/ready")
            assert r.status_code == 503 and r.json()["checks"]["redis"] == "unavailable"
