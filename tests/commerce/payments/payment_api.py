"""Shared steps of the payments tests: the processor settings, signed Stripe webhook
deliveries, and what the database holds for a tenant."""

import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.commerce.payments.models import Payment, PaymentRefund, PaymentSettings, StripeEvent
from olympus.core.db import Database
from olympus.platform.audit.models import AuditLog
from tests.fixtures.apps import MovableClock

URL = "/api/v1/payments"
SETTINGS = f"{URL}/settings"
SECRET_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
WEBHOOK_SECRET = "whsec_test_payments_suite"


def webhook_url(tenant_id: uuid.UUID | str) -> str:
    return f"{URL}/webhooks/stripe/{tenant_id}"


def signature(payload: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    at = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{at}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={at},v1={mac}"


def stripe_event(event_type: str, obj: dict[str, Any], event_id: str | None = None) -> bytes:
    return orjson.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:16]}",
            "object": "event",
            "type": event_type,
            "data": {"object": obj},
        }
    )


async def deliver(
    client: httpx.AsyncClient, tenant_id: uuid.UUID | str, payload: bytes, **kw: Any
) -> httpx.Response:
    sig = kw.pop("sig", None) or signature(payload, **kw)
    return await client.post(
        webhook_url(tenant_id),
        content=payload,
        headers={"Stripe-Signature": sig, "Content-Type": "application/json"},
    )


async def use_stripe(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    r = await client.patch(
        SETTINGS,
        json={
            "processor": "stripe",
            "stripe_publishable_key": "pk_test_abc",
            "stripe_secret_key": SECRET_KEY,
            "stripe_webhook_secret": WEBHOOK_SECRET,
        },
        headers=headers,
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


@dataclass
class Stored:
    """What the database holds for one tenant."""

    app: FastAPI
    clock: MovableClock
    tenant_id: uuid.UUID

    @property
    def db(self) -> Database:
        db: Database = self.app.state.db
        return db

    async def _all(self, stmt: Any) -> list[Any]:
        async with self.db.unit_of_work(
            clock=self.clock, tenant_id=self.tenant_id, write=False
        ) as uow:
            return list((await uow.session.scalars(stmt)).all())

    async def settings(self) -> PaymentSettings | None:
        rows = await self._all(sa.select(PaymentSettings))
        return rows[0] if rows else None

    async def payments(self, order_id: str | uuid.UUID | None = None) -> list[Payment]:
        stmt = sa.select(Payment).order_by(Payment.id)
        if order_id is not None:
            stmt = stmt.where(Payment.order_id == uuid.UUID(str(order_id)))
        return await self._all(stmt)

    async def refunds(self) -> list[PaymentRefund]:
        return await self._all(sa.select(PaymentRefund).order_by(PaymentRefund.id))

    async def stripe_events(self) -> list[StripeEvent]:
        return await self._all(sa.select(StripeEvent).order_by(StripeEvent.received_at))

    async def audit_rows(self, target_type: str) -> list[AuditLog]:
        return await self._all(
            sa.select(AuditLog).where(AuditLog.target_type == target_type).order_by(AuditLog.id)
        )
