"""Shared steps of the carts tests: a shop (a tenant's owner with a location and products,
through the API), carts opened and filled through the API, and what the database holds."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa

from olympus.commerce.carts.models import Cart, CartItem
from olympus.commerce.discounts import service as discounts
from olympus.commerce.orders.models import Order
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.platform.audit.models import AuditLog
from tests.fixtures.accounts import login_owner
from tests.fixtures.inventory import Inventory

CARTS = "/api/v1/carts"


@dataclass
class Shop:
    """One tenant selling at `location`, as its owner sees it through the API."""

    inventory: Inventory
    location: str

    @property
    def client(self) -> httpx.AsyncClient:
        return self.inventory.client

    @property
    def headers(self) -> dict[str, str]:
        return self.inventory.headers

    async def sign_in_again(self) -> None:
        """A fresh token for the owner (after the clock moved past the last one's life)."""
        self.inventory.owner = await login_owner(self.client, self.inventory.tenant)

    async def product(self, **fields: Any) -> str:
        return await self.inventory.product(**fields)

    async def open_cart(
        self, headers: dict[str, str] | None = None, **fields: Any
    ) -> dict[str, Any]:
        body = {"location_id": self.location, "channel": "pos", **fields}
        r = await self.client.post(CARTS, json=body, headers=headers or self.headers)
        assert r.status_code == 201, r.text
        answer: dict[str, Any] = r.json()
        return answer

    async def add(
        self,
        cart_id: str,
        product_id: str,
        quantity: int = 1,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        return await self.client.post(
            f"{CARTS}/{cart_id}/items",
            json={"product_id": product_id, "quantity": quantity},
            headers=headers or self.headers,
        )

    async def added(self, cart_id: str, product_id: str, quantity: int = 1) -> dict[str, Any]:
        r = await self.add(cart_id, product_id, quantity)
        assert r.status_code == 200, r.text
        answer: dict[str, Any] = r.json()
        return answer

    async def enter_code(self, cart_id: str, code: str) -> httpx.Response:
        return await self.client.post(
            f"{CARTS}/{cart_id}/discount-codes", json={"code": code}, headers=self.headers
        )

    async def checkout(
        self, cart_id: str, key: str | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        h = dict(headers or self.headers)
        if key is not None:
            h["Idempotency-Key"] = key
        return await self.client.post(f"{CARTS}/{cart_id}/checkout", headers=h)

    async def get(self, cart_id: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return await self.client.get(f"{CARTS}/{cart_id}", headers=headers or self.headers)

    async def cart(self, cart_id: str) -> dict[str, Any]:
        r = await self.get(cart_id)
        assert r.status_code == 200, r.text
        answer: dict[str, Any] = r.json()
        return answer

    async def discount(self, **fields: Any) -> dict[str, Any]:
        body = {"name": "Promo", "type": "percentage", "value": 10, **fields}
        r = await self.client.post("/api/v1/discounts", json=body, headers=self.headers)
        assert r.status_code == 201, r.text
        answer: dict[str, Any] = r.json()
        return answer

    async def use_discount(self, discount_id: str) -> None:
        """Count one use of the discount, as an order of the tenant would."""

        async def use(uow: WriteUnitOfWork) -> None:
            await discounts.claim_uses(
                uow,
                discount_ids=[uuid.UUID(discount_id)],
                order_id=uuid.uuid4(),
                customer_id=None,
            )

        await self.inventory.write(use)

    async def set_tax(self, rates: list[dict[str, Any]], *, inclusive: bool) -> None:
        body = {"tax_rates": rates, "prices_include_tax": inclusive}
        r = await self.client.put("/api/v1/settings", json=body, headers=self.headers)
        assert r.status_code == 200, r.text

    # --- what the database holds --------------------------------------------------------------

    async def rows(self) -> tuple[list[Cart], list[CartItem]]:
        async def read(uow: ReadUnitOfWork) -> tuple[list[Cart], list[CartItem]]:
            carts = (await uow.session.scalars(sa.select(Cart).order_by(Cart.id))).all()
            items = (await uow.session.scalars(sa.select(CartItem).order_by(CartItem.id))).all()
            return list(carts), list(items)

        result: tuple[list[Cart], list[CartItem]] = await self.inventory.read(read)
        return result

    async def snapshot(self) -> list[tuple[Any, ...]]:
        """Every cart and item column of the tenant, to compare before and after."""
        carts, items = await self.rows()
        return [
            *(
                (c.id, c.status, tuple(c.discount_codes), c.last_active_at, c.order_id)
                for c in carts
            ),
            *((i.id, i.cart_id, i.product_id, i.quantity, i.updated_at) for i in items),
        ]

    async def orders(self) -> list[Order]:
        async def read(uow: ReadUnitOfWork) -> list[Order]:
            return list((await uow.session.scalars(sa.select(Order).order_by(Order.id))).all())

        result: list[Order] = await self.inventory.read(read)
        return result

    async def audit(self, cart_id: str) -> list[AuditLog]:
        async def read(uow: ReadUnitOfWork) -> list[AuditLog]:
            stmt = (
                sa.select(AuditLog)
                .where(AuditLog.target_type == "cart", AuditLog.target_id == cart_id)
                .order_by(AuditLog.id)
            )
            return list((await uow.session.scalars(stmt)).all())

        result: list[AuditLog] = await self.inventory.read(read)
        return result


def quote_fields(body: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(body[k] for k in ("subtotal", "discount_total", "tax_total", "total"))


def item_ids(body: dict[str, Any]) -> list[str]:
    return [i["id"] for i in body["items"]]


def new_id() -> str:
    return str(uuid.uuid4())
