"""Locations: create, read, list, change, archive and restore, with their audit rows and
events; bad input; who may do what (tenant-wide and location-scoped grants); tenant isolation;
concurrent creation of one code."""

import asyncio
import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from olympus.core.money import UnknownCurrency, minor_units, validate_currency
from olympus.platform.audit.models import AuditLog
from olympus.platform.locations import service as location_service
from olympus.platform.locations.models import Location
from olympus.platform.rbac.service import authorization_cache_key, grant_role_by_name
from tests.fixtures.accounts import Account, AccountFactory, TenantFactory, TenantInfo
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog
from tests.fixtures.problems import assert_problem

URL = "/api/v1/locations"


def payload(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Harbour Street Store",
        "code": "hbr-01",
        "kind": "store",
        "address": {
            "line1": "1 Harbour Street",
            "city": "Lyon",
            "postal_code": "69002",
            "country": "fr",
        },
        "timezone": "Europe/Paris",
        "currency": "eur",
    }
    body.update(overrides)
    return body


async def login(client: httpx.AsyncClient, tenant: TenantInfo) -> dict[str, str]:
    r = await client.post(
        "/api/v1/auth/login",
        json={
            "tenant": tenant.slug,
            "email": tenant.owner_email,
            "password": tenant.owner_password,
        },
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture
async def owner(client: httpx.AsyncClient, tenant: TenantInfo) -> dict[str, str]:
    return await login(client, tenant)


async def create(client: httpx.AsyncClient, headers: dict[str, str], **fields: Any) -> Any:
    r = await client.post(URL, json=payload(**fields), headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def stored(app: FastAPI, clock: MovableClock, tenant: TenantInfo) -> dict[str, Location]:
    """The tenant's location rows by code, as the database holds them."""
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant.id, write=False) as uow:
        rows = (await uow.session.scalars(sa.select(Location))).all()
    return {row.code: row for row in rows}


async def audit_rows(
    app: FastAPI, clock: MovableClock, tenant: TenantInfo, target_id: str
) -> list[AuditLog]:
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant.id, write=False) as uow:
        stmt = (
            sa.select(AuditLog)
            .where(AuditLog.target_type == "location", AuditLog.target_id == target_id)
            .order_by(AuditLog.id)
        )
        return list((await uow.session.scalars(stmt)).all())


async def events_of(events: EventLog, event_type: str, location_id: str) -> list[dict[str, Any]]:
    return [e for e in await events.of_type(event_type) if e["data"]["location_id"] == location_id]


async def grant(
    app: FastAPI,
    clock: MovableClock,
    account: Account,
    role: str,
    location_id: str | None = None,
) -> None:
    """Grant a role (at one location, or tenant-wide) and drop the cached permissions."""
    tenant_id, user_id = account.tenant_id, uuid.UUID(account.user_id)
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant_id) as uow:
        await grant_role_by_name(
            uow,
            user_id=user_id,
            role_name=role,
            location_id=uuid.UUID(location_id) if location_id else None,
        )
    await app.state.cache.delete(authorization_cache_key(tenant_id, user_id))


# --- happy paths ------------------------------------------------------------------------


async def test_create_normalises_stores_audits_and_publishes(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
    events: EventLog,
) -> None:
    r = await client.post(
        URL, json=payload(timezone="europe/paris", name="  Harbour Street Store "), headers=owner
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["code"] == "HBR-01"
    assert body["currency"] == "EUR"
    assert body["timezone"] == "Europe/Paris"
    assert body["name"] == "Harbour Street Store"
    assert body["kind"] == "store"
    assert body["status"] == "active"
    assert body["tenant_id"] == str(tenant.id)
    assert body["address"] == {
        "line1": "1 Harbour Street",
        "line2": None,
        "city": "Lyon",
        "region": None,
        "postal_code": "69002",
        "country": "FR",
    }
    assert body["created_at"] == body["updated_at"]

    row = (await stored(app, clock, tenant))["HBR-01"]
    assert str(row.id) == body["id"]
    assert row.address == {
        "line1": "1 Harbour Street",
        "city": "Lyon",
        "postal_code": "69002",
        "country": "FR",
    }
    assert (row.timezone, row.currency, row.status) == ("Europe/Paris", "EUR", "active")

    (audit,) = await audit_rows(app, clock, tenant, body["id"])
    assert audit.action == "location.created"
    assert audit.actor_id == tenant.owner_id
    assert audit.changes["code"] == "HBR-01"
    assert audit.changes["currency"] == "EUR"

    (event,) = await events_of(events, "location.created", body["id"])
    assert event["tenant_id"] == str(tenant.id)
    assert event["data"]["code"] == "HBR-01"
    assert event["data"]["address"]["country"] == "FR"


async def test_kind_defaults_to_store_and_address_to_empty(
    client: httpx.AsyncClient, owner: dict[str, str]
) -> None:
    body = payload()
    del body["kind"], body["address"]
    r = await client.post(URL, json=body, headers=owner)
    assert r.status_code == 201, r.text
    assert r.json()["kind"] == "store"
    assert set(r.json()["address"].values()) == {None}


async def test_get_one(client: httpx.AsyncClient, owner: dict[str, str]) -> None:
    created = await create(client, owner, kind="warehouse")
    r = await client.get(f"{URL}/{created['id']}", headers=owner)
    assert r.status_code == 200
    assert r.json() == created

    r = await client.get(f"{URL}/{uuid.uuid4()}", headers=owner)
    assert_problem(r, 404, "location_not_found")
    r = await client.get(f"{URL}/not-a-uuid", headers=owner)
    assert_problem(r, 422, "validation_error")


async def test_patch_changes_only_the_fields_sent(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
    events: EventLog,
) -> None:
    created = await create(client, owner)
    clock.advance(seconds=5)
    r = await client.patch(
        f"{URL}/{created['id']}",
        json={"name": "Harbour Street Flagship", "currency": "chf", "code": "hbr-01"},
        headers=owner,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["name"] == "Harbour Street Flagship"
    assert body["currency"] == "CHF"
    unchanged = ("code", "kind", "address", "timezone", "status", "created_at")
    assert {k: body[k] for k in unchanged} == {k: created[k] for k in unchanged}
    assert body["updated_at"] > created["updated_at"]

    row = (await stored(app, clock, tenant))["HBR-01"]
    assert (row.name, row.currency) == ("Harbour Street Flagship", "CHF")

    _, audit = await audit_rows(app, clock, tenant, created["id"])
    assert audit.action == "location.updated"
    assert audit.actor_id == tenant.owner_id
    # The code was sent but did not change: it is not among the changes.
    assert audit.changes == {
        "name": {"from": "Harbour Street Store", "to": "Harbour Street Flagship"},
        "currency": {"from": "EUR", "to": "CHF"},
    }
    (event,) = await events_of(events, "location.updated", created["id"])
    assert event["data"]["changes"] == audit.changes


async def test_patch_address_replaces_it_and_code_is_renamed(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
) -> None:
    created = await create(client, owner)
    r = await client.patch(
        f"{URL}/{created['id']}",
        json={"address": {"city": "Geneva", "country": "CH"}, "code": "gva_1", "kind": "office"},
        headers=owner,
    )
    assert r.status_code == 200, r.text
    assert r.json()["code"] == "GVA_1"
    rows = await stored(app, clock, tenant)
    assert set(rows) == {"GVA_1"}
    assert rows["GVA_1"].address == {"city": "Geneva", "country": "CH"}
    assert rows["GVA_1"].kind == "office"


async def test_patch_without_changes_records_nothing(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
) -> None:
    created = await create(client, owner)
    for body in ({}, {"name": created["name"], "timezone": "EUROPE/PARIS"}):
        r = await client.patch(f"{URL}/{created['id']}", json=body, headers=owner)
        assert r.status_code == 200, r.text
        assert r.json() == created
    assert [a.action for a in await audit_rows(app, clock, tenant, created["id"])] == [
        "location.created"
    ]


async def test_archive_hides_from_list_keeps_code_and_restore_brings_back(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
    events: EventLog,
) -> None:
    created = await create(client, owner)
    other = await create(client, owner, code="hbr-02")

    r = await client.delete(f"{URL}/{created['id']}", headers=owner)
    assert r.status_code == 204
    assert r.content == b""
    assert (await stored(app, clock, tenant))["HBR-01"].status == "archived"

    r = await client.get(URL, headers=owner)
    assert [i["id"] for i in r.json()["items"]] == [other["id"]]
    r = await client.get(URL, params={"include_archived": "true"}, headers=owner)
    assert [i["id"] for i in r.json()["items"]] == [created["id"], other["id"]]
    r = await client.get(URL, params={"status": "archived"}, headers=owner)
    assert [i["id"] for i in r.json()["items"]] == [created["id"]]
    r = await client.get(f"{URL}/{created['id']}", headers=owner)
    assert r.status_code == 200
    assert r.json()["status"] == "archived"

    # The code stays reserved, in any case.
    r = await client.post(URL, json=payload(code="HBR-01"), headers=owner)
    assert_problem(r, 409, "location_code_taken")

    # Archiving again changes nothing and records nothing.
    r = await client.delete(f"{URL}/{created['id']}", headers=owner)
    assert r.status_code == 204
    audits = await audit_rows(app, clock, tenant, created["id"])
    assert [a.action for a in audits] == ["location.created", "location.archived"]
    assert audits[1].changes == {"status": {"from": "active", "to": "archived"}}
    assert audits[1].actor_id == tenant.owner_id
    assert len(await events_of(events, "location.archived", created["id"])) == 1

    r = await client.post(f"{URL}/{created['id']}/restore", headers=owner)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "active"
    assert (await stored(app, clock, tenant))["HBR-01"].status == "active"
    audits = await audit_rows(app, clock, tenant, created["id"])
    assert audits[-1].action == "location.restored"
    assert len(await events_of(events, "location.restored", created["id"])) == 1


# --- conflicts --------------------------------------------------------------------------


async def test_duplicate_code_is_refused_whatever_its_case(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
) -> None:
    await create(client, owner)
    r = await client.post(URL, json=payload(code="HBR-01", name="Second"), headers=owner)
    body = assert_problem(r, 409, "location_code_taken")
    assert "HBR-01" in body["detail"]
    assert list(await stored(app, clock, tenant)) == ["HBR-01"]


async def test_renaming_to_a_taken_code_is_refused(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
) -> None:
    await create(client, owner)
    second = await create(client, owner, code="hbr-02")
    r = await client.patch(
        f"{URL}/{second['id']}", json={"code": "hbr-01", "name": "Renamed"}, headers=owner
    )
    assert_problem(r, 409, "location_code_taken")
    row = (await stored(app, clock, tenant))["HBR-02"]
    assert row.name == "Harbour Street Store"
    assert [a.action for a in await audit_rows(app, clock, tenant, second["id"])] == [
        "location.created"
    ]


async def test_codes_are_unique_per_tenant_only(
    client: httpx.AsyncClient, make_tenant: TenantFactory, owner: dict[str, str]
) -> None:
    await create(client, owner)
    other = await login(client, await make_tenant())
    await create(client, other)


async def test_concurrent_creates_of_one_code_give_one_location(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
) -> None:
    responses = await asyncio.gather(
        *(client.post(URL, json=payload(name=f"Store {i}"), headers=owner) for i in range(10))
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * 9, [r.text for r in responses]
    for r in responses:
        if r.status_code == 409:
            assert_problem(r, 409, "location_code_taken")
    rows = await stored(app, clock, tenant)
    assert list(rows) == ["HBR-01"]
    (audit,) = await audit_rows(app, clock, tenant, str(rows["HBR-01"].id))
    assert audit.action == "location.created"


async def test_the_database_constraint_answers_409_when_the_check_is_raced(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a request that loses the race sees: the look-up found the code free, the insert
    (or the rename) hits the unique constraint."""
    await create(client, owner)
    second = await create(client, owner, code="hbr-02")

    async def looks_free(*_: Any) -> bool:
        return False

    monkeypatch.setattr(location_service, "_code_in_use", looks_free)
    r = await client.post(URL, json=payload(), headers=owner)
    assert_problem(r, 409, "location_code_taken")
    r = await client.patch(f"{URL}/{second['id']}", json={"code": "HBR-01"}, headers=owner)
    assert_problem(r, 409, "location_code_taken")
    assert sorted(await stored(app, clock, tenant)) == ["HBR-01", "HBR-02"]
    assert len(await audit_rows(app, clock, tenant, second["id"])) == 1


# --- bad input --------------------------------------------------------------------------

BAD_CREATE = [
    ("name", "", ["body", "name"]),
    ("name", "   ", ["body", "name"]),
    ("name", "x" * 201, ["body", "name"]),
    ("name", 42, ["body", "name"]),
    ("code", "", ["body", "code"]),
    ("code", "has space", ["body", "code"]),
    ("code", "x" * 33, ["body", "code"]),
    ("code", "café", ["body", "code"]),
    ("code", "a.b", ["body", "code"]),
    ("kind", "kiosk", ["body", "kind"]),
    ("address", "1 Harbour Street", ["body", "address"]),
    ("address", {"planet": "Mars"}, ["body", "address", "planet"]),
    ("address", {"country": "XX"}, ["body", "address", "country"]),
    ("address", {"country": "FRA"}, ["body", "address", "country"]),
    ("address", {"country": "UK"}, ["body", "address", "country"]),
    ("address", {"city": ""}, ["body", "address", "city"]),
    ("address", {"postal_code": "1" * 21}, ["body", "address", "postal_code"]),
    ("address", {"line1": "x" * 201}, ["body", "address", "line1"]),
    ("timezone", "Mars/Olympus_Mons", ["body", "timezone"]),
    ("timezone", "", ["body", "timezone"]),
    ("timezone", "localtime", ["body", "timezone"]),
    ("timezone", "+02:00", ["body", "timezone"]),
    ("currency", "XYZ", ["body", "currency"]),
    ("currency", "US", ["body", "currency"]),
    ("currency", "XAU", ["body", "currency"]),
    ("currency", "HRK", ["body", "currency"]),
    ("currency", 978, ["body", "currency"]),
    ("tenant_id", str(uuid.uuid4()), ["body", "tenant_id"]),
    ("status", "archived", ["body", "status"]),
    ("id", str(uuid.uuid4()), ["body", "id"]),
]


@pytest.mark.parametrize(("field", "value", "loc"), BAD_CREATE)
async def test_create_refuses_bad_input(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
    field: str,
    value: Any,
    loc: list[str],
) -> None:
    r = await client.post(URL, json=payload(**{field: value}), headers=owner)
    body = assert_problem(r, 422, "validation_error")
    assert loc in [e["loc"] for e in body["errors"]], body
    assert await stored(app, clock, tenant) == {}


@pytest.mark.parametrize("missing", ["name", "code", "timezone", "currency"])
async def test_create_needs_the_required_fields(
    client: httpx.AsyncClient, owner: dict[str, str], missing: str
) -> None:
    body = payload()
    del body[missing]
    r = await client.post(URL, json=body, headers=owner)
    problem = assert_problem(r, 422, "validation_error")
    assert ["body", missing] in [e["loc"] for e in problem["errors"]]


BAD_PATCH = [
    *((field, None, ["body", field]) for field in payload()),
    ("name", "", ["body", "name"]),
    ("code", "no/slash", ["body", "code"]),
    ("kind", "shop", ["body", "kind"]),
    ("address", {"country": "ZZ"}, ["body", "address", "country"]),
    ("address", {"floor": 3}, ["body", "address", "floor"]),
    ("timezone", "Europe/Atlantis", ["body", "timezone"]),
    ("currency", "EURO", ["body", "currency"]),
    ("status", "active", ["body", "status"]),
    ("tenant_id", str(uuid.uuid4()), ["body", "tenant_id"]),
]


@pytest.mark.parametrize(("field", "value", "loc"), BAD_PATCH)
async def test_patch_refuses_bad_input_and_changes_nothing(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
    field: str,
    value: Any,
    loc: list[str],
) -> None:
    created = await create(client, owner)
    r = await client.patch(
        f"{URL}/{created['id']}", json={"name": "Changed", field: value}, headers=owner
    )
    body = assert_problem(r, 422, "validation_error")
    assert loc in [e["loc"] for e in body["errors"]], body
    assert (await stored(app, clock, tenant))["HBR-01"].name == "Harbour Street Store"
    assert len(await audit_rows(app, clock, tenant, created["id"])) == 1


async def test_list_refuses_bad_filters(client: httpx.AsyncClient, owner: dict[str, str]) -> None:
    for params in ({"kind": "kiosk"}, {"status": "deleted"}, {"limit": 0}, {"limit": 201}):
        assert_problem(await client.get(URL, params=params, headers=owner), 422, "validation_error")
    r = await client.get(URL, params={"cursor": "bm90LWEtY3Vyc29y"}, headers=owner)
    assert_problem(r, 422, "invalid_cursor")


# --- listing ----------------------------------------------------------------------------


async def test_list_paginates_in_creation_order(
    client: httpx.AsyncClient, owner: dict[str, str]
) -> None:
    ids = [(await create(client, owner, code=f"s-{i}"))["id"] for i in range(5)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        r = await client.get(URL, params=params, headers=owner)
        assert r.status_code == 200, r.text
        page = r.json()
        pages += 1
        assert len(page["items"]) <= 2
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids
    assert pages == 3

    r = await client.get(URL, headers=owner)
    assert [i["id"] for i in r.json()["items"]] == ids
    assert r.json()["next_cursor"] is None


async def test_list_filters(client: httpx.AsyncClient, owner: dict[str, str]) -> None:
    lyon = await create(client, owner, name="Lyon Part-Dieu", code="LYS-1")
    depot = await create(client, owner, name="North Depot 100%", code="WH-1", kind="warehouse")
    hq = await create(client, owner, name="Head office", code="HQ", kind="office")
    archived_depot = await create(client, owner, name="Old Depot", code="WH_OLD", kind="warehouse")
    await client.delete(f"{URL}/{archived_depot['id']}", headers=owner)

    async def ids(**params: Any) -> list[str]:
        r = await client.get(URL, params=params, headers=owner)
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()["items"]]

    assert await ids(q="lyon") == [lyon["id"]]  # name, any case
    assert await ids(q="part-DIEU") == [lyon["id"]]
    assert await ids(q="lys") == [lyon["id"]]  # code, any case
    assert await ids(q="depot") == [depot["id"]]
    assert await ids(q="depot", include_archived="true") == [depot["id"], archived_depot["id"]]
    assert await ids(q="100%") == [depot["id"]]  # LIKE wildcards match themselves
    assert await ids(q="%") == [depot["id"]]
    assert await ids(q="_") == []
    assert await ids(q="_", include_archived="true") == [archived_depot["id"]]
    assert await ids(kind="warehouse") == [depot["id"]]
    assert await ids(kind="office") == [hq["id"]]
    assert await ids(kind="branch") == []
    assert await ids(status="active") == [lyon["id"], depot["id"], hq["id"]]
    assert await ids(status="archived") == [archived_depot["id"]]
    assert await ids(status="archived", kind="office") == []


# --- who may do what --------------------------------------------------------------------


async def test_without_a_token_every_endpoint_answers_401(client: httpx.AsyncClient) -> None:
    some_id = uuid.uuid4()
    for method, url in (
        ("GET", URL),
        ("POST", URL),
        ("GET", f"{URL}/{some_id}"),
        ("PATCH", f"{URL}/{some_id}"),
        ("DELETE", f"{URL}/{some_id}"),
        ("POST", f"{URL}/{some_id}/restore"),
    ):
        body = payload() if method == "POST" else {} if method == "PATCH" else None
        r = await client.request(method, url, json=body)
        assert_problem(r, 401, "not_authenticated")
        assert r.headers["www-authenticate"] == "Bearer"


async def test_a_customer_may_do_nothing(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
    account: Account,
) -> None:
    created = await create(client, owner)
    item = f"{URL}/{created['id']}"
    calls = [
        client.get(URL, headers=account.headers),
        client.post(URL, json=payload(code="MINE"), headers=account.headers),
        client.get(item, headers=account.headers),
        client.patch(item, json={"name": "Mine"}, headers=account.headers),
        client.delete(item, headers=account.headers),
        client.post(f"{item}/restore", headers=account.headers),
    ]
    for call in calls:
        assert_problem(await call, 403, "permission_denied")
    rows = await stored(app, clock, tenant)
    assert list(rows) == ["HBR-01"]
    assert (rows["HBR-01"].name, rows["HBR-01"].status) == ("Harbour Street Store", "active")


async def test_another_tenants_location_is_not_found(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
    make_tenant: TenantFactory,
) -> None:
    created = await create(client, owner)
    item = f"{URL}/{created['id']}"
    intruder_tenant = await make_tenant()
    intruder = await login(client, intruder_tenant)

    assert_problem(await client.get(item, headers=intruder), 404, "location_not_found")
    r = await client.patch(item, json={"name": "Taken over"}, headers=intruder)
    assert_problem(r, 404, "location_not_found")
    assert_problem(await client.delete(item, headers=intruder), 404, "location_not_found")
    r = await client.post(f"{item}/restore", headers=intruder)
    assert_problem(r, 404, "location_not_found")
    r = await client.get(URL, params={"include_archived": "true"}, headers=intruder)
    assert r.json()["items"] == []

    row = (await stored(app, clock, tenant))["HBR-01"]
    assert (row.name, row.status, row.updated_at) == (
        "Harbour Street Store",
        "active",
        datetime.fromisoformat(created["updated_at"]),
    )
    assert len(await audit_rows(app, clock, tenant, created["id"])) == 1
    assert await audit_rows(app, clock, intruder_tenant, created["id"]) == []


async def test_a_reader_at_one_location_sees_only_it(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    owner: dict[str, str],
    account: Account,
) -> None:
    here = await create(client, owner, code="HERE")
    there = await create(client, owner, code="THERE")
    await grant(app, clock, account, "manager", here["id"])  # locations:read, not write
    headers = account.headers

    r = await client.get(URL, params={"include_archived": "true"}, headers=headers)
    assert r.status_code == 200, r.text
    assert [i["id"] for i in r.json()["items"]] == [here["id"]]
    r = await client.get(URL, params={"q": "there"}, headers=headers)
    assert r.json()["items"] == []
    assert (await client.get(f"{URL}/{here['id']}", headers=headers)).status_code == 200
    r = await client.get(f"{URL}/{there['id']}", headers=headers)
    assert_problem(r, 404, "location_not_found")

    # No write permission anywhere: every change is refused outright.
    r = await client.patch(f"{URL}/{here['id']}", json={"name": "Mine"}, headers=headers)
    assert_problem(r, 403, "permission_denied")
    assert_problem(
        await client.delete(f"{URL}/{here['id']}", headers=headers), 403, "permission_denied"
    )
    r = await client.post(URL, json=payload(code="NEW"), headers=headers)
    assert_problem(r, 403, "permission_denied")


async def test_a_writer_at_one_location_changes_only_it(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: dict[str, str],
    account: Account,
) -> None:
    here = await create(client, owner, code="HERE")
    there = await create(client, owner, code="THERE")
    await grant(app, clock, account, "admin", here["id"])  # locations:read and :write there
    headers = account.headers

    r = await client.patch(f"{URL}/{here['id']}", json={"name": "Renamed here"}, headers=headers)
    assert r.status_code == 200, r.text
    (_, audit) = await audit_rows(app, clock, tenant, here["id"])
    assert audit.actor_id == uuid.UUID(account.user_id)

    # A location they can't see answers as if it did not exist.
    r = await client.patch(f"{URL}/{there['id']}", json={"name": "Renamed"}, headers=headers)
    assert_problem(r, 404, "location_not_found")
    assert_problem(
        await client.delete(f"{URL}/{there['id']}", headers=headers), 404, "location_not_found"
    )
    assert_problem(
        await client.get(f"{URL}/{there['id']}", headers=headers), 404, "location_not_found"
    )

    # Creating needs the permission tenant-wide.
    r = await client.post(URL, json=payload(code="NEW"), headers=headers)
    assert_problem(r, 403, "permission_denied")

    # Seeing every location (staff, tenant-wide) but changing only one: 403 elsewhere.
    await grant(app, clock, account, "staff")
    r = await client.patch(f"{URL}/{there['id']}", json={"name": "Renamed"}, headers=headers)
    assert_problem(r, 403, "permission_denied")
    assert_problem(
        await client.delete(f"{URL}/{there['id']}", headers=headers), 403, "permission_denied"
    )
    r = await client.get(URL, headers=headers)
    assert [i["id"] for i in r.json()["items"]] == [here["id"], there["id"]]

    assert (await client.delete(f"{URL}/{here['id']}", headers=headers)).status_code == 204
    rows = await stored(app, clock, tenant)
    assert (rows["HERE"].name, rows["HERE"].status) == ("Renamed here", "archived")
    assert (rows["THERE"].name, rows["THERE"].status) == ("Harbour Street Store", "active")


async def test_an_admin_may_create_with_a_tenant_wide_grant(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    tenant: TenantInfo,
    make_account: AccountFactory,
) -> None:
    admin = await make_account(tenant)
    await grant(app, clock, admin, "admin")
    created = await create(client, admin.headers)
    (audit,) = await audit_rows(app, clock, tenant, created["id"])
    assert audit.actor_id == uuid.UUID(admin.user_id)


# --- money ------------------------------------------------------------------------------


def test_currencies_are_iso_4217_with_their_minor_units() -> None:
    assert validate_currency(" usd ") == "USD"
    assert (minor_units("EUR"), minor_units("jpy"), minor_units("KWD")) == (2, 0, 3)
    for code in ("XAU", "XXX", "XTS", "HRK", "EURO", "", "usd1"):
        with pytest.raises(UnknownCurrency):
            validate_currency(code)
    with pytest.raises(ValueError, match="ISO 4217"):
        minor_units("ABC")
