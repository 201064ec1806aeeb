"""Fixtures of the carts tests: `shop`, a tenant selling at one location, and `other_shop`,
another tenant's."""

import pytest

from tests.commerce.carts.cart_api import Shop
from tests.fixtures.inventory import Inventory


@pytest.fixture
async def shop(inventory: Inventory) -> Shop:
    return Shop(inventory, await inventory.location())


@pytest.fixture
async def other_shop(other_inventory: Inventory) -> Shop:
    return Shop(other_inventory, await other_inventory.location())
