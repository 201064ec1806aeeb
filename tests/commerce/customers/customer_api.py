"""Shared steps of the customers tests: a valid body, creating through the API, and reading
what the database holds about a tenant's customers."""

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.commerce.customers.models import Customer, CustomerConsent, CustomerTag
from olympus.core.db import Database
from olympus.core.events import OutboxEvent
from olympus.platform.audit.models import AuditLog
from tests.fixtures.apps import MovableClock

URL = "/api/v1/customers"


def payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Ada Lovelace",
        "email": "Ada.Lovelace@Example.com",
        "phone": "+44 (0)20 7946 0958",
        "addresses": [
            {
                "label": "Home",
                "line1": "12 St James's Square",
                "city": "London",
                "postal_code": "SW1Y 4JH",
                "country": "gb",
                "default_shipping": True,
                "default_billing": True,
            }
        ],
        "tags": ["VIP", "  early   adopter ", "vip"],
        "notes": "Prefers the afternoon",
        "marketing_consent": False,
    }
    body.update(overrides)
    return body


async def create(client: httpx.AsyncClient, headers: dict[str, str], **fields: Any) -> Any:
    r = await client.post(URL, json=payload(**fields), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


@dataclass
class Stored:
    """What the database holds for one tenant, read in a unit of work of its own."""

    app: FastAPI
    clock: MovableClock
    tenant_id: uuid.UUID

    async def _all(self, stmt: Any) -> list[Any]:
        db: Database = self.app.state.db
        async with db.unit_of_work(clock=self.clock, tenant_id=self.tenant_id, write=False) as uow:
            return list((await uow.session.scalars(stmt)).all())

    async def customers(self) -> list[Customer]:
        return await self._all(sa.select(Customer).order_by(Customer.id))

    async def customer(self, customer_id: str) -> Customer:
        (row,) = await self._all(sa.select(Customer).where(Customer.id == uuid.UUID(customer_id)))
        return row  # type: ignore[no-any-return]

    async def tags(self) -> set[tuple[str, str]]:
        """(customer id, tag) of every row of `customer_tags`."""
        rows = await self._all(sa.select(CustomerTag))
        return {(str(r.customer_id), r.tag) for r in rows}

    async def consents(self, customer_id: str) -> list[CustomerConsent]:
        return await self._all(
            sa.select(CustomerConsent)
            .where(CustomerConsent.customer_id == uuid.UUID(customer_id))
            .order_by(CustomerConsent.id)
        )

    async def audit_rows(self, customer_id: str | None = None) -> list[AuditLog]:
        stmt = sa.select(AuditLog).order_by(AuditLog.id)
        if customer_id is not None:
            stmt = stmt.where(AuditLog.target_type == "customer", AuditLog.target_id == customer_id)
        return await self._all(stmt)

    async def outbox(self) -> list[OutboxEvent]:
        return await self._all(sa.select(OutboxEvent).order_by(OutboxEvent.id))
