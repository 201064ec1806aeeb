"""Two replicas of the service sharing PostgreSQL and Redis: a permission change made on one
holds on the other at its next request (the cached authorization lives in Redis), and so do
revocation and suspension."""

import uuid
from pathlib import Path

import httpx
import pytest

from tests.fixtures.accounts import TenantInfo, login_owner, make_member, me
from tests.fixtures.apps import Backend, MovableClock, make_settings, running_app
from tests.fixtures.platform_api import role_ids
from tests.fixtures.problems import assert_problem


async def test_changes_on_one_replica_hold_on_the_other(
    backend: Backend, clock: MovableClock, tmp_path: Path, tenant: TenantInfo
) -> None:
    if not backend.is_postgres:
        pytest.skip("replicas share state through Redis; the embedded default is one process")
    prefix = f"olympus-replicas-{uuid.uuid4().hex[:8]}:"
    settings = make_settings(backend, tmp_path)
    async with (
        running_app(settings, clock, redis_prefix=prefix) as one,
        running_app(settings, clock, redis_prefix=prefix) as two,
    ):
        a = httpx.AsyncClient(transport=httpx.ASGITransport(app=one), base_url="http://one")
        b = httpx.AsyncClient(transport=httpx.ASGITransport(app=two), base_url="http://two")
        async with a, b:
            owner = await login_owner(a, tenant)
            member = await make_member(a, owner, roles=("staff",))
            assert "catalog:write" not in (await me(b, member))["permissions"]  # cached on two

            manager = (await role_ids(a, owner.headers))["manager"]
            r = await a.post(
                f"/api/v1/users/{member.user_id}/roles",
                json={"role_id": manager},
                headers=owner.headers,
            )
            assert r.status_code == 201
            assert "catalog:write" in (await me(b, member))["permissions"]

            r = await a.delete(
                f"/api/v1/users/{member.user_id}/roles/{manager}", headers=owner.headers
            )
            assert r.status_code == 204
            assert "catalog:write" not in (await me(b, member))["permissions"]

            assert (await a.post("/api/v1/auth/logout", headers=member.headers)).status_code == 204
            assert_problem(
                await b.get("/api/v1/auth/me", headers=member.headers), 401, "token_revoked"
            )
