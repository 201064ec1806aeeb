"""The tax settings as pricing reads them at a location."""

import uuid
from decimal import Decimal

import httpx
from fastapi import FastAPI

from olympus.commerce.pricing.service import tax_policy_at
from olympus.core.clock import Clock
from tests.fixtures.accounts import TenantInfo, login_owner
from tests.fixtures.platform_api import create_location


async def test_a_locations_own_rate_wins_over_the_tenant_wide_one(
    app: FastAPI, client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = (await login_owner(client, tenant)).headers
    here, there = await create_location(client, owner), await create_location(client, owner)
    rates = [
        {"tax_class": "standard", "rate": 20},
        {"tax_class": "reduced", "rate": 5.5},
        {"tax_class": "standard", "rate": 8.875, "location_id": here["id"]},
    ]
    body = {"tax_rates": rates, "prices_include_tax": True}
    r = await client.put("/api/v1/settings", headers=owner, json=body)
    assert r.status_code == 200, r.text

    async with app.state.db.unit_of_work(clock=Clock(), tenant_id=tenant.id, write=False) as uow:
        at_here = await tax_policy_at(uow, uuid.UUID(here["id"]))
        at_there = await tax_policy_at(uow, uuid.UUID(there["id"]))
    assert at_here.rates == {"standard": Decimal("8.875"), "reduced": Decimal("5.5")}
    assert at_there.rates == {"standard": Decimal(20), "reduced": Decimal("5.5")}
    assert at_here.prices_include_tax is True
