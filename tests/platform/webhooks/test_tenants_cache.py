"""The relay's look-up of a tenant's webhooks, cached: a tenant known to have none is not
looked up again, and a webhook created (or turned active) is seen by the very next event,
whatever answer was cached before; an answer read before a change committed is never used
after it; with the cache down, every tenant is looked up."""

import uuid
from typing import Any

import httpx
from fastapi import FastAPI

from olympus.core.cache import CacheUnavailable, InProcessCache
from olympus.platform.webhooks.service import relay as service
from tests.fixtures.accounts import Account, TenantInfo
from tests.fixtures.apps import MovableClock
from tests.platform.webhooks.conftest import URL, create, eventually
from tests.platform.webhooks.receiver import Receiver


async def _location(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    code = f"C{uuid.uuid4().hex[:6].upper()}"
    r = await client.post(
        "/api/v1/locations",
        json={"name": f"Shop {code}", "code": code, "timezone": "UTC", "currency": "EUR"},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def test_a_webhook_created_after_none_was_cached_gets_the_next_event(
    app: FastAPI,
    client: httpx.AsyncClient,
    owner: Account,
    tenant: TenantInfo,
    receiver: Receiver,
) -> None:
    cache = app.state.cache
    await _location(client, owner.headers)

    async def remembered() -> Any:
        return await cache.get(f"webhooks:none:{tenant.id}")

    assert (await eventually(remembered)).endswith(":0")

    hook = await create(client, owner.headers, url=receiver.url, events=["location.created"])
    location_id = await _location(client, owner.headers)

    await eventually(lambda: _received(receiver, location_id))

    # Paused, then active again: the relay sees it again at once.
    for active in (False, True):
        r = await client.patch(
            f"{URL}/{hook['id']}", json={"active": active}, headers=owner.headers
        )
        assert r.status_code == 200, r.text
    again = await _location(client, owner.headers)
    await eventually(lambda: _received(receiver, again))


async def _received(receiver: Receiver, location_id: str) -> bool:
    """Whether the receiver got the `location.created` event of this location. (Which
    events before the webhook was created are delivered depends on when the relay published
    them: deliveries are decided at publishing.)"""
    return any(location_id in r.body.decode() for r in receiver.requests)


async def test_an_answer_read_before_a_change_is_not_used_after_it(
    app: FastAPI, clock: MovableClock, tenant: TenantInfo
) -> None:
    cache = InProcessCache(clock)
    tenant_id = tenant.id
    wanted, versions = await service._may_have_webhooks(cache, [tenant_id])
    assert wanted == [tenant_id]

    # A change commits between the relay's look-up and its storing the answer.
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant_id) as uow:
        service.forget_webhooks(uow, cache)
    await service._remember_none(cache, [tenant_id], versions)

    wanted, fresh = await service._may_have_webhooks(cache, [tenant_id])
    assert wanted == [tenant_id]  # the stale "none" is not used
    await service._remember_none(cache, [tenant_id], fresh)
    assert (await service._may_have_webhooks(cache, [tenant_id]))[0] == []


class DownCache(InProcessCache):
    async def get_many(self, *keys: str) -> list[str | None]:
        raise CacheUnavailable("down")

    async def set(self, key: str, value: str, *, ttl: float) -> None:
        raise CacheUnavailable("down")


async def test_with_the_cache_down_every_tenant_is_looked_up(clock: MovableClock) -> None:
    tenants = [uuid.uuid4(), uuid.uuid4()]
    wanted, versions = await service._may_have_webhooks(DownCache(clock), tenants)
    assert (wanted, versions) == (tenants, {})
    await service._remember_none(DownCache(clock), tenants, {t: None for t in tenants})
