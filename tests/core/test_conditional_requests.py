"""Conditional requests on every resource that can be changed: reads answer an `ETag` and 304
for `If-None-Match`; a change or deletion with a stale `If-Match` answers 412
`precondition_failed` and changes nothing, with the current tag it goes through and answers
the new tag; without `If-Match` nothing changes from before. On PostgreSQL, editors racing
with one tag: exactly one wins."""

import asyncio
import itertools
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.core.test_operations import serving, sqlite_settings
from tests.fixtures.accounts import PASSWORD, Account, TenantInfo, login_owner, make_operator
from tests.fixtures.apps import MovableClock
from tests.fixtures.problems import assert_problem

_n = itertools.count(1)


@dataclass(frozen=True)
class Target:
    """One resource: the URL that reads it, the one that changes it (PATCH) and the one that
    deletes it (None: it is not deleted on its own)."""

    read: str
    change: str
    delete: str | None


Make = Callable[[httpx.AsyncClient, Account], Awaitable[Target]]


@dataclass(frozen=True)
class Kind:
    """A kind of resource: how to make one, and a change of it (a new one each call)."""

    name: str
    make: Make
    change: Callable[[], dict[str, Any]]
    method: str = "PATCH"  # the settings documents change with PUT (only the keys sent)


async def _post(
    client: httpx.AsyncClient, owner: Account, url: str, body: dict[str, Any]
) -> dict[str, Any]:
    r = await client.post(url, json=body, headers=owner.headers)
    assert r.status_code == 201, r.text
    answer: dict[str, Any] = r.json()
    return answer


async def _made(
    client: httpx.AsyncClient, owner: Account, url: str, body: dict[str, Any]
) -> Target:
    own = f"{url}/{(await _post(client, owner, url, body))['id']}"
    return Target(own, own, own)


def _code() -> str:
    return f"C{uuid.uuid4().hex[:8].upper()}"


async def _location(client: httpx.AsyncClient, owner: Account) -> dict[str, Any]:
    body = {
        "name": "Store",
        "code": _code(),
        "kind": "store",
        "timezone": "Europe/Paris",
        "currency": "EUR",
    }
    return await _post(client, owner, "/api/v1/locations", body)


async def make_location(client: httpx.AsyncClient, owner: Account) -> Target:
    own = f"/api/v1/locations/{(await _location(client, owner))['id']}"
    return Target(own, own, own)


async def make_tenant_itself(client: httpx.AsyncClient, owner: Account) -> Target:
    own = f"/api/v1/tenants/{owner.tenant_id}"
    return Target(own, own, None)  # suspending is for operators, tested on its own


async def make_user(client: httpx.AsyncClient, owner: Account) -> Target:
    body = {"email": f"u-{uuid.uuid4().hex[:10]}@example.com", "password": PASSWORD}
    return await _made(client, owner, "/api/v1/users", body)


async def make_role(client: httpx.AsyncClient, owner: Account) -> Target:
    body = {"name": f"role-{uuid.uuid4().hex[:8]}", "permissions": ["catalog:read"]}
    return await _made(client, owner, "/api/v1/roles", body)


async def make_webhook(client: httpx.AsyncClient, owner: Account) -> Target:
    body = {"url": "https://hooks.example.com/olympus", "events": ["order.*"]}
    return await _made(client, owner, "/api/v1/webhooks", body)


async def make_customer(client: httpx.AsyncClient, owner: Account) -> Target:
    return await _made(client, owner, "/api/v1/customers", {"name": "Ada Lovelace"})


async def make_discount(client: httpx.AsyncClient, owner: Account) -> Target:
    body = {"code": _code(), "name": "Ten off", "type": "percentage", "value": 10}
    return await _made(client, owner, "/api/v1/discounts", body)


def _product_body(**fields: Any) -> dict[str, Any]:
    return {
        "sku": f"SKU-{uuid.uuid4().hex[:10]}",
        "name": "Tea",
        "price": 450,
        "currency": "EUR",
        "status": "active",
        **fields,
    }


async def make_product(client: httpx.AsyncClient, owner: Account) -> Target:
    return await _made(client, owner, "/api/v1/products", _product_body())


async def make_variant(client: httpx.AsyncClient, owner: Account) -> Target:
    options = [{"name": "size", "values": ["S", "M"]}]
    product = await _post(client, owner, "/api/v1/products", _product_body(options=options))
    url = f"/api/v1/products/{product['id']}/variants"
    body = {"sku": f"SKU-{uuid.uuid4().hex[:10]}", "option_values": {"size": "S"}}
    return await _made(client, owner, url, body)


async def make_category(client: httpx.AsyncClient, owner: Account) -> Target:
    return await _made(client, owner, "/api/v1/categories", {"name": f"Cat {next(_n)}"})


async def make_cart_item(client: httpx.AsyncClient, owner: Account) -> Target:
    location = await _location(client, owner)
    product = await _post(client, owner, "/api/v1/products", _product_body())
    body = {"location_id": location["id"], "channel": "pos"}
    cart = f"/api/v1/carts/{(await _post(client, owner, '/api/v1/carts', body))['id']}"
    r = await client.post(
        f"{cart}/items", json={"product_id": product["id"], "quantity": 1}, headers=owner.headers
    )
    assert r.status_code == 200, r.text
    item = f"{cart}/items/{r.json()['items'][0]['id']}"
    return Target(cart, item, item)


async def make_payment_settings(client: httpx.AsyncClient, owner: Account) -> Target:
    own = "/api/v1/payments/settings"
    # Written once: settings never written have no row yet for a change to lock.
    r = await client.patch(own, json={"processor": "test"}, headers=owner.headers)
    assert r.status_code == 200, r.text
    return Target(own, own, None)


async def make_settings(client: httpx.AsyncClient, owner: Account) -> Target:
    own = "/api/v1/settings"
    return Target(own, own, None)


async def make_preferences(client: httpx.AsyncClient, owner: Account) -> Target:
    own = "/api/v1/users/me/preferences"
    return Target(own, own, None)


ZONES = ["Europe/Paris", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/Rome"]

KINDS = [
    Kind("tenant", make_tenant_itself, lambda: {"name": f"Shop {next(_n)}"}),
    Kind("location", make_location, lambda: {"name": f"Store {next(_n)}"}),
    Kind("user", make_user, lambda: {"full_name": f"Member {next(_n)}"}),
    Kind("role", make_role, lambda: {"description": f"Role {next(_n)}"}),
    Kind("webhook", make_webhook, lambda: {"description": f"Hook {next(_n)}"}),
    Kind("customer", make_customer, lambda: {"notes": f"Note {next(_n)}"}),
    Kind("discount", make_discount, lambda: {"name": f"Offer {next(_n)}"}),
    Kind("product", make_product, lambda: {"name": f"Tea {next(_n)}"}),
    Kind("variant", make_variant, lambda: {"name": f"Tea S {next(_n)}"}),
    Kind("category", make_category, lambda: {"position": next(_n)}),
    Kind("cart item", make_cart_item, lambda: {"quantity": next(_n) % 9000 + 1}),
    Kind(
        "payment settings",
        make_payment_settings,
        lambda: {"stripe_publishable_key": f"pk_test_{next(_n)}"},
    ),
    Kind("settings", make_settings, lambda: {"display_name_override": f"Shop {next(_n)}"}, "PUT"),
    Kind(
        "preferences", make_preferences, lambda: {"timezone": ZONES[next(_n) % len(ZONES)]}, "PUT"
    ),
]


@pytest.fixture(params=KINDS, ids=[k.name for k in KINDS])
def kind(request: pytest.FixtureRequest) -> Kind:
    k: Kind = request.param
    return k


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> Account:
    return await login_owner(client, tenant)


async def _read(client: httpx.AsyncClient, owner: Account, url: str) -> httpx.Response:
    r = await client.get(url, headers=owner.headers)
    assert r.status_code == 200, r.text
    assert r.headers["etag"].startswith('"'), r.headers
    return r


async def test_a_read_answers_an_etag_and_304_while_it_holds(
    client: httpx.AsyncClient, owner: Account, kind: Kind
) -> None:
    url = (await kind.make(client, owner)).read
    first = await _read(client, owner, url)
    etag = first.headers["etag"]
    assert (await _read(client, owner, url)).headers["etag"] == etag  # stable
    r = await client.get(url, headers={**owner.headers, "If-None-Match": etag})
    assert r.status_code == 304
    assert r.headers["etag"] == etag
    assert r.content == b""
    for held in (f'W/{etag}, "other"', "*"):
        r = await client.get(url, headers={**owner.headers, "If-None-Match": held})
        assert r.status_code == 304, held
    r = await client.get(url, headers={**owner.headers, "If-None-Match": '"other"'})
    assert r.status_code == 200
    assert r.json() == first.json()


async def test_a_stale_if_match_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, owner: Account, kind: Kind
) -> None:
    it = await kind.make(client, owner)
    stale = (await _read(client, owner, it.read)).headers["etag"]
    r = await client.request(
        kind.method, it.change, json=kind.change(), headers=owner.headers
    )  # no If-Match
    assert r.status_code == 200, r.text
    assert r.headers["etag"] != stale
    current = await _read(client, owner, it.read)
    assert current.headers["etag"] == r.headers["etag"]  # the answer's tag is the read's
    assert current.json() == r.json()
    for sent in (stale, f"W/{current.headers['etag']}", '"nonsense"'):
        r = await client.request(
            kind.method, it.change, json=kind.change(), headers={**owner.headers, "If-Match": sent}
        )
        assert_problem(r, 412, "precondition_failed")
    after = await _read(client, owner, it.read)
    assert after.json() == current.json()
    assert after.headers["etag"] == current.headers["etag"]


async def test_a_current_if_match_changes_and_answers_the_new_tag(
    client: httpx.AsyncClient, owner: Account, kind: Kind
) -> None:
    it = await kind.make(client, owner)
    etag = (await _read(client, owner, it.read)).headers["etag"]
    r = await client.request(
        kind.method,
        it.change,
        json=kind.change(),
        headers={**owner.headers, "If-Match": f'"x", {etag}'},
    )
    assert r.status_code == 200, r.text
    new = r.headers["etag"]
    assert new != etag
    after = await _read(client, owner, it.read)
    assert after.headers["etag"] == new
    assert after.json() == r.json()
    r = await client.request(
        kind.method, it.change, json=kind.change(), headers={**owner.headers, "If-Match": "*"}
    )
    assert r.status_code == 200, r.text


async def test_a_deletion_with_if_match(
    client: httpx.AsyncClient, owner: Account, kind: Kind
) -> None:
    it = await kind.make(client, owner)
    if it.delete is None:
        pytest.skip(f"{kind.name}: not deleted by its owner")
    etag = (await _read(client, owner, it.read)).headers["etag"]
    r = await client.request(kind.method, it.change, json=kind.change(), headers=owner.headers)
    assert r.status_code == 200, r.text
    r = await client.delete(it.delete, headers={**owner.headers, "If-Match": etag})
    assert_problem(r, 412, "precondition_failed")
    current = await _read(client, owner, it.read)  # still there, as the change left it
    assert current.json() == r_json(await client.get(it.read, headers=owner.headers))
    r = await client.delete(
        it.delete, headers={**owner.headers, "If-Match": current.headers["etag"]}
    )
    assert r.status_code in (200, 204), r.text
    gone = await client.get(it.read, headers=owner.headers)
    assert gone.status_code == 404 or gone.json() != current.json()


def r_json(r: httpx.Response) -> Any:
    assert r.status_code == 200, r.text
    return r.json()


async def test_editors_racing_with_one_tag_exactly_one_wins(
    client: httpx.AsyncClient, owner: Account, kind: Kind, is_postgres: bool
) -> None:
    if not is_postgres:
        pytest.skip("SQLite's writers take turns on the database's one write lock")
    it = await kind.make(client, owner)
    etag = (await _read(client, owner, it.read)).headers["etag"]
    changes = [kind.change() for _ in range(8)]
    answers = await asyncio.gather(
        *(
            client.request(
                kind.method, it.change, json=change, headers={**owner.headers, "If-Match": etag}
            )
            for change in changes
        )
    )
    won = [r for r in answers if r.status_code == 200]
    assert len(won) == 1, [r.text for r in answers]
    for r in answers:
        if r.status_code != 200:
            assert_problem(r, 412, "precondition_failed")
    after = await _read(client, owner, it.read)
    assert after.json() == won[0].json()
    assert after.headers["etag"] == won[0].headers["etag"]


def test_the_schema_documents_tags_304_and_412(app: FastAPI) -> None:
    paths = app.openapi()["paths"]
    read = paths["/api/v1/products/{product_id}"]["get"]
    assert "ETag" in read["responses"]["200"]["headers"]
    assert "304" in read["responses"]
    assert "if-none-match" in {p["name"] for p in read["parameters"] if p["in"] == "header"}
    for method in ("patch", "delete"):
        change = paths["/api/v1/products/{product_id}"][method]
        assert "`precondition_failed`" in change["responses"]["412"]["description"]
        assert "if-match" in {p["name"] for p in change["parameters"] if p["in"] == "header"}
    assert "ETag" in paths["/api/v1/products/{product_id}"]["patch"]["responses"]["200"]["headers"]
    # A list has no tag.
    assert "412" not in paths["/api/v1/products"]["get"]["responses"]
    assert "headers" not in paths["/api/v1/products"]["get"]["responses"]["200"]


async def test_an_operator_suspends_a_tenant_only_as_read(
    client: httpx.AsyncClient, app: FastAPI, clock: MovableClock, tenant: TenantInfo
) -> None:
    operator = await make_operator(app, clock, client)
    url = f"/api/v1/tenants/{tenant.id}"
    etag = (await _read(client, operator, url)).headers["etag"]
    owner = await login_owner(client, tenant)
    r = await client.patch(url, json={"name": "Renamed"}, headers=owner.headers)
    assert r.status_code == 200, r.text
    r = await client.delete(url, headers={**operator.headers, "If-Match": etag})
    assert_problem(r, 412, "precondition_failed")
    current = await _read(client, operator, url)
    assert current.json()["status"] == "active"
    r = await client.delete(url, headers={**operator.headers, "If-Match": current.headers["etag"]})
    assert r.status_code == 204, r.text
    assert (await _read(client, operator, url)).json()["status"] == "suspended"


async def test_browsers_may_send_the_conditions_and_read_the_tag(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path, cors_origins="https://shop.example.com")
    async with serving(settings) as cors_client:
        preflight = await cors_client.options(
            "/api/v1/products/x",
            headers={
                "Origin": "https://shop.example.com",
                "Access-Control-Request-Method": "PATCH",
                "Access-Control-Request-Headers": "if-match, if-none-match",
            },
        )
        simple = await cors_client.get("/health", headers={"Origin": "https://shop.example.com"})
    assert preflight.status_code == 200, preflight.text
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert "if-match" in allowed and "if-none-match" in allowed
    assert "etag" in simple.headers["access-control-expose-headers"].lower()
