"""Fixtures of the orders tests: `shop`, a tenant's owner with a location, products in stock
and helpers to take and move orders through the API and read what the database holds."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from olympus.commerce.discounts.models import Discount
from olympus.commerce.orders.models import Order, OrderItem, OrderTimelineEntry
from olympus.core.db import ReadUnitOfWork
from tests.fixtures.inventory import Inventory

ORDERS = "/api/v1/orders"


@dataclass
class Shop:
    """One tenant selling at one location, through the API as its owner."""

    inv: Inventory
    location: str

    @property
    def client(self) -> httpx.AsyncClient:
        return self.inv.client

    @property
    def headers(self) -> dict[str, str]:
        return self.inv.headers

    async def product(self, stock: int = 10, *, price: int = 1000, **fields: Any) -> str:
        product = await self.inv.product(price=price, **fields)
        if stock:
            await self.inv.stocked(product, self.location, stock)
        return product

    async def post_order(
        self,
        items: list[tuple[str, int]],
        *,
        codes: list[str] | None = None,
        headers: dict[str, str] | None = None,
        location: str | None = None,
        **fields: Any,
    ) -> httpx.Response:
        body: dict[str, Any] = {
            "location_id": location or self.location,
            "items": [{"product_id": p, "quantity": q} for p, q in items],
            **fields,
        }
        if codes is not None:
            body["discount_codes"] = codes
        return await self.client.post(ORDERS, json=body, headers=headers or self.headers)

    async def order(self, items: list[tuple[str, int]], **fields: Any) -> dict[str, Any]:
        r = await self.post_order(items, **fields)
        assert r.status_code == 201, r.text
        answer: dict[str, Any] = r.json()
        return answer

    async def act(
        self,
        order_id: str,
        action: str,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return await self.client.post(
            f"{ORDERS}/{order_id}/{action}", json=body, headers=headers or self.headers
        )

    async def get(self, order_id: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return await self.client.get(f"{ORDERS}/{order_id}", headers=headers or self.headers)

    async def paid_order(self, items: list[tuple[str, int]]) -> dict[str, Any]:
        """An order with a payment covering its total, recorded through the service."""
        from olympus.commerce.orders import service  # late: the service is what tests call

        order = await self.order(items)

        async def pay(uow: Any) -> None:
            await service.record_payment(
                uow,
                uuid.UUID(order["id"]),
                payment_id=uuid.uuid4(),
                amount=order["total"],
                method="cash",
            )

        await self.inv.write(pay)
        return order

    async def orders(self) -> list[Order]:
        async def rows(uow: ReadUnitOfWork) -> list[Order]:
            return list((await uow.session.scalars(sa.select(Order).order_by(Order.id))).all())

        result: list[Order] = await self.inv.read(rows)
        return result

    async def items(self) -> list[OrderItem]:
        async def rows(uow: ReadUnitOfWork) -> list[OrderItem]:
            stmt = sa.select(OrderItem).order_by(OrderItem.id)
            return list((await uow.session.scalars(stmt)).all())

        result: list[OrderItem] = await self.inv.read(rows)
        return result

    async def timeline_rows(self) -> list[OrderTimelineEntry]:
        async def rows(uow: ReadUnitOfWork) -> list[OrderTimelineEntry]:
            stmt = sa.select(OrderTimelineEntry).order_by(OrderTimelineEntry.id)
            return list((await uow.session.scalars(stmt)).all())

        result: list[OrderTimelineEntry] = await self.inv.read(rows)
        return result

    async def used_count(self, discount_id: str) -> int:
        async def count(uow: ReadUnitOfWork) -> int:
            row = await uow.session.get(Discount, (self.inv.tenant.id, uuid.UUID(discount_id)))
            assert row is not None
            return row.used_count

        result: int = await self.inv.read(count)
        return result

    async def discount(self, **fields: Any) -> str:
        body = {"code": "SAVE10", "name": "Save 10", "type": "percentage", "value": 10, **fields}
        r = await self.client.post("/api/v1/discounts", json=body, headers=self.headers)
        assert r.status_code == 201, r.text
        return str(r.json()["id"])

    async def customer(self) -> str:
        r = await self.client.post("/api/v1/customers", json={"name": "Ada"}, headers=self.headers)
        assert r.status_code == 201, r.text
        return str(r.json()["id"])


@pytest.fixture
async def shop(inventory: Inventory) -> Shop:
    return Shop(inventory, await inventory.location())


@pytest.fixture
async def other_shop(other_inventory: Inventory) -> Shop:
    return Shop(other_inventory, await other_inventory.location())
