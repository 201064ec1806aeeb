"""Rebuilding the rollups: a fixed handful of set-based statements whatever the number of
orders (INSERT ... SELECT ... GROUP BY, never a statement per order), which puts back rollups
lost or damaged, and the `olympus analytics rebuild` command."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from typer.testing import CliRunner

from olympus.cli import app as cli
from olympus.commerce.analytics import service
from olympus.commerce.analytics.repository import PAYMENTS, PRODUCT_DAYS, PRODUCT_HOURS, SALES
from olympus.config import Settings
from olympus.core.db import WriteUnitOfWork
from tests.commerce.analytics.conftest import Shop
from tests.fixtures.statements import own_work, statements

runner = CliRunner()
WHEN = datetime(2026, 5, 4, 12, tzinfo=UTC)
WINDOW: dict[str, Any] = {"from_": "2026-05-01", "to": "2026-05-31"}


async def _sell(shop: Shop, location: str, product: str, count: int) -> None:
    for n in range(count):
        at = WHEN + timedelta(days=n, minutes=n)
        order = await shop.order(at, location, [(product, 1 + n % 2)])
        payment = await shop.pay(at, order["id"], order["total"], "card" if n % 2 else "cash")
        if n % 3 == 0:
            await shop.refund(at + timedelta(hours=5), payment, 100)
    await shop.published()


async def _rebuild_statements(shop: Shop) -> list[str]:
    with statements(shop.app.state.db) as seen:
        await service.rebuild_tenant(
            shop.app.state.db, clock=shop.inv.clock, tenant_id=shop.tenant_id
        )
    return [s for s in own_work(seen) if "analytics_" in s]


async def test_a_rebuild_is_a_few_set_based_statements_whatever_the_orders(shop: Shop) -> None:
    location = await shop.location()
    product = await shop.product(700, [location])
    await _sell(shop, location, product, 2)
    few = await _rebuild_statements(shop)
    await _sell(shop, location, product, 8)
    many = await _rebuild_statements(shop)
    assert len(few) == len(many) <= 12, many
    inserts = [s for s in many if s.lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 6
    assert all("SELECT" in s and "GROUP BY" in s for s in inserts)


async def _wipe(shop: Shop) -> None:
    async def work(uow: WriteUnitOfWork) -> None:
        for table in (SALES, PAYMENTS, PRODUCT_HOURS, PRODUCT_DAYS):
            await uow.session.execute(sa.delete(table).where(table.c.tenant_id == shop.tenant_id))

    await shop.at(WHEN, work)


async def test_a_rebuild_puts_back_what_the_rollups_lost(shop: Shop) -> None:
    location = await shop.location()
    product = await shop.product(700, [location])
    await _sell(shop, location, product, 4)
    before = {name: await shop.report(name, **WINDOW) for name in ("sales", "top-products")}
    assert before["sales"]["totals"]["orders"] == 4
    await _wipe(shop)
    assert (await shop.report("sales", **WINDOW))["totals"]["orders"] == 0
    rebuilt = await service.rebuild_tenant(
        shop.app.state.db, clock=shop.inv.clock, tenant_id=shop.tenant_id
    )
    assert rebuilt == [shop.tenant_id]
    for name, answer in before.items():
        assert await shop.report(name, **WINDOW) == answer


async def test_the_rebuild_command(
    shop: Shop, app: FastAPI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    settings: Settings = app.state.settings
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ENVIRONMENT", "test")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    location = await shop.location()
    product = await shop.product(700, [location])
    await _sell(shop, location, product, 2)
    await _wipe(shop)

    result = await asyncio.to_thread(
        runner.invoke, cli, ["analytics", "rebuild", "--tenant", shop.inv.tenant.slug]
    )
    assert result.exit_code == 0, result.output
    assert "rebuilt the analytics of 1 tenant(s)" in result.output
    assert (await shop.report("sales", **WINDOW))["totals"]["orders"] == 2

    result = await asyncio.to_thread(
        runner.invoke, cli, ["analytics", "rebuild", "--tenant", "no-such-tenant"]
    )
    assert result.exit_code == 2
