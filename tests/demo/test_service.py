"""`olympus demo seed`: a new tenant with its owner, locations, a catalogue with variants and
location prices, stock everywhere, its ledger balanced; a second run adds nothing."""

import uuid

import httpx
from fastapi import FastAPI

from olympus.commerce.inventory import service as inventory
from olympus.core.clock import Clock
from olympus.demo import service as demo
from tests.fixtures.accounts import login


async def test_seeding_builds_a_living_shop_and_repeats_without_duplicates(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    slug = f"demo-{uuid.uuid4().hex[:8]}"
    db, auth = app.state.db, app.state.auth
    report = await demo.seed(db, auth, tenant_slug=slug, products=90, location_count=3)
    assert report.owner_password and report.owner_email == f"owner@{slug}.example.com"
    assert (report.locations_created, report.products_created) == (3, 90)
    assert report.variants_created == 3 * 3  # every thirtieth product gets S, M, L
    assert report.stock_levels > 90 * 2  # most units at most locations
    assert report.notes == []

    owner = await login(client, slug, report.owner_email, report.owner_password)
    r = await client.get("/api/v1/products", headers=owner.headers, params={"limit": 200})
    assert r.status_code == 200, r.text
    listed = r.json()["items"]
    assert len(listed) == 90
    assert sum(1 for p in listed if p["variants"]) == 3
    r = await client.get("/api/v1/locations", headers=owner.headers)
    stores = [loc["id"] for loc in r.json()["items"]]
    assert len(stores) == 3
    r = await client.get(
        "/api/v1/products", headers=owner.headers, params={"location_id": stores[0], "limit": 200}
    )
    assert 0 < len(r.json()["items"]) < 90  # one level in ten is sold out there

    again = await demo.seed(db, auth, tenant_slug=slug, products=90, location_count=3)
    assert again.owner_password is None
    assert (again.locations_created, again.products_created, again.products_updated) == (0, 0, 0)
    assert (again.variants_created, again.stock_levels) == (0, 0)

    async with db.unit_of_work(clock=Clock(), tenant_id=report.tenant_id, write=False) as uow:
        assert await inventory.check_ledger(uow) == []
