"""Variants: rows of their own under a product with options, each a sellable unit with its own
SKU, price, barcode and status, taking currency, category and tax class from the product;
option values checked against the product's options; one variant per combination (also when
two requests race); sellable units as stock and orders see them."""

import asyncio
import uuid
from typing import Any

import pytest

from olympus.commerce.catalog import service
from olympus.commerce.catalog.errors import ProductNotFound, ProductNotSellable
from olympus.core.db import ReadUnitOfWork
from tests.commerce.catalog.conftest import (
    PRODUCTS,
    Catalog,
    assert_product_shape,
    assert_variant_shape,
)
from tests.fixtures.accounts import Account
from tests.fixtures.problems import assert_problem

OPTIONS = [
    {"name": "Size", "values": ["S", "M", "L"]},
    {"name": "Colour", "values": ["Red", "Blue"]},
]


async def tee(catalog: Catalog, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "sku": "TEE",
        "name": "Tee",
        "price": 2000,
        "options": OPTIONS,
        "status": "active",
    }
    values.update(fields)
    return await catalog.product(**values)


async def test_variants_are_sellable_units_of_their_own(catalog: Catalog) -> None:
    category = await catalog.category("Clothes")
    product = await tee(catalog, category_id=category["id"], tax_class="reduced")
    assert product["options"] == OPTIONS

    r = await catalog.client.post(
        f"{PRODUCTS}/{product['id']}/variants",
        json={
            "sku": "TEE-M-RED",
            "option_values": {"colour": "red", "SIZE": "m"},
            "barcode": "5000000000011",
            "attributes": {"chest_cm": 104},
        },
        headers=catalog.headers,
    )
    assert r.status_code == 201, r.text
    medium = r.json()
    assert_variant_shape(medium)
    # The product's spelling and option order; its price, currency and status.
    assert medium["option_values"] == {"Size": "M", "Colour": "Red"}
    assert (medium["name"], medium["price"], medium["currency"], medium["status"]) == (
        "Tee / M / Red",
        2000,
        "EUR",
        "active",
    )
    large = await catalog.variant(
        product["id"],
        sku="TEE-L-BLUE",
        option_values={"Size": "L", "Colour": "Blue"},
        price=2200,
        name="Tee, large, blue",
        status="draft",
    )
    assert (large["price"], large["name"], large["status"]) == (2200, "Tee, large, blue", "draft")

    rows = await catalog.products()
    row = rows["TEE-M-RED"]
    assert str(row.parent_id) == product["id"]
    assert (str(row.category_id), row.tax_class, row.currency) == (category["id"], "reduced", "EUR")

    body = await catalog.get(product["id"])
    assert_product_shape(body)
    assert [v["id"] for v in body["variants"]] == [medium["id"], large["id"]]
    assert body["variants"][0] == medium

    # A variant read by its own id: any sellable unit can be looked up.
    alone = await catalog.get(medium["id"])
    assert_product_shape(alone)
    assert (alone["parent_id"], alone["option_values"], alone["variants"]) == (
        product["id"],
        {"Size": "M", "Colour": "Red"},
        [],
    )
    r = await catalog.client.get(
        f"{PRODUCTS}/{product['id']}/variants/{medium['id']}", headers=catalog.headers
    )
    assert r.json() == medium

    (audit,) = await catalog.audit(medium["id"])
    assert audit.action == "product.created"
    assert audit.changes["parent_id"] == product["id"]
    (event,) = await catalog.events_of("product.created", product_id=medium["id"])
    assert event["data"]["parent_id"] == product["id"]


async def test_sellable_units(catalog: Catalog) -> None:
    plain = await catalog.product(sku="MUG", status="active", tax_class="reduced")
    product = await tee(catalog)
    variant = await catalog.variant(product["id"], option_values={"Size": "S", "Colour": "Red"})

    async def unit(uow: ReadUnitOfWork, product_id: str) -> service.SellableUnit:
        return await service.get_sellable_unit(uow, uuid.UUID(product_id))

    mug = await catalog.read(lambda uow: unit(uow, plain["id"]))
    assert (str(mug.id), mug.sku, mug.price, mug.currency, mug.status, mug.tax_class) == (
        plain["id"],
        "MUG",
        1250,
        "EUR",
        "active",
        "reduced",
    )
    small = await catalog.read(lambda uow: unit(uow, variant["id"]))
    assert (small.sku, small.price, small.status) == (variant["sku"], 2000, "active")
    with pytest.raises(ProductNotSellable):
        await catalog.read(lambda uow: unit(uow, product["id"]))
    with pytest.raises(ProductNotFound):
        await catalog.read(lambda uow: unit(uow, str(uuid.uuid4())))

    # An archived product's variants are not sold either; a draft one's are drafts.
    await catalog.client.patch(
        f"{PRODUCTS}/{product['id']}", json={"status": "draft"}, headers=catalog.headers
    )
    assert (await catalog.read(lambda uow: unit(uow, variant["id"]))).status == "draft"
    await catalog.client.delete(f"{PRODUCTS}/{product['id']}", headers=catalog.headers)
    assert (await catalog.read(lambda uow: unit(uow, variant["id"]))).status == "archived"
    # Its own row keeps its own status, shown as it is.
    assert (await catalog.get(product["id"]))["variants"][0]["status"] == "active"


async def test_the_product_passes_what_variants_take_from_it(catalog: Catalog) -> None:
    product = await tee(catalog)
    variant = await catalog.variant(product["id"], option_values={"Size": "S", "Colour": "Red"})
    category = await catalog.category("Clothes")
    r = await catalog.client.patch(
        f"{PRODUCTS}/{product['id']}",
        json={"currency": "chf", "category_id": category["id"], "tax_class": "zero", "price": 1},
        headers=catalog.headers,
    )
    assert r.status_code == 200, r.text
    (changed,) = r.json()["variants"]
    assert (changed["currency"], changed["price"]) == ("CHF", 2000)  # its own price stays
    row = (await catalog.products())[variant["sku"]]
    assert (row.currency, str(row.category_id), row.tax_class) == ("CHF", category["id"], "zero")


async def test_option_values_must_match_the_products_options(catalog: Catalog) -> None:
    product = await tee(catalog)
    url = f"{PRODUCTS}/{product['id']}/variants"
    for values in (
        {"Size": "M"},  # an option missing
        {"Size": "XL", "Colour": "Red"},  # not a value of the option
        {"Size": "M", "Colour": "Red", "Fabric": "Linen"},  # not an option
        {"Size": "M", "size": "S", "Colour": "Red"},  # one option twice
    ):
        r = await catalog.client.post(
            url, json={"sku": "TEE-X", "option_values": values}, headers=catalog.headers
        )
        assert_problem(r, 422, "invalid_option_values")
    for values, loc in (
        ({}, ["body", "option_values"]),
        ({"Size": ""}, ["body", "option_values", "Size"]),
    ):
        r = await catalog.client.post(
            url, json={"sku": "TEE-X", "option_values": values}, headers=catalog.headers
        )
        problem = assert_problem(r, 422, "validation_error")
        assert loc in [e["loc"] for e in problem["errors"]]
    assert sorted(await catalog.products()) == ["TEE"]


async def test_one_variant_per_combination(catalog: Catalog) -> None:
    product = await tee(catalog)
    url = f"{PRODUCTS}/{product['id']}/variants"
    first = await catalog.variant(product["id"], option_values={"Size": "M", "Colour": "Red"})
    r = await catalog.client.post(
        url,
        json={"sku": "TEE-DUP", "option_values": {"size": "M", "colour": "RED"}},
        headers=catalog.headers,
    )
    body = assert_problem(r, 409, "variant_exists")
    assert first["id"] in body["detail"]

    second = await catalog.variant(product["id"], option_values={"Size": "L", "Colour": "Red"})
    r = await catalog.client.patch(
        f"{url}/{second['id']}",
        json={"option_values": {"Size": "M", "Colour": "Red"}},
        headers=catalog.headers,
    )
    assert_problem(r, 409, "variant_exists")
    # Changing a variant to its own combination changes nothing.
    r = await catalog.client.patch(
        f"{url}/{second['id']}",
        json={"option_values": {"size": "l", "colour": "red"}},
        headers=catalog.headers,
    )
    assert r.json() == second


async def test_concurrent_variants_of_one_combination_give_one(catalog: Catalog) -> None:
    product = await tee(catalog)
    url = f"{PRODUCTS}/{product['id']}/variants"
    responses = await asyncio.gather(
        *(
            catalog.client.post(
                url,
                json={"sku": f"TEE-{i}", "option_values": {"Size": "S", "Colour": "Blue"}},
                headers=catalog.headers,
            )
            for i in range(6)
        )
    )
    assert sorted(r.status_code for r in responses) == [201] + [409] * 5
    assert len((await catalog.get(product["id"]))["variants"]) == 1


async def test_what_may_not_have_variants(catalog: Catalog) -> None:
    plain = await catalog.product(sku="MUG")
    r = await catalog.client.post(
        f"{PRODUCTS}/{plain['id']}/variants",
        json={"sku": "MUG-1", "option_values": {"Size": "S"}},
        headers=catalog.headers,
    )
    assert_problem(r, 409, "product_has_no_options")

    product = await tee(catalog)
    variant = await catalog.variant(product["id"], option_values={"Size": "S", "Colour": "Red"})
    r = await catalog.client.post(
        f"{PRODUCTS}/{variant['id']}/variants",
        json={"sku": "TEE-S-R-1", "option_values": {"Size": "S"}},
        headers=catalog.headers,
    )
    assert_problem(r, 409, "product_is_variant")
    # A variant changes under its product, not as a product.
    r = await catalog.client.patch(
        f"{PRODUCTS}/{variant['id']}", json={"currency": "USD"}, headers=catalog.headers
    )
    assert_problem(r, 409, "product_is_variant")
    r = await catalog.client.delete(f"{PRODUCTS}/{variant['id']}", headers=catalog.headers)
    assert_problem(r, 409, "product_is_variant")
    # A variant belongs to one product only.
    r = await catalog.client.get(
        f"{PRODUCTS}/{plain['id']}/variants/{variant['id']}", headers=catalog.headers
    )
    assert_problem(r, 404, "variant_not_found")
    r = await catalog.client.patch(
        f"{PRODUCTS}/{plain['id']}/variants/{variant['id']}",
        json={"price": 1},
        headers=catalog.headers,
    )
    assert_problem(r, 404, "variant_not_found")
    assert (await catalog.products())[variant["sku"]].status == "active"


async def test_options_change_only_as_the_variants_allow(catalog: Catalog) -> None:
    product = await tee(catalog)
    await catalog.variant(product["id"], option_values={"Size": "M", "Colour": "Red"})
    url = f"{PRODUCTS}/{product['id']}"
    for options in (
        [{"name": "Size", "values": ["S", "L"]}, OPTIONS[1]],  # drops a value in use
        [OPTIONS[0]],  # drops an option in use
        [*OPTIONS, {"name": "Fabric", "values": ["Cotton"]}],  # variants would lack it
        [],
    ):
        r = await catalog.client.patch(url, json={"options": options}, headers=catalog.headers)
        assert_problem(r, 409, "options_in_use")
    wider = [{"name": "Size", "values": ["XS", "S", "M", "L", "XL"]}, OPTIONS[1]]
    r = await catalog.client.patch(url, json={"options": wider}, headers=catalog.headers)
    assert r.status_code == 200, r.text
    assert r.json()["options"] == wider
    await catalog.variant(product["id"], option_values={"Size": "XL", "Colour": "Blue"})


async def test_variant_sku_and_barcode_share_the_products_uniqueness(catalog: Catalog) -> None:
    await catalog.product(sku="MUG", barcode="111")
    product = await tee(catalog)
    url = f"{PRODUCTS}/{product['id']}/variants"
    for body, code in (
        ({"sku": "MUG"}, "sku_taken"),
        ({"sku": "TEE"}, "sku_taken"),
        ({"sku": "TEE-1", "barcode": "111"}, "barcode_taken"),
    ):
        r = await catalog.client.post(
            url,
            json={**body, "option_values": {"Size": "S", "Colour": "Red"}},
            headers=catalog.headers,
        )
        assert_problem(r, 409, code)
    variant = await catalog.variant(
        product["id"], sku="TEE-S", barcode="222", option_values={"Size": "S", "Colour": "Red"}
    )
    r = await catalog.client.post(
        "/api/v1/products",
        json={"sku": "TEE-S", "name": "x", "price": 1, "currency": "EUR"},
        headers=catalog.headers,
    )
    assert_problem(r, 409, "sku_taken")
    r = await catalog.client.patch(
        f"{url}/{variant['id']}", json={"barcode": "111"}, headers=catalog.headers
    )
    assert_problem(r, 409, "barcode_taken")


async def test_patch_and_archive_a_variant(catalog: Catalog) -> None:
    product = await tee(catalog)
    variant = await catalog.variant(product["id"], option_values={"Size": "S", "Colour": "Red"})
    url = f"{PRODUCTS}/{product['id']}/variants/{variant['id']}"
    r = await catalog.client.patch(
        url,
        json={
            "price": 1800,
            "barcode": "999",
            "name": "Small red tee",
            "option_values": {"Size": "M", "Colour": "Red"},
        },
        headers=catalog.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert_variant_shape(body)
    assert (body["price"], body["barcode"], body["name"], body["option_values"]) == (
        1800,
        "999",
        "Small red tee",
        {"Size": "M", "Colour": "Red"},
    )
    _, audit = await catalog.audit(variant["id"])
    assert audit.action == "product.updated"
    assert audit.changes["price"] == {"from": 2000, "to": 1800}
    assert audit.changes["option_values"] == {
        "from": {"Size": "S", "Colour": "Red"},
        "to": {"Size": "M", "Colour": "Red"},
    }
    r = await catalog.client.patch(url, json={"barcode": None}, headers=catalog.headers)
    assert r.json()["barcode"] is None

    r = await catalog.client.delete(url, headers=catalog.headers)
    assert r.status_code == 204
    assert (await catalog.get(product["id"]))["variants"][0]["status"] == "archived"
    assert len(await catalog.events_of("product.archived", product_id=variant["id"])) == 1
    r = await catalog.client.delete(url, headers=catalog.headers)
    assert r.status_code == 204
    assert len(await catalog.audit(variant["id"])) == 4


BAD_VARIANT: list[tuple[str, Any]] = [
    ("sku", "has space"),
    ("sku", None),
    ("price", -1),
    ("price", 10**10),
    ("price", "cheap"),
    ("barcode", "no spaces"),
    ("status", "gone"),
    ("currency", "USD"),
    ("category_id", str(uuid.uuid4())),
    ("tax_class", "zero"),
    ("options", []),
    ("parent_id", str(uuid.uuid4())),
    ("option_values", {"Size": "S", "Colour": "Red", "A": "1", "B": "2"}),
]


@pytest.mark.parametrize(("field", "value"), BAD_VARIANT)
async def test_a_variant_refuses_bad_input_and_changes_nothing(
    catalog: Catalog, field: str, value: Any
) -> None:
    product = await tee(catalog)
    body = {"sku": "TEE-S-RED", "option_values": {"Size": "S", "Colour": "Red"}, field: value}
    r = await catalog.client.post(
        f"{PRODUCTS}/{product['id']}/variants", json=body, headers=catalog.headers
    )
    problem = assert_problem(r, 422, "validation_error")
    assert ["body", field] in [e["loc"][:2] for e in problem["errors"]], problem
    variant = await catalog.variant(product["id"], option_values={"Size": "M", "Colour": "Red"})
    r = await catalog.client.patch(
        f"{PRODUCTS}/{product['id']}/variants/{variant['id']}",
        json={"name": "Renamed", field: value},
        headers=catalog.headers,
    )
    assert_problem(r, 422, "validation_error")
    assert sorted(await catalog.products()) == sorted(["TEE", variant["sku"]])
    assert (await catalog.products())[variant["sku"]].name == variant["name"]


async def test_permissions_and_isolation(
    catalog: Catalog, other_catalog: Catalog, account: Account, staff: Account
) -> None:
    product = await tee(catalog)
    variant = await catalog.variant(product["id"], option_values={"Size": "S", "Colour": "Red"})
    url = f"{PRODUCTS}/{product['id']}/variants"
    item = f"{url}/{variant['id']}"
    new = {"sku": "TEE-NEW", "option_values": {"Size": "M", "Colour": "Red"}}
    client = catalog.client
    for who in (account, staff):
        for call in (
            client.post(url, json=new, headers=who.headers),
            client.patch(item, json={"price": 1}, headers=who.headers),
            client.delete(item, headers=who.headers),
        ):
            assert_problem(await call, 403, "permission_denied")
    assert_problem(await client.get(item, headers=account.headers), 403, "permission_denied")
    assert (await client.get(item, headers=staff.headers)).json() == variant

    intruder = other_catalog.headers
    assert_problem(await client.post(url, json=new, headers=intruder), 404, "product_not_found")
    r = await client.patch(item, json={"price": 1}, headers=intruder)
    assert_problem(r, 404, "product_not_found")
    assert_problem(await client.delete(item, headers=intruder), 404, "product_not_found")
    assert_problem(await client.get(item, headers=intruder), 404, "variant_not_found")
    # Their own product with our variant's id: still not found.
    theirs = await tee(other_catalog)
    r = await client.get(f"{PRODUCTS}/{theirs['id']}/variants/{variant['id']}", headers=intruder)
    assert_problem(r, 404, "variant_not_found")
    assert sorted(await catalog.products()) == sorted(["TEE", variant["sku"]])
    assert (await catalog.get(product["id"]))["variants"] == [variant]
