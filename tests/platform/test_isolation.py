"""Tenant isolation, proved over the whole route table: for every route with an id in its
path, the owner of tenant A addressing tenant B's object gets 404 and B's rows stay as they
were; every list answers only A's rows. New routes are picked up automatically: a new kind of
path id needs a factory below (the suite fails loudly until it has one)."""

import asyncio
import hashlib
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

import olympus.models
from olympus.core.db import Database
from tests.fixtures.accounts import PASSWORD, AccountFactory, TenantFactory, TenantInfo
from tests.fixtures.apps import WITH_PGBOUNCER, MovableClock
from tests.fixtures.authenticator import Authenticator

# Once more through PgBouncer in transaction mode: the role and the tenant hold per
# transaction there too.
pytestmark = pytest.mark.parametrize("backend", WITH_PGBOUNCER, indirect=True)

MUTATING = {"PATCH", "PUT", "DELETE", "POST"}
PARAM = re.compile(r"{([a-z_]+)}")


@dataclass
class World:
    a: TenantInfo
    b: TenantInfo
    a_headers: dict[str, str]
    b_ids: dict[str, str]  # path parameter name -> an id of tenant B


IdFactory = Callable[[httpx.AsyncClient, TenantInfo, dict[str, str], FastAPI], Awaitable[str]]


async def _login(client: httpx.AsyncClient, tenant: TenantInfo) -> dict[str, str]:
    r = await client.post(
        "/api/v1/auth/login",
        json={"tenant": tenant.slug, "email": tenant.owner_email, "password": PASSWORD},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def _user(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    return str(t.owner_id)


async def _tenant(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    return str(t.id)


async def _role(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    r = await client.post(
        "/api/v1/roles", headers=h, json={"name": "clerk", "permissions": ["orders:read"]}
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _location(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    r = await client.post(
        "/api/v1/locations",
        headers=h,
        json={"name": "Main", "code": "MAIN", "timezone": "Europe/Paris", "currency": "EUR"},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _session(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    r = await client.get("/api/v1/auth/sessions", headers=h)
    assert r.status_code == 200, r.text
    return str(r.json()["items"][0]["id"])


async def _product(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    r = await client.post(
        "/api/v1/products",
        headers=h,
        json={
            "sku": f"ISO-{uuid.uuid4().hex[:8]}",
            "name": "Isolated tee",
            "price": 1500,
            "currency": "EUR",
            "options": [{"name": "size", "values": ["S", "M"]}],
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _variant(
    client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], app: FastAPI
) -> str:
    product_id = await _product(client, t, h, app)
    r = await client.post(
        f"/api/v1/products/{product_id}/variants",
        headers=h,
        json={"sku": f"ISO-{uuid.uuid4().hex[:8]}", "option_values": {"size": "S"}},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _category(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    r = await client.post("/api/v1/categories", headers=h, json={"name": "Isolated"})
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _customer(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    r = await client.post(
        "/api/v1/customers",
        headers=h,
        json={"name": "Ada Lovelace", "email": "ada@example.com", "tags": ["vip"]},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _reservation(
    client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI
) -> str:
    r = await client.post(
        "/api/v1/locations",
        headers=h,
        json={"name": "Depot", "code": "DEPOT", "timezone": "Europe/Paris", "currency": "EUR"},
    )
    assert r.status_code == 201, r.text
    location_id = r.json()["id"]
    r = await client.post(
        "/api/v1/products",
        headers=h,
        json={
            "sku": f"ISO-{uuid.uuid4().hex[:8]}",
            "name": "Stocked",
            "price": 5,
            "currency": "EUR",
        },
    )
    assert r.status_code == 201, r.text
    product_id = r.json()["id"]
    r = await client.post(
        f"/api/v1/inventory/{product_id}/adjustments",
        headers=h,
        json={"location_id": location_id, "delta": 2, "reason": "delivery"},
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        "/api/v1/inventory/reservations",
        headers=h,
        json={"location_id": location_id, "lines": [{"product_id": product_id, "quantity": 1}]},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _discount(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    r = await client.post(
        "/api/v1/discounts",
        headers=h,
        json={"code": "ISOLATED10", "name": "Isolated", "type": "percentage", "value": 10},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _order(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    return await _order_at(client, h, "TILL")


async def _order_at(client: httpx.AsyncClient, h: dict[str, str], code: str) -> str:
    r = await client.post(
        "/api/v1/locations",
        headers=h,
        json={"name": code.title(), "code": code, "timezone": "Europe/Paris", "currency": "EUR"},
    )
    assert r.status_code == 201, r.text
    location_id = r.json()["id"]
    r = await client.post(
        "/api/v1/products",
        headers=h,
        json={
            "sku": f"ORD-{uuid.uuid4().hex[:8]}",
            "name": "Sold",
            "price": 5,
            "currency": "EUR",
            "status": "active",
        },
    )
    assert r.status_code == 201, r.text
    product_id = r.json()["id"]
    r = await client.post(
        f"/api/v1/inventory/{product_id}/adjustments",
        headers=h,
        json={"location_id": location_id, "delta": 2, "reason": "delivery"},
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        "/api/v1/orders",
        headers=h,
        json={"location_id": location_id, "items": [{"product_id": product_id, "quantity": 1}]},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _webhook(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    r = await client.post(
        "/api/v1/webhooks",
        headers=h,
        json={"url": "http://127.0.0.1:9/isolated", "events": ["isolation.none"]},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _payment(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    order_id = await _order_at(client, h, "PAYDESK")
    r = await client.post(
        "/api/v1/payments/process",
        headers=h,
        json={"order_id": order_id, "amount": 5, "method": {"type": "cash"}},
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _webhook_delivery(
    client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], app: FastAPI
) -> str:
    """A ping to a port where nothing listens: its delivery fails until the webhook is
    disabled, after which nothing moves (the delivery workers leave it alone)."""
    webhook_id = await _webhook(client, t, h, app)
    r = await client.post(f"/api/v1/webhooks/{webhook_id}/ping", headers=h)
    assert r.status_code == 202, r.text
    for _ in range(400):
        if not (await client.get(f"/api/v1/webhooks/{webhook_id}", headers=h)).json()["active"]:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the failing webhook was not disabled")
    return str(r.json()["id"])


async def _cart_and_item(client: httpx.AsyncClient, h: dict[str, str]) -> tuple[str, str]:
    """A cart of the tenant holding one item: (cart id, item id)."""
    code = f"T{uuid.uuid4().hex[:6].upper()}"
    r = await client.post(
        "/api/v1/locations",
        headers=h,
        json={"name": "Till", "code": code, "timezone": "Europe/Paris", "currency": "EUR"},
    )
    assert r.status_code == 201, r.text
    location_id = r.json()["id"]
    r = await client.post(
        "/api/v1/products",
        headers=h,
        json={
            "sku": f"ISO-{uuid.uuid4().hex[:8]}",
            "name": "Sold",
            "price": 700,
            "currency": "EUR",
            "status": "active",
        },
    )
    assert r.status_code == 201, r.text
    product_id = r.json()["id"]
    r = await client.post(
        "/api/v1/carts", headers=h, json={"location_id": location_id, "channel": "pos"}
    )
    assert r.status_code == 201, r.text
    cart_id = r.json()["id"]
    r = await client.post(
        f"/api/v1/carts/{cart_id}/items",
        headers=h,
        json={"product_id": product_id, "quantity": 2},
    )
    assert r.status_code == 200, r.text
    return cart_id, r.json()["items"][0]["id"]


async def _cart(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    return (await _cart_and_item(client, h))[0]


async def _cart_item(
    client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI
) -> str:
    return (await _cart_and_item(client, h))[1]


async def _discount_code(
    client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI
) -> str:
    return "ISOLATED10"  # tenant B's code (made for `discount_id`); the cart is B's anyway


async def _passkey(client: httpx.AsyncClient, t: TenantInfo, h: dict[str, str], _: FastAPI) -> str:
    r = await client.post("/api/v1/auth/passkeys/registration/options", headers=h)
    assert r.status_code == 200, r.text
    credential = Authenticator().register(r.json()["public_key"])
    r = await client.post(
        "/api/v1/auth/passkeys/registration/verify", headers=h, json={"credential": credential}
    )
    assert r.status_code == 201, r.text
    return str(r.json()["passkey"]["id"])


# How to make tenant B own an object for each kind of id found in a path.
FACTORIES: dict[str, IdFactory] = {
    "user_id": _user,
    "tenant_id": _tenant,
    "role_id": _role,
    "location_id": _location,
    "session_id": _session,
    "customer_id": _customer,
    "product_id": _product,
    "variant_id": _variant,
    "category_id": _category,
    "reservation_id": _reservation,
    "discount_id": _discount,
    "cart_id": _cart,
    "item_id": _cart_item,
    "code": _discount_code,
    "order_id": _order,
    "webhook_id": _webhook,
    "delivery_id": _webhook_delivery,
    "payment_id": _payment,
    "passkey_id": _passkey,
}

# Valid bodies for routes whose body has required fields (a 422 would hide the 404).
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/api/v1/users/{user_id}/roles"): {"role_id": str(uuid.uuid4())},
    ("POST", "/api/v1/products/{product_id}/variants"): {
        "sku": "INTRUDER-1",
        "option_values": {"size": "M"},
    },
    ("PUT", "/api/v1/products/{product_id}/location-prices/{location_id}"): {"price": 100},
    ("POST", "/api/v1/inventory/{product_id}/adjustments"): {
        "location_id": str(uuid.uuid4()),
        "delta": 1,
        "reason": "intrusion",
    },
    ("PUT", "/api/v1/inventory/{product_id}/thresholds/{location_id}"): {"threshold": 1},
    ("POST", "/api/v1/carts/{cart_id}/items"): {"product_id": str(uuid.uuid4()), "quantity": 1},
    ("PATCH", "/api/v1/carts/{cart_id}/items/{item_id}"): {"quantity": 3},
    ("POST", "/api/v1/carts/{cart_id}/discount-codes"): {"code": "ISOLATED10"},
    ("POST", "/api/v1/orders/{order_id}/fulfill"): {
        "lines": [{"item_id": str(uuid.uuid4()), "quantity": 1}]
    },
    ("POST", "/api/v1/orders/{order_id}/cancel"): {"reason": "intrusion"},
    ("POST", "/api/v1/orders/{order_id}/notes"): {"text": "intrusion"},
    ("PATCH", "/api/v1/webhooks/{webhook_id}"): {"description": "intruder"},
    ("PATCH", "/api/v1/auth/passkeys/{passkey_id}"): {"name": "intruder"},
}


def _operations(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path template) of the public API, from its OpenAPI schema."""
    return [
        (method.upper(), path)
        for path, item in app.openapi()["paths"].items()
        if path.startswith("/api/v1/")
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def id_routes(app: FastAPI) -> list[tuple[str, str, list[str]]]:
    return [
        (method, path, PARAM.findall(path))
        for method, path in _operations(app)
        if PARAM.search(path)
    ]


def list_routes(app: FastAPI) -> list[str]:
    return [path for method, path in _operations(app) if method == "GET" and not PARAM.search(path)]


async def _snapshot(db: Database, clock: MovableClock, tenant_id: uuid.UUID) -> dict[str, str]:
    """A digest of every row tenant B owns, table by table."""
    digests = {}
    async with db.unit_of_work(clock=clock, write=False, system=True) as uow:
        for table in olympus.models.metadata.sorted_tables:
            if "tenant_id" not in table.columns:
                continue
            # The relay's bookkeeping moves on its own; the event itself must not.
            columns = [c for c in table.columns if c.name not in {"published_at", "attempts"}]
            rows = (
                await uow.session.execute(
                    sa.select(*columns)
                    .where(table.c.tenant_id == tenant_id)
                    .order_by(*table.primary_key)
                )
            ).all()
            payload = orjson.dumps([tuple(str(v) for v in row) for row in rows])
            digests[table.name] = hashlib.sha256(payload).hexdigest()
    return digests


@pytest.fixture
async def world(app: FastAPI, client: httpx.AsyncClient, make_tenant: TenantFactory) -> World:
    a, b = await make_tenant(), await make_tenant()
    a_headers, b_headers = await _login(client, a), await _login(client, b)
    b_ids: dict[str, str] = {}
    for _, _, params in id_routes(app):
        for param in params:
            if param in b_ids:
                continue
            factory = FACTORIES.get(param)
            assert factory is not None, (
                f"no factory for the path id {{{param}}}: add one to FACTORIES so the "
                "isolation suite covers its routes"
            )
            b_ids[param] = await factory(client, b, b_headers, app)
    return World(a, b, a_headers, b_ids)


async def test_another_tenants_object_answers_404_and_stays_unchanged(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    db: Database,
    clock: MovableClock,
) -> None:
    routes = id_routes(app)
    assert len(routes) >= 10  # the suite really walks the API
    # What the relay derives from B's own events (the analytics' rollups) is settled first.
    await app.state.relay.drain()
    before = await _snapshot(db, clock, world.b.id)
    failures = []
    for method, path, params in routes:
        url = path
        for param in params:
            url = url.replace(f"{{{param}}}", world.b_ids[param])
        body = BODIES.get((method, path), {} if method in {"POST", "PATCH", "PUT"} else None)
        r = await client.request(method, url, headers=world.a_headers, json=body)
        if r.status_code != 404:
            failures.append(f"{method} {path}: {r.status_code} {r.text[:200]}")
        else:
            assert r.headers["content-type"].startswith("application/problem+json")
    assert not failures, "\n".join(failures)
    await app.state.relay.drain()
    assert await _snapshot(db, clock, world.b.id) == before


async def test_lists_answer_only_the_callers_tenant(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    make_account: AccountFactory,
    db: Database,
    clock: MovableClock,
) -> None:
    await make_account(world.b)  # B has more than its owner
    b_ids: set[str] = set()
    async with db.unit_of_work(clock=clock, write=False, system=True) as uow:
        for table in olympus.models.metadata.sorted_tables:
            if "tenant_id" in table.columns and "id" in table.columns:
                rows = await uow.session.execute(
                    sa.select(table.c.id).where(table.c.tenant_id == world.b.id)
                )
                b_ids.update(str(v) for v in rows.scalars())
    b_ids.add(str(world.b.id))
    checked = 0
    for path in list_routes(app):
        r = await client.get(path, headers=world.a_headers)
        if r.status_code == 403:  # operator-only lists: A's owner may not list at all
            continue
        assert r.status_code == 200, f"GET {path}: {r.status_code} {r.text[:200]}"
        leaked = [i for i in b_ids if i in r.text]
        assert not leaked, f"GET {path} shows tenant B's ids {leaked}"
        checked += 1
    assert checked >= 4
