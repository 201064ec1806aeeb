"""Discounts over HTTP: create, read, list, change and archive, with their audit rows and
events; bad input changes nothing; codes unique in any case; products and categories of the
tenant only; who may do what; tenant isolation."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from olympus.commerce.discounts import service
from tests.commerce.discounts.discount_api import URL, Stored, create, payload
from tests.fixtures.accounts import (
    Account,
    TenantFactory,
    TenantInfo,
    login_owner,
    make_member,
)
from tests.fixtures.messages import EventLog, of
from tests.fixtures.platform_api import create_role
from tests.fixtures.problems import assert_problem


async def _product(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    r = await client.post(
        "/api/v1/products",
        json={"sku": f"SKU-{uuid.uuid4().hex[:8]}", "name": "Tea", "price": 500, "currency": "EUR"},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _category(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    r = await client.post(
        "/api/v1/categories", json={"name": f"Cat {uuid.uuid4().hex[:6]}"}, headers=headers
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


# --- happy paths ------------------------------------------------------------------------------


async def test_create_stores_audits_and_publishes(
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    stored: Stored,
    events: EventLog,
) -> None:
    product_id = await _product(client, owner.headers)
    category_id = await _category(client, owner.headers)
    starts = datetime(2030, 6, 1, tzinfo=UTC)
    r = await client.post(
        URL,
        json=payload(
            code=" Summer10 ",
            name=" Summer sale ",
            value="12.5",
            min_subtotal=2000,
            starts_at=starts.isoformat(),
            ends_at=(starts + timedelta(days=30)).isoformat(),
            usage_limit=100,
            usage_limit_per_customer=1,
            product_ids=[product_id, product_id],
            category_ids=[category_id],
        ),
        headers=owner.headers,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["tenant_id"] == str(tenant.id)
    assert (body["code"], body["name"], body["type"]) == ("Summer10", "Summer sale", "percentage")
    assert body["value"] == 12.5
    assert (body["min_subtotal"], body["usage_limit"], body["usage_limit_per_customer"]) == (
        2000,
        100,
        1,
    )
    assert body["used_count"] == 0
    assert body["product_ids"] == [product_id]
    assert body["category_ids"] == [category_id]
    assert (body["buy_quantity"], body["get_quantity"]) == (None, None)
    assert (body["automatic"], body["status"], body["archived_at"]) == (False, "active", None)
    assert datetime.fromisoformat(body["starts_at"]) == starts

    (row,) = await stored.discounts()
    assert (row.code, row.code_key, str(row.value)) == ("Summer10", "summer10", "12.5")
    (audit,) = await stored.audit_rows(body["id"])
    assert audit.action == "discount.created"
    assert audit.actor_id == tenant.owner_id
    assert audit.changes["code"] == "Summer10"
    assert audit.changes["value"] == "12.5"
    (event,) = of(await events.of_type("discount.created"), discount_id=body["id"])
    assert event["tenant_id"] == str(tenant.id)
    assert event["data"]["code"] == "Summer10"


async def test_fixed_automatic_and_buy_x_get_y(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    fixed = await create(
        client, owner.headers, code=None, automatic=True, type="fixed", value=500, name="5 off"
    )
    assert (fixed["code"], fixed["automatic"], fixed["value"]) == (None, True, 500)
    bogo = await create(
        client,
        owner.headers,
        code="BOGO",
        type="buy_x_get_y",
        value=100,
        buy_quantity=2,
        get_quantity=1,
    )
    assert (bogo["buy_quantity"], bogo["get_quantity"], bogo["value"]) == (2, 1, 100)
    rows = await stored.discounts()
    assert [(r.type, r.automatic, r.code_key) for r in rows] == [
        ("fixed", True, None),
        ("buy_x_get_y", False, "bogo"),
    ]


async def test_read_and_list_with_filters(
    client: httpx.AsyncClient, owner: Account, clock: Any
) -> None:
    now = clock.now()
    summer = await create(client, owner.headers, code="SUMMER10", name="Summer sale")
    auto = await create(client, owner.headers, code=None, automatic=True, name="Welcome")
    later = await create(
        client,
        owner.headers,
        code="LATER",
        name="Next year",
        starts_at=(now + timedelta(days=365)).isoformat(),
    )
    gone = await create(client, owner.headers, code="GONE", name="Old")
    r = await client.delete(f"{URL}/{gone['id']}", headers=owner.headers)
    assert r.status_code == 204

    r = await client.get(f"{URL}/{summer['id']}", headers=owner.headers)
    assert r.status_code == 200
    assert r.json() == summer

    async def ids(**params: Any) -> list[str]:
        r = await client.get(URL, params=params, headers=owner.headers)
        assert r.status_code == 200, r.text
        return [d["id"] for d in r.json()["items"]]

    assert await ids() == [summer["id"], auto["id"], later["id"], gone["id"]]
    assert await ids(q="summer") == [summer["id"]]  # in the code, any case
    assert await ids(q="YEAR") == [later["id"]]  # in the name
    assert await ids(q="%") == []
    assert await ids(automatic="true") == [auto["id"]]
    assert await ids(automatic="false") == [summer["id"], later["id"], gone["id"]]
    assert await ids(status="archived") == [gone["id"]]
    assert await ids(status="active") == [summer["id"], auto["id"], later["id"]]
    assert await ids(active_at=now.isoformat()) == [summer["id"], auto["id"]]
    assert await ids(active_at=(now + timedelta(days=366)).isoformat()) == [
        summer["id"],
        auto["id"],
        later["id"],
    ]

    r = await client.get(URL, params={"limit": 3}, headers=owner.headers)
    first = r.json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    r = await client.get(
        URL, params={"limit": 3, "cursor": first["next_cursor"]}, headers=owner.headers
    )
    assert [d["id"] for d in r.json()["items"]] == [gone["id"]]
    assert r.json()["next_cursor"] is None

    for params in ({"status": "paused"}, {"active_at": "2030-01-01T00:00:00"}, {"cursor": "x"}):
        r = await client.get(URL, params=params, headers=owner.headers)
        assert r.status_code == 422, (params, r.text)


async def test_change_records_what_changed(
    client: httpx.AsyncClient, owner: Account, stored: Stored, events: EventLog
) -> None:
    created = await create(client, owner.headers)
    item = f"{URL}/{created['id']}"
    r = await client.patch(
        item,
        json={"name": "Summer sale!", "value": 15, "usage_limit": 10, "code": "summer10"},
        headers=owner.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["name"], body["value"], body["usage_limit"], body["code"]) == (
        "Summer sale!",
        15,
        10,
        "summer10",
    )
    assert body["updated_at"] > created["updated_at"]
    (_, audit) = await stored.audit_rows(created["id"])
    assert audit.action == "discount.updated"
    assert audit.changes == {
        "name": {"from": "Summer sale", "to": "Summer sale!"},
        "value": {"from": "10", "to": "15"},
        "usage_limit": {"from": None, "to": 10},
        "code": {"from": "SUMMER10", "to": "summer10"},
    }
    (event,) = of(await events.of_type("discount.updated"), discount_id=created["id"])
    assert set(event["data"]["changes"]) == {"name", "value", "usage_limit", "code"}

    # The same values again: nothing changes, nothing is recorded.
    r = await client.patch(item, json={"name": "Summer sale!", "value": 15}, headers=owner.headers)
    assert r.status_code == 200
    assert len(await stored.audit_rows(created["id"])) == 2

    # Clearing: from a code to automatic, and the limit.
    r = await client.patch(
        item, json={"code": None, "automatic": True, "usage_limit": None}, headers=owner.headers
    )
    assert r.status_code == 200, r.text
    row = await stored.discount(created["id"])
    assert (row.code, row.code_key, row.automatic, row.usage_limit) == (None, None, True, None)


async def test_archive_keeps_the_row_and_is_idempotent(
    client: httpx.AsyncClient, owner: Account, stored: Stored, events: EventLog
) -> None:
    created = await create(client, owner.headers)
    item = f"{URL}/{created['id']}"
    r = await client.delete(item, headers=owner.headers)
    assert r.status_code == 204
    r = await client.get(item, headers=owner.headers)
    body = r.json()
    assert (body["status"], body["code"]) == ("archived", "SUMMER10")
    assert body["archived_at"] is not None
    (event,) = of(await events.of_type("discount.archived"), discount_id=created["id"])
    assert event["data"]["changes"] == {"status": {"from": "active", "to": "archived"}}

    r = await client.delete(item, headers=owner.headers)
    assert r.status_code == 204
    assert [a.action for a in await stored.audit_rows(created["id"])] == [
        "discount.created",
        "discount.archived",
    ]
    r = await client.patch(item, json={"name": "Back"}, headers=owner.headers)
    assert_problem(r, 409, "discount_archived")
    assert (await stored.discount(created["id"])).name == "Summer sale"
    # The archived discount keeps its code.
    r = await client.post(URL, json=payload(code="summer10"), headers=owner.headers)
    assert_problem(r, 409, "discount_code_taken")


# --- bad input --------------------------------------------------------------------------------

BAD_BODIES: list[tuple[dict[str, Any], str]] = [
    (payload(automatic=True), "invalid_discount"),
    (payload(code=None), "invalid_discount"),
    (payload(value=101), "invalid_discount"),
    (payload(value=0), "validation_error"),
    (payload(value=-5), "validation_error"),
    (payload(value="10.555"), "validation_error"),
    (payload(value="NaN"), "validation_error"),
    (payload(type="fixed", value="10.5"), "invalid_discount"),
    (payload(type="fixed", value=1_000_000_001), "validation_error"),
    (payload(type="buy_x_get_y", value=100), "invalid_discount"),
    (payload(type="buy_x_get_y", value=100, buy_quantity=2), "invalid_discount"),
    (payload(type="buy_x_get_y", value=100, buy_quantity=0, get_quantity=1), "validation_error"),
    (payload(buy_quantity=1, get_quantity=1), "invalid_discount"),
    (payload(type="free_shipping"), "validation_error"),
    (
        payload(starts_at="2030-02-01T00:00:00Z", ends_at="2030-02-01T00:00:00Z"),
        "invalid_discount",
    ),
    (payload(starts_at="2030-02-01T00:00:00"), "validation_error"),
    (payload(code="two words"), "validation_error"),
    (payload(code="x" * 41), "validation_error"),
    (payload(name=" "), "validation_error"),
    (payload(min_subtotal=-1), "validation_error"),
    (payload(usage_limit=0), "validation_error"),
    (payload(automatic="yes"), "validation_error"),
    (payload(product_ids=["not-a-uuid"]), "validation_error"),
    (payload(used_count=3), "validation_error"),
    (payload(status="archived"), "validation_error"),
    ({"code": "X", "type": "percentage", "value": 10}, "validation_error"),
]


@pytest.mark.parametrize(("body", "code"), BAD_BODIES)
async def test_bad_input_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, owner: Account, stored: Stored, body: dict[str, Any], code: str
) -> None:
    r = await client.post(URL, json=body, headers=owner.headers)
    assert_problem(r, 422, code)
    assert await stored.discounts() == []
    assert await stored.audit_rows() == []


BAD_CHANGES: list[tuple[dict[str, Any], str]] = [
    ({"automatic": True}, "invalid_discount"),  # automatic with a code
    ({"code": None}, "invalid_discount"),  # neither
    ({"value": 150}, "invalid_discount"),
    ({"buy_quantity": 2, "get_quantity": 1}, "invalid_discount"),
    ({"ends_at": "2000-01-01T00:00:00Z", "starts_at": "2001-01-01T00:00:00Z"}, "invalid_discount"),
    ({"type": "fixed"}, "validation_error"),
    ({"name": None}, "validation_error"),
    ({"used_count": 0}, "validation_error"),
    ({"value": "1.001"}, "validation_error"),
]


@pytest.mark.parametrize(("change", "code"), BAD_CHANGES)
async def test_bad_changes_are_refused_and_change_nothing(
    client: httpx.AsyncClient, owner: Account, stored: Stored, change: dict[str, Any], code: str
) -> None:
    created = await create(client, owner.headers, usage_limit=5)
    r = await client.patch(
        f"{URL}/{created['id']}", json={"name": "Changed", **change}, headers=owner.headers
    )
    assert_problem(r, 422, code)
    row = await stored.discount(created["id"])
    assert (row.name, row.code, str(row.value), row.automatic) == (
        "Summer sale",
        "SUMMER10",
        "10",
        False,
    )
    assert len(await stored.audit_rows(created["id"])) == 1


async def test_a_limit_below_the_uses_counted_is_refused(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers, usage_limit=5)
    discount_id = uuid.UUID(created["id"])
    for _ in range(3):
        await stored.write(
            lambda uow: service.claim_uses(
                uow, discount_ids=[discount_id], order_id=uuid.uuid4(), customer_id=None
            )
        )
    r = await client.patch(f"{URL}/{created['id']}", json={"usage_limit": 2}, headers=owner.headers)
    body = assert_problem(r, 422, "invalid_discount")
    assert "3 uses" in body["detail"]
    r = await client.patch(f"{URL}/{created['id']}", json={"usage_limit": 3}, headers=owner.headers)
    assert r.status_code == 200, r.text
    assert (r.json()["usage_limit"], r.json()["used_count"]) == (3, 3)


async def test_products_and_categories_must_be_the_tenants(
    client: httpx.AsyncClient, owner: Account, stored: Stored, make_tenant: TenantFactory
) -> None:
    other = await login_owner(client, await make_tenant())
    foreign_product = await _product(client, other.headers)
    foreign_category = await _category(client, other.headers)
    for field, value, code in (
        ("product_ids", foreign_product, "product_not_found"),
        ("product_ids", str(uuid.uuid4()), "product_not_found"),
        ("category_ids", foreign_category, "category_not_found"),
    ):
        r = await client.post(URL, json=payload(**{field: [value]}), headers=owner.headers)
        assert_problem(r, 404, code)
    assert await stored.discounts() == []

    own = await _product(client, owner.headers)
    created = await create(client, owner.headers, product_ids=[own])
    r = await client.patch(
        f"{URL}/{created['id']}",
        json={"product_ids": [own, foreign_product], "name": "Changed"},
        headers=owner.headers,
    )
    assert_problem(r, 404, "product_not_found")
    row = await stored.discount(created["id"])
    assert (row.product_ids, row.name) == ([own], "Summer sale")


# --- unique codes -------------------------------------------------------------------------------


async def test_a_code_belongs_to_one_discount_in_any_case(
    client: httpx.AsyncClient, owner: Account, stored: Stored, make_tenant: TenantFactory
) -> None:
    first = await create(client, owner.headers, code="Summer10")
    for code in ("SUMMER10", "summer10", " sUmMeR10 "):
        r = await client.post(URL, json=payload(code=code), headers=owner.headers)
        assert_problem(r, 409, "discount_code_taken")
    second = await create(client, owner.headers, code="WINTER")
    r = await client.patch(
        f"{URL}/{second['id']}", json={"code": "SUMMER10", "name": "X"}, headers=owner.headers
    )
    assert_problem(r, 409, "discount_code_taken")
    assert [(d.code, d.name) for d in await stored.discounts()] == [
        ("Summer10", "Summer sale"),
        ("WINTER", "Summer sale"),
    ]
    assert len(await stored.audit_rows()) == 2
    # Another tenant may use the same code.
    other = await login_owner(client, await make_tenant())
    await create(client, other.headers, code="SUMMER10")
    assert first["code"] == "Summer10"


# --- who may do what ----------------------------------------------------------------------------


def _calls(item: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("GET", URL, None),
        ("POST", URL, payload(code="OTHER")),
        ("GET", item, None),
        ("PATCH", item, {"name": "Changed"}),
        ("DELETE", item, None),
    ]


async def test_without_a_token_every_endpoint_answers_401(client: httpx.AsyncClient) -> None:
    for method, url, body in _calls(f"{URL}/{uuid.uuid4()}"):
        r = await client.request(method, url, json=body)
        assert_problem(r, 401, "not_authenticated")


async def test_without_the_permission_every_endpoint_answers_403(
    client: httpx.AsyncClient, owner: Account, account: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers)
    for method, url, body in _calls(f"{URL}/{created['id']}"):
        r = await client.request(method, url, json=body, headers=account.headers)
        assert_problem(r, 403, "permission_denied")
    (row,) = await stored.discounts()
    assert (row.name, row.status) == ("Summer sale", "active")


async def test_readers_read_and_writers_write(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers)
    role = await create_role(client, owner.headers, ["discounts:read"])
    reader = await make_member(client, owner, role_ids_to_grant=(role["id"],))
    for method, url, body in _calls(f"{URL}/{created['id']}"):
        r = await client.request(method, url, json=body, headers=reader.headers)
        if method == "GET":
            assert r.status_code == 200, (method, url, r.text)
        else:
            assert_problem(r, 403, "permission_denied")

    role = await create_role(client, owner.headers, ["discounts:write"])
    writer = await make_member(client, owner, role_ids_to_grant=(role["id"],))
    r = await client.patch(
        f"{URL}/{created['id']}", json={"name": "Renamed"}, headers=writer.headers
    )
    assert r.status_code == 200, r.text
    (_, audit) = await stored.audit_rows(created["id"])
    assert audit.actor_id == uuid.UUID(writer.user_id)


async def test_another_tenants_discount_is_not_found(
    client: httpx.AsyncClient, owner: Account, stored: Stored, make_tenant: TenantFactory
) -> None:
    created = await create(client, owner.headers)
    intruder = await login_owner(client, await make_tenant())
    for method, url, body in _calls(f"{URL}/{created['id']}")[2:]:
        r = await client.request(method, url, json=body, headers=intruder.headers)
        assert_problem(r, 404, "discount_not_found")
    r = await client.get(URL, params={"q": "summer"}, headers=intruder.headers)
    assert r.json()["items"] == []
    row = await stored.discount(created["id"])
    assert (row.name, row.status) == ("Summer sale", "active")
    assert len(await stored.audit_rows(created["id"])) == 1
