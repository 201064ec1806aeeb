"""Prices per location: set, changed and removed for a sellable unit at an active location of
the tenant, in the location's currency; shown in the product answer; used by `price_at`;
bad input; who may price where; another tenant's product or location is not found."""

import uuid
from typing import Any

import pytest

from olympus.commerce.catalog import service
from olympus.commerce.catalog.errors import ProductNotFound
from olympus.core.db import ReadUnitOfWork
from olympus.platform.rbac.service import authorization_cache_key, grant_role_by_name
from tests.commerce.catalog.conftest import PRODUCTS, Catalog, assert_product_shape
from tests.fixtures.accounts import Account
from tests.fixtures.problems import assert_problem


def price_url(product_id: str, location_id: str) -> str:
    return f"{PRODUCTS}/{product_id}/location-prices/{location_id}"


async def price_at(catalog: Catalog, product_id: str, location_id: str) -> int:
    async def read(uow: ReadUnitOfWork) -> int:
        return await service.price_at(uow, uuid.UUID(product_id), uuid.UUID(location_id))

    result: int = await catalog.read(read)
    return result


async def test_set_change_and_remove_a_price_at_a_location(catalog: Catalog) -> None:
    product = await catalog.product(price=1250)
    here, there = await catalog.location(), await catalog.location()

    r = await catalog.client.put(
        price_url(product["id"], here["id"]), json={"price": 990}, headers=catalog.headers
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["product_id"], body["location_id"], body["price"]) == (
        product["id"],
        here["id"],
        990,
    )
    answer = await catalog.get(product["id"])
    assert_product_shape(answer)
    assert answer["location_prices"] == [{"location_id": here["id"], "price": 990}]
    assert answer["price"] == 1250
    assert await price_at(catalog, product["id"], here["id"]) == 990
    assert await price_at(catalog, product["id"], there["id"]) == 1250

    r = await catalog.client.put(
        price_url(product["id"], here["id"]), json={"price": 1100}, headers=catalog.headers
    )
    assert r.json()["price"] == 1100
    # The same price again changes and records nothing.
    r = await catalog.client.put(
        price_url(product["id"], here["id"]), json={"price": 1100}, headers=catalog.headers
    )
    assert r.status_code == 200
    assert await catalog.location_prices() == [(product["id"], here["id"], 1100)]
    audits = [a for a in await catalog.audit(product["id"]) if "location_price" in a.action]
    assert [(a.action, a.changes) for a in audits] == [
        (
            "product.location_price_set",
            {"location_id": here["id"], "price": {"from": None, "to": 990}},
        ),
        (
            "product.location_price_set",
            {"location_id": here["id"], "price": {"from": 990, "to": 1100}},
        ),
    ]
    events = await catalog.events_of("product.location_price_set", product_id=product["id"])
    assert [e["data"]["changes"]["price"]["to"] for e in events] == [990, 1100]

    r = await catalog.client.delete(price_url(product["id"], here["id"]), headers=catalog.headers)
    assert r.status_code == 204
    assert await catalog.location_prices() == []
    assert (await catalog.get(product["id"]))["location_prices"] == []
    assert await price_at(catalog, product["id"], here["id"]) == 1250
    (removed,) = await catalog.events_of("product.location_price_removed", product_id=product["id"])
    assert removed["data"]["changes"]["price"] == {"from": 1100, "to": None}
    r = await catalog.client.delete(price_url(product["id"], here["id"]), headers=catalog.headers)
    assert_problem(r, 404, "location_price_not_found")

    with pytest.raises(ProductNotFound):
        await price_at(catalog, str(uuid.uuid4()), here["id"])


async def test_a_variant_is_priced_a_product_with_variants_is_not(catalog: Catalog) -> None:
    product = await catalog.product(options=[{"name": "size", "values": ["S", "M"]}])
    variant = await catalog.variant(product["id"], option_values={"size": "S"}, price=700)
    location = await catalog.location()
    r = await catalog.client.put(
        price_url(product["id"], location["id"]), json={"price": 1}, headers=catalog.headers
    )
    assert_problem(r, 409, "product_not_sellable")
    r = await catalog.client.put(
        price_url(variant["id"], location["id"]), json={"price": 650}, headers=catalog.headers
    )
    assert r.status_code == 200, r.text
    answer = await catalog.get(product["id"])
    assert answer["location_prices"] == []
    assert answer["variants"][0]["location_prices"] == [
        {"location_id": location["id"], "price": 650}
    ]
    assert (await catalog.get(variant["id"]))["location_prices"] == [
        {"location_id": location["id"], "price": 650}
    ]
    r = await catalog.client.get(
        f"{PRODUCTS}/{product['id']}/variants/{variant['id']}", headers=catalog.headers
    )
    assert r.json()["location_prices"] == [{"location_id": location["id"], "price": 650}]
    assert await price_at(catalog, variant["id"], location["id"]) == 650


async def test_the_location_must_be_active_ours_and_in_the_products_currency(
    catalog: Catalog, other_catalog: Catalog
) -> None:
    product = await catalog.product(currency="EUR")
    theirs = await other_catalog.location()
    archived = await catalog.location()
    await catalog.client.delete(f"/api/v1/locations/{archived['id']}", headers=catalog.headers)
    swiss = await catalog.location(currency="CHF")
    for location_id, status, code in (
        (theirs["id"], 404, "location_not_found"),
        (str(uuid.uuid4()), 404, "location_not_found"),
        (archived["id"], 409, "location_archived"),
        (swiss["id"], 409, "location_currency_mismatch"),
    ):
        r = await catalog.client.put(
            price_url(product["id"], location_id), json={"price": 1}, headers=catalog.headers
        )
        assert_problem(r, status, code)
    assert await catalog.location_prices() == []

    # While it has prices per location, the product keeps its currency.
    ours = await catalog.location()
    await catalog.client.put(
        price_url(product["id"], ours["id"]), json={"price": 1}, headers=catalog.headers
    )
    r = await catalog.client.patch(
        f"{PRODUCTS}/{product['id']}", json={"currency": "CHF"}, headers=catalog.headers
    )
    assert_problem(r, 409, "location_currency_mismatch")
    assert (await catalog.get(product["id"]))["currency"] == "EUR"


@pytest.mark.parametrize(
    "body",
    [
        {"price": -1},
        {"price": 1_000_000_001},
        {"price": 9.99},
        {"price": "free"},
        {"price": None},
        {"price": True},
        {},
        {"price": 100, "currency": "USD"},
    ],
)
async def test_bad_input_changes_nothing(catalog: Catalog, body: dict[str, Any]) -> None:
    product = await catalog.product()
    location = await catalog.location()
    r = await catalog.client.put(
        price_url(product["id"], location["id"]), json=body, headers=catalog.headers
    )
    assert_problem(r, 422, "validation_error")
    assert await catalog.location_prices() == []


async def test_who_may_price_where(
    catalog: Catalog, account: Account, staff: Account, app: Any
) -> None:
    product = await catalog.product()
    here, there = await catalog.location(), await catalog.location()
    for who in (account, staff):
        for call in (
            catalog.client.put(
                price_url(product["id"], here["id"]), json={"price": 5}, headers=who.headers
            ),
            catalog.client.delete(price_url(product["id"], here["id"]), headers=who.headers),
        ):
            assert_problem(await call, 403, "permission_denied")

    # A manager of one location prices there, and nowhere else; nor may they change products.
    async with app.state.db.unit_of_work(clock=catalog.clock, tenant_id=catalog.tenant.id) as uow:
        await grant_role_by_name(
            uow,
            user_id=uuid.UUID(account.user_id),
            role_name="manager",
            location_id=uuid.UUID(here["id"]),
        )
    await app.state.cache.delete(
        authorization_cache_key(catalog.tenant.id, uuid.UUID(account.user_id))
    )
    r = await catalog.client.put(
        price_url(product["id"], here["id"]), json={"price": 5}, headers=account.headers
    )
    assert r.status_code == 200, r.text
    r = await catalog.client.put(
        price_url(product["id"], there["id"]), json={"price": 5}, headers=account.headers
    )
    assert_problem(r, 403, "permission_denied")
    r = await catalog.client.patch(
        f"{PRODUCTS}/{product['id']}", json={"price": 5}, headers=account.headers
    )
    assert_problem(r, 403, "permission_denied")
    assert (await catalog.client.get(PRODUCTS, headers=account.headers)).status_code == 200
    assert await catalog.location_prices() == [(product["id"], here["id"], 5)]


async def test_another_tenants_product_is_not_found(
    catalog: Catalog, other_catalog: Catalog
) -> None:
    product = await catalog.product()
    location = await catalog.location()
    await catalog.client.put(
        price_url(product["id"], location["id"]), json={"price": 5}, headers=catalog.headers
    )
    theirs = await other_catalog.location()
    intruder = other_catalog.headers
    for location_id in (location["id"], theirs["id"]):
        r = await catalog.client.put(
            price_url(product["id"], location_id), json={"price": 1}, headers=intruder
        )
        assert_problem(r, 404, "product_not_found")
        r = await catalog.client.delete(price_url(product["id"], location_id), headers=intruder)
        assert_problem(r, 404, "product_not_found")
    assert await catalog.location_prices() == [(product["id"], location["id"], 5)]
