"""Fixtures of the payments tests: the tenant's owner signed in, and what the database holds."""

import httpx
import pytest
from fastapi import FastAPI

from tests.commerce.payments.payment_api import Stored
from tests.fixtures.accounts import Account, TenantInfo, login_owner
from tests.fixtures.apps import MovableClock


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Account:
    return await login_owner(client, tenant)


@pytest.fixture
def stored(app: FastAPI, clock: MovableClock, tenant: TenantInfo) -> Stored:
    return Stored(app, clock, tenant.id)
