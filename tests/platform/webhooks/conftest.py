"""Fixtures of the webhooks tests: the tenant's owner signed in, a receiver on loopback, and
what the database holds."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.platform.audit.models import AuditLog
from olympus.platform.webhooks.models import Webhook, WebhookDelivery
from tests.fixtures.accounts import Account, TenantInfo, login_owner
from tests.fixtures.apps import MovableClock
from tests.platform.webhooks.receiver import Receiver, running_receiver

URL = "/api/v1/webhooks"


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Account:
    return await login_owner(client, tenant)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with running_receiver() as r:
        yield r


class Stored:
    """The tenant's webhook rows as the database holds them."""

    def __init__(self, app: FastAPI, clock: MovableClock, tenant_id: uuid.UUID) -> None:
        self.db = app.state.db
        self.box = app.state.webhook_secrets
        self.clock = clock
        self.tenant_id = tenant_id

    async def _all(self, stmt: Any) -> list[Any]:
        async with self.db.unit_of_work(
            clock=self.clock, write=False, tenant_id=self.tenant_id
        ) as uow:
            return list((await uow.session.scalars(stmt)).all())

    async def webhooks(self) -> list[Webhook]:
        return await self._all(sa.select(Webhook).order_by(Webhook.id))

    async def webhook(self, webhook_id: str) -> Webhook:
        (row,) = await self._all(sa.select(Webhook).where(Webhook.id == uuid.UUID(webhook_id)))
        return row  # type: ignore[no-any-return]

    def secret(self, webhook: Webhook) -> str | None:
        """The webhook's secret as its sealed value opens (the stored bytes are not it)."""
        return self.box.open(webhook.sealed_secret)  # type: ignore[no-any-return]

    async def deliveries(self, webhook_id: str | None = None) -> list[WebhookDelivery]:
        stmt = sa.select(WebhookDelivery).order_by(WebhookDelivery.id)
        if webhook_id is not None:
            stmt = stmt.where(WebhookDelivery.webhook_id == uuid.UUID(webhook_id))
        return await self._all(stmt)

    async def audit_rows(self, action_prefix: str = "webhook.") -> list[AuditLog]:
        return await self._all(
            sa.select(AuditLog)
            .where(AuditLog.action.startswith(action_prefix))
            .order_by(AuditLog.id)
        )


@pytest.fixture
def stored(app: FastAPI, clock: MovableClock, tenant: TenantInfo) -> Stored:
    return Stored(app, clock, tenant.id)


async def create(
    client: httpx.AsyncClient, headers: dict[str, str], **fields: Any
) -> dict[str, Any]:
    body = {"url": "http://127.0.0.1:9/hooks", "events": ["order.*"], **fields}
    r = await client.post(URL, json=body, headers=headers)
    assert r.status_code == 201, r.text
    created: dict[str, Any] = r.json()
    return created


async def eventually(check: Callable[[], Awaitable[Any]], within: float = 15.0) -> Any:
    """The first truthy value `check` gives, looking every 50 ms."""
    for _ in range(int(within / 0.05)):
        value = await check()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError(f"not reached within {within} s")
