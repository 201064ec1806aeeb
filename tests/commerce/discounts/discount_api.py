"""Shared steps of the discounts tests: valid bodies, creating through the API, running the
service in a unit of work of its own, and reading what the database holds."""

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.commerce.discounts.models import Discount, DiscountUse
from olympus.core.db import Database, WriteUnitOfWork
from olympus.platform.audit.models import AuditLog
from tests.fixtures.apps import MovableClock

URL = "/api/v1/discounts"
T = TypeVar("T")


def payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": "SUMMER10", "name": "Summer sale", "type": "percentage"}
    body["value"] = 10
    body.update(overrides)
    return body


async def create(client: httpx.AsyncClient, headers: dict[str, str], **fields: Any) -> Any:
    r = await client.post(URL, json=payload(**fields), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def create_customer(client: httpx.AsyncClient, headers: dict[str, str]) -> uuid.UUID:
    r = await client.post("/api/v1/customers", json={"name": "Ada"}, headers=headers)
    assert r.status_code == 201, r.text
    return uuid.UUID(r.json()["id"])


@dataclass
class Stored:
    """What the database holds for one tenant, and the service run in its own transaction."""

    app: FastAPI
    clock: MovableClock
    tenant_id: uuid.UUID

    @property
    def db(self) -> Database:
        db: Database = self.app.state.db
        return db

    async def write(self, work: Callable[[WriteUnitOfWork], Awaitable[T]]) -> T:
        """Run `work` in a writing unit of work of the tenant, committed if it succeeds."""
        async with self.db.unit_of_work(clock=self.clock, tenant_id=self.tenant_id) as uow:
            return await work(uow)

    async def _all(self, stmt: Any) -> list[Any]:
        async with self.db.unit_of_work(
            clock=self.clock, tenant_id=self.tenant_id, write=False
        ) as uow:
            return list((await uow.session.scalars(stmt)).all())

    async def discounts(self) -> list[Discount]:
        return await self._all(sa.select(Discount).order_by(Discount.id))

    async def discount(self, discount_id: str | uuid.UUID) -> Discount:
        (row,) = await self._all(
            sa.select(Discount).where(Discount.id == uuid.UUID(str(discount_id)))
        )
        return row  # type: ignore[no-any-return]

    async def uses(self, discount_id: str | uuid.UUID) -> list[DiscountUse]:
        return await self._all(
            sa.select(DiscountUse)
            .where(DiscountUse.discount_id == uuid.UUID(str(discount_id)))
            .order_by(DiscountUse.id)
        )

    async def audit_rows(self, discount_id: str | None = None) -> list[AuditLog]:
        stmt = sa.select(AuditLog).where(AuditLog.target_type == "discount").order_by(AuditLog.id)
        if discount_id is not None:
            stmt = stmt.where(AuditLog.target_id == discount_id)
        return await self._all(stmt)
