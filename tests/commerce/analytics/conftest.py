"""Fixtures of the analytics tests: a shop (a tenant's owner with locations, products and
stock, made through the API) that sells at chosen times through the orders' and payments'
services, and reads the reports back through the API."""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from olympus.commerce.orders import service as orders
from olympus.commerce.orders.schemas import OrderLineRequest
from olympus.commerce.payments import service as payments
from olympus.commerce.payments.providers import Outcome
from olympus.commerce.payments.schemas import CardMethod, CashMethod
from olympus.core.clock import FrozenClock
from olympus.core.db import WriteUnitOfWork
from olympus.platform.rbac.authorization import Authorization
from olympus.platform.rbac.service import PERMISSIONS
from tests.fixtures.accounts import TenantFactory, login_owner
from tests.fixtures.apps import MovableClock
from tests.fixtures.inventory import Inventory
from tests.fixtures.messages import EventLog

ANALYTICS = "/api/v1/analytics"
EVERYTHING = Authorization(permissions=frozenset(PERMISSIONS))


@dataclass
class Shop:
    inv: Inventory

    @property
    def app(self) -> FastAPI:
        return self.inv.app

    @property
    def client(self) -> httpx.AsyncClient:
        return self.inv.client

    @property
    def tenant_id(self) -> uuid.UUID:
        return self.inv.tenant.id

    async def location(self, timezone: str = "Europe/Paris") -> str:
        code = f"L{uuid.uuid4().hex[:6].upper()}"
        body = {"name": f"Store {code}", "code": code, "timezone": timezone, "currency": "EUR"}
        r = await self.client.post("/api/v1/locations", json=body, headers=self.inv.headers)
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    async def product(self, price: int, locations: list[str], stock: int = 1000) -> str:
        product = await self.inv.product(price=price)
        for location in locations:
            await self.inv.stocked(product, location, stock)
        return product

    async def at(self, moment: datetime, work: Callable[[WriteUnitOfWork], Awaitable[Any]]) -> Any:
        """Run `work` in one transaction of the tenant whose clock reads `moment`."""
        async with self.app.state.db.unit_of_work(
            clock=FrozenClock(moment), tenant_id=self.tenant_id
        ) as uow:
            return await work(uow)

    async def order(
        self, moment: datetime, location: str, lines: list[tuple[str, int]]
    ) -> dict[str, Any]:
        async def work(uow: WriteUnitOfWork) -> dict[str, Any]:
            read = await orders.create_order(
                uow,
                location_id=uuid.UUID(location),
                customer_id=None,
                lines=[OrderLineRequest(uuid.UUID(p), q) for p, q in lines],
            )
            return {"id": read.id, "total": read.total}

        result: dict[str, Any] = await self.at(moment, work)
        return result

    async def pay(
        self, moment: datetime, order_id: uuid.UUID, amount: int, method: str
    ) -> uuid.UUID:
        """A succeeded payment: cash at once, a card decided by the processor in a second
        transaction at the same moment."""

        async def start(uow: WriteUnitOfWork) -> uuid.UUID:
            payment = await payments.start_payment(
                uow,
                order_id=order_id,
                amount=amount,
                method=CashMethod(type="cash")
                if method == "cash"
                else CardMethod(type="card", token="tok_visa"),
                authz=EVERYTHING,
                processor="test",
                idempotency_key=None,
            )
            return payment.id

        payment_id: uuid.UUID = await self.at(moment, start)
        if method != "cash":

            async def settle(uow: WriteUnitOfWork) -> None:
                await payments.settle_payment(
                    uow, payment_id, payments.Decision(Outcome.SUCCEEDED, f"ch_{payment_id.hex}")
                )

            await self.at(moment, settle)
        return payment_id

    async def refund(self, moment: datetime, payment_id: uuid.UUID, amount: int) -> None:
        async def start(uow: WriteUnitOfWork) -> tuple[uuid.UUID, str]:
            refund, _ = await payments.start_refund(
                uow, payment_id, amount=amount, authz=EVERYTHING, idempotency_key=None
            )
            return refund.id, refund.status

        refund_id, status = await self.at(moment, start)
        if status == "pending":

            async def settle(uow: WriteUnitOfWork) -> None:
                await payments.settle_refund(
                    uow, refund_id, payments.Decision(Outcome.SUCCEEDED, f"re_{refund_id.hex}")
                )

            await self.at(moment, settle)

    async def cancel(self, moment: datetime, order_id: uuid.UUID) -> None:
        async def work(uow: WriteUnitOfWork) -> None:
            await orders.cancel_order(uow, await orders.hold_order(uow, order_id), reason="test")

        await self.at(moment, work)

    async def published(self) -> None:
        """Every committed event published, so the rollups have taken it."""
        await self.app.state.relay.drain()

    async def report(
        self, name: str, headers: dict[str, str] | None = None, **params: Any
    ) -> dict[str, Any]:
        r = await self.get(name, headers=headers, **params)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    async def get(
        self, name: str, headers: dict[str, str] | None = None, **params: Any
    ) -> httpx.Response:
        query = {k.rstrip("_"): v for k, v in params.items() if v is not None}
        return await self.client.get(
            f"{ANALYTICS}/{name}", params=query, headers=headers or self.inv.headers
        )


@pytest.fixture
def make_shop(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    make_tenant: TenantFactory,
    events: EventLog,
) -> Callable[[], Awaitable[Shop]]:
    """A new tenant's shop each call (property tests want a clean tenant per example)."""

    async def make() -> Shop:
        tenant = await make_tenant()
        owner = await login_owner(client, tenant)
        return Shop(Inventory(client, app, clock, tenant, owner, events))

    return make


@pytest.fixture
async def shop(make_shop: Callable[[], Awaitable[Shop]]) -> Shop:
    return await make_shop()
