"""Products: create, read, change and archive, with their audit rows and events; SKU and
barcode unique in the tenant (also when two requests race); bad input changes nothing; who
may do what; another tenant's product is not found."""

import asyncio
import json
import math
import uuid
from typing import Any

import httpx
import pytest

from olympus.commerce.catalog import repository
from tests.commerce.catalog.conftest import (
    PRODUCTS,
    Catalog,
    assert_product_shape,
    product_payload,
)
from tests.fixtures.accounts import Account
from tests.fixtures.problems import assert_problem

# --- happy paths -------------------------------------------------------------------------------


async def test_create_normalises_stores_audits_and_publishes(catalog: Catalog) -> None:
    r = await catalog.client.post(
        PRODUCTS,
        json=product_payload(
            sku=" TEA-GREEN-100G ",
            name="  Green Tea 100 g ",
            currency="eur",
            status="active",
            attributes={"origin": "JP", "grams": 100, "caffeine": 0.3},
            tax_class="Reduced",
            image_urls=["https://cdn.example.com/tea.jpg"],
            barcode="4006381333931",
        ),
        headers=catalog.headers,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert_product_shape(body)
    assert body["sku"] == "TEA-GREEN-100G"
    assert body["name"] == "Green Tea 100 g"
    assert (body["price"], body["currency"], body["status"]) == (1250, "EUR", "active")
    assert body["tax_class"] == "reduced"
    assert body["attributes"] == {"origin": "JP", "grams": 100, "caffeine": 0.3}
    assert body["barcode"] == "4006381333931"
    assert body["variants"] == [] and body["location_prices"] == []
    assert body["parent_id"] is None and body["options"] == [] and body["option_values"] == {}
    assert body["created_at"] == body["updated_at"]
    assert body["created_at"].endswith("Z")

    row = (await catalog.products())["TEA-GREEN-100G"]
    assert str(row.id) == body["id"]
    assert (row.price, row.currency, row.tax_class) == (1250, "EUR", "reduced")

    (audit,) = await catalog.audit(body["id"])
    assert audit.action == "product.created"
    assert audit.actor_id == catalog.tenant.owner_id
    assert audit.changes["sku"] == "TEA-GREEN-100G"
    assert audit.changes["price"] == 1250
    (event,) = await catalog.events_of("product.created", product_id=body["id"])
    assert event["tenant_id"] == str(catalog.tenant.id)
    assert event["data"]["changes"]["barcode"] == "4006381333931"


async def test_defaults(catalog: Catalog) -> None:
    body = await catalog.product(sku="PLAIN-1")
    assert body["status"] == "draft"
    assert body["tax_class"] == "standard"
    assert (body["attributes"], body["image_urls"], body["barcode"]) == ({}, [], None)
    assert body["category_id"] is None


async def test_get_one_and_the_list_answer_alike(catalog: Catalog) -> None:
    created = await catalog.product()
    assert await catalog.get(created["id"]) == created
    r = await catalog.client.get(PRODUCTS, headers=catalog.headers)
    assert r.json() == {"items": [created], "next_cursor": None}

    r = await catalog.client.get(f"{PRODUCTS}/{uuid.uuid4()}", headers=catalog.headers)
    assert_problem(r, 404, "product_not_found")
    r = await catalog.client.get(f"{PRODUCTS}/not-a-uuid", headers=catalog.headers)
    assert_problem(r, 422, "validation_error")


async def test_patch_changes_only_the_fields_sent(catalog: Catalog) -> None:
    created = await catalog.product(sku="TEA-1", barcode="111")
    category = await catalog.category("Tea")
    catalog.clock.advance(seconds=5)
    r = await catalog.client.patch(
        f"{PRODUCTS}/{created['id']}",
        json={
            "name": "Green Tea 250 g",
            "price": 2900,
            "sku": "TEA-1",
            "category_id": category["id"],
            "attributes": {"grams": 250},
        },
        headers=catalog.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert_product_shape(body)
    assert (body["name"], body["price"], body["category_id"]) == (
        "Green Tea 250 g",
        2900,
        category["id"],
    )
    unchanged = ("sku", "currency", "status", "barcode", "description", "created_at")
    assert {k: body[k] for k in unchanged} == {k: created[k] for k in unchanged}
    assert body["updated_at"] > created["updated_at"]

    _, audit = await catalog.audit(created["id"])
    assert audit.action == "product.updated"
    # The SKU was sent but did not change: it is not among the changes.
    assert audit.changes == {
        "name": {"from": "Green Tea 100 g", "to": "Green Tea 250 g"},
        "price": {"from": 1250, "to": 2900},
        "category_id": {"from": None, "to": category["id"]},
        "attributes": {"from": {}, "to": {"grams": 250}},
    }
    (event,) = await catalog.events_of("product.updated", product_id=created["id"])
    assert event["data"]["changes"] == audit.changes

    # null clears the category and the barcode.
    r = await catalog.client.patch(
        f"{PRODUCTS}/{created['id']}",
        json={"category_id": None, "barcode": None},
        headers=catalog.headers,
    )
    assert r.status_code == 200, r.text
    assert (r.json()["category_id"], r.json()["barcode"]) == (None, None)


async def test_patch_without_changes_records_nothing(catalog: Catalog) -> None:
    created = await catalog.product(sku="SAME-1")
    for body in ({}, {"name": created["name"], "currency": "eur", "sku": "SAME-1"}):
        r = await catalog.client.patch(
            f"{PRODUCTS}/{created['id']}", json=body, headers=catalog.headers
        )
        assert r.status_code == 200, r.text
        assert r.json() == created
    assert [a.action for a in await catalog.audit(created["id"])] == ["product.created"]


async def test_delete_archives_and_keeps_the_product_readable(catalog: Catalog) -> None:
    created = await catalog.product(sku="OLD-1", barcode="222", status="active")
    other = await catalog.product(sku="NEW-1")

    r = await catalog.client.delete(f"{PRODUCTS}/{created['id']}", headers=catalog.headers)
    assert r.status_code == 204
    assert r.content == b""
    assert (await catalog.products())["OLD-1"].status == "archived"
    assert (await catalog.get(created["id"]))["status"] == "archived"

    r = await catalog.client.get(PRODUCTS, headers=catalog.headers)
    assert [i["id"] for i in r.json()["items"]] == [other["id"]]
    r = await catalog.client.get(PRODUCTS, params={"status": "archived"}, headers=catalog.headers)
    assert [i["id"] for i in r.json()["items"]] == [created["id"]]

    # Its SKU and barcode stay taken.
    r = await catalog.client.post(
        PRODUCTS, json=product_payload(sku="OLD-1"), headers=catalog.headers
    )
    assert_problem(r, 409, "sku_taken")
    r = await catalog.client.post(
        PRODUCTS, json=product_payload(barcode="222"), headers=catalog.headers
    )
    assert_problem(r, 409, "barcode_taken")

    # Archiving again records nothing.
    r = await catalog.client.delete(f"{PRODUCTS}/{created['id']}", headers=catalog.headers)
    assert r.status_code == 204
    audits = await catalog.audit(created["id"])
    assert [a.action for a in audits] == ["product.created", "product.archived"]
    assert audits[1].changes == {"status": {"from": "active", "to": "archived"}}
    assert len(await catalog.events_of("product.archived", product_id=created["id"])) == 1

    # A status sent by PATCH brings it back; archiving by PATCH is recorded as an archive.
    r = await catalog.client.patch(
        f"{PRODUCTS}/{created['id']}", json={"status": "active"}, headers=catalog.headers
    )
    assert r.json()["status"] == "active"
    r = await catalog.client.patch(
        f"{PRODUCTS}/{created['id']}", json={"status": "archived"}, headers=catalog.headers
    )
    assert r.json()["status"] == "archived"
    assert len(await catalog.events_of("product.archived", product_id=created["id"])) == 2


async def test_delete_is_documented_as_an_archive(app: Any) -> None:
    operation = app.openapi()["paths"]["/api/v1/products/{product_id}"]["delete"]
    assert "archived" in operation["description"]
    assert "Never a hard delete" in operation["description"]


# --- uniqueness ----------------------------------------------------------------------------


async def test_sku_and_barcode_are_unique_in_the_tenant(
    catalog: Catalog, other_catalog: Catalog
) -> None:
    first = await catalog.product(sku="TEA-1", barcode="4006381333931")
    r = await catalog.client.post(
        PRODUCTS, json=product_payload(sku="TEA-1"), headers=catalog.headers
    )
    body = assert_problem(r, 409, "sku_taken")
    assert "TEA-1" in body["detail"]
    r = await catalog.client.post(
        PRODUCTS, json=product_payload(barcode="4006381333931"), headers=catalog.headers
    )
    assert_problem(r, 409, "barcode_taken")

    second = await catalog.product(sku="TEA-2")
    for change, code in (
        ({"sku": "TEA-1"}, "sku_taken"),
        ({"barcode": "4006381333931"}, "barcode_taken"),
    ):
        r = await catalog.client.patch(
            f"{PRODUCTS}/{second['id']}",
            json={**change, "name": "Renamed"},
            headers=catalog.headers,
        )
        assert_problem(r, 409, code)
    rows = await catalog.products()
    assert sorted(rows) == ["TEA-1", "TEA-2"]
    assert rows["TEA-2"].name == first["name"]
    assert len(await catalog.audit(second["id"])) == 1

    # Another tenant may use the same SKU and barcode.
    await other_catalog.product(sku="TEA-1", barcode="4006381333931")


async def test_concurrent_creates_of_one_sku_give_one_product(catalog: Catalog) -> None:
    responses = await asyncio.gather(
        *(
            catalog.client.post(
                PRODUCTS,
                json=product_payload(sku="RACE-1", name=f"Racer {i}"),
                headers=catalog.headers,
            )
            for i in range(2)
        ),
        *(
            catalog.client.post(
                PRODUCTS,
                json=product_payload(sku="RACE-2", name=f"Racer {i}"),
                headers=catalog.headers,
            )
            for i in range(8)
        ),
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 201] + [409] * 8, [r.text for r in responses]
    for r in responses:
        if r.status_code == 409:
            assert_problem(r, 409, "sku_taken")
    rows = await catalog.products()
    assert sorted(rows) == ["RACE-1", "RACE-2"]
    for sku in ("RACE-1", "RACE-2"):
        assert [a.action for a in await catalog.audit(str(rows[sku].id))] == ["product.created"]


async def test_the_database_constraint_answers_409_when_the_check_is_raced(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a request that loses the race sees: the look-up found the SKU (or barcode) free,
    the insert or update hits the unique constraint."""
    await catalog.product(sku="TAKEN-1", barcode="333")
    second = await catalog.product(sku="TAKEN-2")

    async def looks_free(*_: Any) -> None:
        return None

    monkeypatch.setattr(repository, "product_with_sku", looks_free)
    monkeypatch.setattr(repository, "product_with_barcode", looks_free)
    r = await catalog.client.post(
        PRODUCTS, json=product_payload(sku="TAKEN-1"), headers=catalog.headers
    )
    assert_problem(r, 409, "sku_taken")
    r = await catalog.client.post(
        PRODUCTS, json=product_payload(sku="FREE-1", barcode="333"), headers=catalog.headers
    )
    assert_problem(r, 409, "barcode_taken")
    r = await catalog.client.patch(
        f"{PRODUCTS}/{second['id']}", json={"sku": "TAKEN-1"}, headers=catalog.headers
    )
    assert_problem(r, 409, "sku_taken")
    assert sorted(await catalog.products()) == ["TAKEN-1", "TAKEN-2"]
    assert len(await catalog.audit(second["id"])) == 1


async def test_a_race_of_two_creates_on_postgres_gives_201_and_409(
    catalog: Catalog, is_postgres: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both requests pass the look-up before either inserts (held at a barrier): the second
    insert waits on the first's uncommitted row, then hits the constraint and answers 409."""
    if not is_postgres:
        pytest.skip("SQLite runs one writer at a time: two creates can't overlap there")
    arrived = 0
    both_checked = asyncio.Event()
    real_lookup = repository.product_with_sku

    async def lookup_then_wait(uow: Any, sku: str) -> Any:
        nonlocal arrived
        found = await real_lookup(uow, sku)
        arrived += 1
        if arrived == 2:
            both_checked.set()
        await asyncio.wait_for(both_checked.wait(), timeout=10)
        return found

    monkeypatch.setattr(repository, "product_with_sku", lookup_then_wait)
    first, second = await asyncio.gather(
        catalog.client.post(PRODUCTS, json=product_payload(sku="DUO-1"), headers=catalog.headers),
        catalog.client.post(PRODUCTS, json=product_payload(sku="DUO-1"), headers=catalog.headers),
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409], (first.text, second.text)
    loser = first if first.status_code == 409 else second
    assert_problem(loser, 409, "sku_taken")
    assert list(await catalog.products()) == ["DUO-1"]


# --- bad input -----------------------------------------------------------------------------

BAD_CREATE: list[tuple[str, Any, list[str | int]]] = [
    ("sku", "", ["body", "sku"]),
    ("sku", "has space", ["body", "sku"]),
    ("sku", "-leading-dash", ["body", "sku"]),
    ("sku", "x" * 65, ["body", "sku"]),
    ("sku", "café", ["body", "sku"]),
    ("sku", 42, ["body", "sku"]),
    ("name", "", ["body", "name"]),
    ("name", "   ", ["body", "name"]),
    ("name", "x" * 201, ["body", "name"]),
    ("description", "x" * 10_001, ["body", "description"]),
    ("price", -1, ["body", "price"]),
    ("price", 1_000_000_001, ["body", "price"]),
    ("price", 10**30, ["body", "price"]),
    ("price", 12.5, ["body", "price"]),
    ("price", True, ["body", "price"]),
    ("price", "twelve", ["body", "price"]),
    ("price", None, ["body", "price"]),
    ("currency", "XYZ", ["body", "currency"]),
    ("currency", "EURO", ["body", "currency"]),
    ("currency", "XAU", ["body", "currency"]),
    ("currency", 978, ["body", "currency"]),
    ("status", "deleted", ["body", "status"]),
    ("category_id", "not-a-uuid", ["body", "category_id"]),
    ("attributes", {"on_sale": True}, ["body", "attributes"]),
    ("attributes", {"size": {"w": 1}}, ["body", "attributes"]),
    ("attributes", {"tags": ["a"]}, ["body", "attributes"]),
    ("attributes", {"n": 2**60}, ["body", "attributes"]),
    ("attributes", {"": "x"}, ["body", "attributes"]),
    ("attributes", {f"a{i}": i for i in range(51)}, ["body", "attributes"]),
    ("attributes", "colour=red", ["body", "attributes"]),
    ("tax_class", "Has Space", ["body", "tax_class"]),
    ("image_urls", ["ftp://example.com/a.jpg"], ["body", "image_urls", 0]),
    ("image_urls", ["https://example.com/a.jpg"] * 21, ["body", "image_urls"]),
    ("barcode", "has space", ["body", "barcode"]),
    ("barcode", "", ["body", "barcode"]),
    ("options", [{"name": "size", "values": []}], ["body", "options", 0, "values"]),
    ("options", [{"name": "size", "values": ["S", "s"]}], ["body", "options", 0, "values"]),
    (
        "options",
        [{"name": "size", "values": ["S"]}, {"name": "Size", "values": ["M"]}],
        ["body", "options"],
    ),
    ("options", [{"name": f"o{i}", "values": ["x"]} for i in range(4)], ["body", "options"]),
    ("options", [{"name": "size", "values": ["S"], "extra": 1}], ["body", "options", 0, "extra"]),
    ("tenant_id", str(uuid.uuid4()), ["body", "tenant_id"]),
    ("id", str(uuid.uuid4()), ["body", "id"]),
    ("parent_id", str(uuid.uuid4()), ["body", "parent_id"]),
    ("option_values", {"size": "M"}, ["body", "option_values"]),
    ("variants", [], ["body", "variants"]),
]


@pytest.mark.parametrize(("field", "value", "loc"), BAD_CREATE)
async def test_create_refuses_bad_input(
    catalog: Catalog, field: str, value: Any, loc: list[str | int]
) -> None:
    r = await catalog.client.post(
        PRODUCTS, json=product_payload(**{field: value}), headers=catalog.headers
    )
    body = assert_problem(r, 422, "validation_error")
    assert any(e["loc"][: len(loc)] == loc for e in body["errors"]), body
    assert await catalog.products() == {}


@pytest.mark.parametrize("number", [math.nan, math.inf])
async def test_attributes_refuse_what_json_should_not_carry(
    catalog: Catalog, number: float
) -> None:
    """Python's JSON parser reads NaN and Infinity; no database stores them as JSON."""
    content = json.dumps(product_payload(attributes={"x": number}))
    assert "NaN" in content or "Infinity" in content
    r = await catalog.client.post(
        PRODUCTS, content=content, headers={**catalog.headers, "content-type": "application/json"}
    )
    assert_problem(r, 422, "validation_error")
    assert await catalog.products() == {}


@pytest.mark.parametrize("missing", ["sku", "name", "price", "currency"])
async def test_create_needs_the_required_fields(catalog: Catalog, missing: str) -> None:
    body = product_payload()
    del body[missing]
    r = await catalog.client.post(PRODUCTS, json=body, headers=catalog.headers)
    problem = assert_problem(r, 422, "validation_error")
    assert ["body", missing] in [e["loc"] for e in problem["errors"]]


async def test_an_unknown_category_is_not_found(catalog: Catalog, other_catalog: Catalog) -> None:
    theirs = await other_catalog.category("Theirs")
    for category_id in (str(uuid.uuid4()), theirs["id"]):
        r = await catalog.client.post(
            PRODUCTS, json=product_payload(category_id=category_id), headers=catalog.headers
        )
        assert_problem(r, 404, "category_not_found")
    assert await catalog.products() == {}


BAD_PATCH: list[tuple[str, Any, list[str | int]]] = [
    ("sku", None, ["body", "sku"]),
    ("name", None, ["body", "name"]),
    ("description", None, ["body", "description"]),
    ("price", None, ["body", "price"]),
    ("currency", None, ["body", "currency"]),
    ("status", None, ["body", "status"]),
    ("attributes", None, ["body", "attributes"]),
    ("tax_class", None, ["body", "tax_class"]),
    ("image_urls", None, ["body", "image_urls"]),
    ("options", None, ["body", "options"]),
    ("price", -5, ["body", "price"]),
    ("price", 5_000_000_000, ["body", "price"]),
    ("currency", "ABC", ["body", "currency"]),
    ("sku", "no spaces please", ["body", "sku"]),
    ("status", "gone", ["body", "status"]),
    ("tenant_id", str(uuid.uuid4()), ["body", "tenant_id"]),
    ("variants", [], ["body", "variants"]),
]


@pytest.mark.parametrize(("field", "value", "loc"), BAD_PATCH)
async def test_patch_refuses_bad_input_and_changes_nothing(
    catalog: Catalog, field: str, value: Any, loc: list[str | int]
) -> None:
    created = await catalog.product(sku="KEEP-1")
    r = await catalog.client.patch(
        f"{PRODUCTS}/{created['id']}",
        json={"name": "Changed", field: value},
        headers=catalog.headers,
    )
    body = assert_problem(r, 422, "validation_error")
    assert loc in [e["loc"] for e in body["errors"]], body
    assert await catalog.get(created["id"]) == created
    assert len(await catalog.audit(created["id"])) == 1


async def test_list_refuses_bad_parameters(catalog: Catalog) -> None:
    for params in (
        {"status": "deleted"},
        {"sort": "colour"},
        {"limit": 0},
        {"limit": 201},
        {"q": "x" * 201},
        {"category_id": "nope"},
        {"location_id": "nope"},
    ):
        r = await catalog.client.get(PRODUCTS, params=params, headers=catalog.headers)
        assert_problem(r, 422, "validation_error")
    r = await catalog.client.get(
        PRODUCTS, params={"cursor": "bm90LWEtY3Vyc29y"}, headers=catalog.headers
    )
    assert_problem(r, 422, "invalid_cursor")


# --- who may do what ---------------------------------------------------------------------


async def test_without_a_token_every_endpoint_answers_401(client: httpx.AsyncClient) -> None:
    some_id = uuid.uuid4()
    for method, url in (
        ("GET", PRODUCTS),
        ("POST", PRODUCTS),
        ("GET", f"{PRODUCTS}/{some_id}"),
        ("PATCH", f"{PRODUCTS}/{some_id}"),
        ("DELETE", f"{PRODUCTS}/{some_id}"),
    ):
        body = product_payload() if method == "POST" else {} if method == "PATCH" else None
        r = await client.request(method, url, json=body)
        assert_problem(r, 401, "not_authenticated")


async def test_a_customer_may_do_nothing_and_staff_only_read(
    catalog: Catalog, account: Account, staff: Account
) -> None:
    created = await catalog.product(sku="MINE-1")
    item = f"{PRODUCTS}/{created['id']}"
    client = catalog.client
    for who in (account, staff):
        writes = [
            client.post(PRODUCTS, json=product_payload(sku="THEIRS-1"), headers=who.headers),
            client.patch(item, json={"name": "Theirs"}, headers=who.headers),
            client.delete(item, headers=who.headers),
        ]
        for call in writes:
            assert_problem(await call, 403, "permission_denied")
    for call in (
        client.get(PRODUCTS, headers=account.headers),
        client.get(item, headers=account.headers),
    ):
        assert_problem(await call, 403, "permission_denied")
    assert (await client.get(item, headers=staff.headers)).json() == created
    r = await client.get(PRODUCTS, headers=staff.headers)
    assert [i["id"] for i in r.json()["items"]] == [created["id"]]
    rows = await catalog.products()
    assert list(rows) == ["MINE-1"]
    assert (rows["MINE-1"].name, rows["MINE-1"].status) == (created["name"], "draft")


async def test_another_tenants_product_is_not_found(
    catalog: Catalog, other_catalog: Catalog
) -> None:
    created = await catalog.product(sku="OURS-1")
    item = f"{PRODUCTS}/{created['id']}"
    intruder = other_catalog.headers
    client = catalog.client
    assert_problem(await client.get(item, headers=intruder), 404, "product_not_found")
    r = await client.patch(item, json={"name": "Taken over"}, headers=intruder)
    assert_problem(r, 404, "product_not_found")
    assert_problem(await client.delete(item, headers=intruder), 404, "product_not_found")
    r = await client.get(PRODUCTS, params={"include_archived": "true"}, headers=intruder)
    assert r.json()["items"] == []
    assert await catalog.get(created["id"]) == created
    assert len(await catalog.audit(created["id"])) == 1
