"""Fixtures of the catalog tests: the tenant's owner, members without the catalog's write
permission, and `catalog`, which makes what a test starts from through the API and reads
back what the database holds (rows, audit rows, events)."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.commerce.catalog.models import Category, LocationPrice, Product
from olympus.commerce.catalog.schemas import ProductOut, VariantOut
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.platform.audit.models import AuditLog
from tests.fixtures.accounts import Account, TenantInfo, login_owner, make_member
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog

PRODUCTS = "/api/v1/products"
CATEGORIES = "/api/v1/categories"


def product_payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sku": f"SKU-{uuid.uuid4().hex[:10]}",
        "name": "Green Tea 100 g",
        "description": "Sencha from Shizuoka",
        "price": 1250,
        "currency": "EUR",
    }
    body.update(overrides)
    return body


def assert_product_shape(body: dict[str, Any]) -> None:
    """The answer is exactly the documented `ProductOut` (built without the model)."""
    assert ProductOut.model_validate(body).model_dump(mode="json") == body


def assert_variant_shape(body: dict[str, Any]) -> None:
    assert VariantOut.model_validate(body).model_dump(mode="json") == body


@dataclass
class Catalog:
    """The catalog of one tenant, as its owner sees it through the API."""

    client: httpx.AsyncClient
    app: FastAPI
    clock: MovableClock
    tenant: TenantInfo
    owner: Account
    events: EventLog

    @property
    def headers(self) -> dict[str, str]:
        return self.owner.headers

    async def product(self, **fields: Any) -> dict[str, Any]:
        r = await self.client.post(PRODUCTS, json=product_payload(**fields), headers=self.headers)
        assert r.status_code == 201, r.text
        body: dict[str, Any] = r.json()
        return body

    async def variant(self, product_id: str, **fields: Any) -> dict[str, Any]:
        body = {"sku": f"VAR-{uuid.uuid4().hex[:10]}", **fields}
        r = await self.client.post(
            f"{PRODUCTS}/{product_id}/variants", json=body, headers=self.headers
        )
        assert r.status_code == 201, r.text
        answer: dict[str, Any] = r.json()
        return answer

    async def category(self, name: str, parent_id: str | None = None, **fields: Any) -> Any:
        body = {"name": name, **fields}
        if parent_id is not None:
            body["parent_id"] = parent_id
        r = await self.client.post(CATEGORIES, json=body, headers=self.headers)
        assert r.status_code == 201, r.text
        return r.json()

    async def location(self, code: str | None = None, currency: str = "EUR") -> dict[str, Any]:
        code = code or f"S{uuid.uuid4().hex[:6].upper()}"
        r = await self.client.post(
            "/api/v1/locations",
            json={
                "name": f"Store {code}",
                "code": code,
                "timezone": "Europe/Paris",
                "currency": currency,
            },
            headers=self.headers,
        )
        assert r.status_code == 201, r.text
        body: dict[str, Any] = r.json()
        return body

    async def get(self, product_id: str) -> dict[str, Any]:
        r = await self.client.get(f"{PRODUCTS}/{product_id}", headers=self.headers)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        return body

    async def read(self, work: Callable[[ReadUnitOfWork], Any]) -> Any:
        """Run a reading function in a unit of work of this tenant."""
        async with self.app.state.db.unit_of_work(
            clock=self.clock, tenant_id=self.tenant.id, write=False
        ) as uow:
            return await work(uow)

    async def write(self, work: Callable[[WriteUnitOfWork], Any]) -> Any:
        async with self.app.state.db.unit_of_work(
            clock=self.clock, tenant_id=self.tenant.id
        ) as uow:
            return await work(uow)

    async def products(self) -> dict[str, Product]:
        """The tenant's product rows (variants too) by SKU."""

        async def rows(uow: ReadUnitOfWork) -> dict[str, Product]:
            return {p.sku: p for p in (await uow.session.scalars(sa.select(Product))).all()}

        result: dict[str, Product] = await self.read(rows)
        return result

    async def categories(self) -> dict[str, Category]:
        """The tenant's categories by path."""

        async def rows(uow: ReadUnitOfWork) -> dict[str, Category]:
            return {c.path: c for c in (await uow.session.scalars(sa.select(Category))).all()}

        result: dict[str, Category] = await self.read(rows)
        return result

    async def location_prices(self) -> list[tuple[str, str, int]]:
        """(product_id, location_id, price) of the tenant."""

        async def rows(uow: ReadUnitOfWork) -> list[tuple[str, str, int]]:
            found = (await uow.session.scalars(sa.select(LocationPrice))).all()
            return sorted((str(r.product_id), str(r.location_id), r.price) for r in found)

        result: list[tuple[str, str, int]] = await self.read(rows)
        return result

    async def audit(self, target_id: str) -> list[AuditLog]:
        async def rows(uow: ReadUnitOfWork) -> list[AuditLog]:
            stmt = sa.select(AuditLog).where(AuditLog.target_id == target_id).order_by(AuditLog.id)
            return list((await uow.session.scalars(stmt)).all())

        result: list[AuditLog] = await self.read(rows)
        return result

    async def events_of(self, event_type: str, **data: Any) -> list[dict[str, Any]]:
        return [
            e
            for e in await self.events.of_type(event_type)
            if all(e["data"].get(k) == v for k, v in data.items())
        ]


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Account:
    return await login_owner(client, tenant)


@pytest.fixture
async def catalog(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: Account,
    events: EventLog,
) -> Catalog:
    return Catalog(client, app, clock, tenant, owner, events)


@pytest.fixture
async def staff(client: httpx.AsyncClient, owner: Account) -> Account:
    """A member who may read the catalog, not change it."""
    return await make_member(client, owner, roles=("staff",))


@pytest.fixture
async def other_catalog(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    make_tenant: Any,
    events: EventLog,
) -> Catalog:
    """The catalog of another tenant."""
    other = await make_tenant()
    return Catalog(client, app, clock, other, await login_owner(client, other), events)
