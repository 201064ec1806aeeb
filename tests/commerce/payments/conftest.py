"""Fixtures of the payments tests: the tenant's owner signed in, a till taking orders and
payments through the API, what the database holds, and Stripe's stand-in."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from olympus.commerce.payments.components import PaymentComponents
from tests.commerce.payments.payment_api import URL, Stored
from tests.fixtures.accounts import Account, TenantInfo, login_owner
from tests.fixtures.apps import MovableClock
from tests.fixtures.inventory import Inventory
from tests.fixtures.stripe import FakeStripe


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Account:
    return await login_owner(client, tenant)


@pytest.fixture
def stored(app: FastAPI, clock: MovableClock, tenant: TenantInfo) -> Stored:
    return Stored(app, clock, tenant.id)


@dataclass
class Till:
    """A tenant selling at one location, taking payments through the API as its owner."""

    inv: Inventory
    location: str
    stored: Stored

    @property
    def client(self) -> httpx.AsyncClient:
        return self.inv.client

    @property
    def headers(self) -> dict[str, str]:
        return self.inv.headers

    async def order(self, price: int = 1500, *, location: str | None = None) -> dict[str, Any]:
        """A pending order of one unit at `price` (no tax is set: its total is the price)."""
        at = location or self.location
        product = await self.inv.product(price=price)
        await self.inv.stocked(product, at, 5)
        r = await self.client.post(
            "/api/v1/orders",
            json={"location_id": at, "items": [{"product_id": product, "quantity": 1}]},
            headers=self.headers,
        )
        assert r.status_code == 201, r.text
        body: dict[str, Any] = r.json()
        assert body["total"] == price
        return body

    async def pay(
        self,
        order_id: str,
        amount: int,
        method: dict[str, Any] | None = None,
        *,
        key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return await self.client.post(
            f"{URL}/process",
            json={
                "order_id": order_id,
                "amount": amount,
                "method": method or {"type": "card", "token": "tok_visa"},
            },
            headers={**(headers or self.headers), **({"Idempotency-Key": key} if key else {})},
        )

    async def refund(
        self,
        payment_id: str,
        amount: int | None = None,
        *,
        key: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return await self.client.post(
            f"{URL}/{payment_id}/refund",
            json={} if amount is None else {"amount": amount},
            headers={**(headers or self.headers), **({"Idempotency-Key": key} if key else {})},
        )

    async def order_now(self, order_id: str) -> dict[str, Any]:
        r = await self.client.get(f"/api/v1/orders/{order_id}", headers=self.headers)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body


@pytest.fixture
async def till(inventory: Inventory, stored: Stored) -> Till:
    return Till(inventory, await inventory.location(), stored)


@pytest.fixture
def stripe_api(app: FastAPI, fake_stripe: FakeStripe) -> Iterator[FakeStripe]:
    """Stripe calls of the app go to the stand-in for this test."""
    components: PaymentComponents = app.state.payments
    before = components.stripe_api_base
    components.stripe_api_base = fake_stripe.url
    try:
        yield fake_stripe
    finally:
        components.stripe_api_base = before
