"""Customers: create, read, search, change and export, with their audit rows and events; bad
input; the link to a user account; unique emails (and a race for one); who may do what;
tenant isolation."""

import asyncio
import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest

from olympus.commerce.customers import service as customer_service
from tests.commerce.customers.customer_api import URL, Stored, create, payload
from tests.fixtures.accounts import (
    Account,
    AccountFactory,
    TenantFactory,
    TenantInfo,
    login_owner,
    make_member,
)
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, of
from tests.fixtures.platform_api import create_role
from tests.fixtures.problems import assert_problem

ADDRESS_OUT = {
    "label": "Home",
    "line1": "12 St James's Square",
    "line2": None,
    "city": "London",
    "region": None,
    "postal_code": "SW1Y 4JH",
    "country": "GB",
    "default_shipping": True,
    "default_billing": True,
}


# --- happy paths ------------------------------------------------------------------------


async def test_create_normalises_stores_audits_and_publishes(
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    stored: Stored,
    events: EventLog,
) -> None:
    r = await client.post(URL, json=payload(name="  Ada Lovelace "), headers=owner.headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["tenant_id"] == str(tenant.id)
    assert body["name"] == "Ada Lovelace"
    assert body["email"] == "ada.lovelace@example.com"
    assert body["phone"] == "+442079460958"
    assert body["addresses"] == [ADDRESS_OUT]
    assert body["tags"] == ["vip", "early adopter"]
    assert body["notes"] == "Prefers the afternoon"
    assert body["marketing_consent"] is False
    assert body["marketing_consent_at"] is None
    assert body["user_id"] is None
    assert body["erased_at"] is None
    assert body["created_at"] == body["updated_at"]

    (row,) = await stored.customers()
    assert str(row.id) == body["id"]
    assert (row.email, row.phone) == ("ada.lovelace@example.com", "+442079460958")
    assert row.addresses == [
        {
            "label": "Home",
            "line1": "12 St James's Square",
            "city": "London",
            "postal_code": "SW1Y 4JH",
            "country": "GB",
            "default_shipping": True,
            "default_billing": True,
        }
    ]
    assert await stored.tags() == {(body["id"], "vip"), (body["id"], "early adopter")}
    assert await stored.consents(body["id"]) == []

    # The audit row and the event name fields, never their values.
    (audit,) = await stored.audit_rows(body["id"])
    assert audit.action == "customer.created"
    assert audit.actor_id == tenant.owner_id
    assert audit.changes == {
        "fields": ["addresses", "email", "name", "notes", "phone", "tags"],
        "marketing_consent": False,
        "user_id": None,
    }
    (event,) = of(await events.of_type("customer.created"), customer_id=body["id"])
    assert event["tenant_id"] == str(tenant.id)
    assert event["data"] == {
        "customer_id": body["id"],
        "user_id": None,
        "marketing_consent": False,
    }


async def test_only_the_name_is_required(client: httpx.AsyncClient, owner: Account) -> None:
    r = await client.post(URL, json={"name": "Walk-in"}, headers=owner.headers)
    assert r.status_code == 201, r.text
    body = r.json()
    assert {k: body[k] for k in ("email", "phone", "notes", "user_id")} == dict.fromkeys(
        ("email", "phone", "notes", "user_id")
    )
    assert (body["addresses"], body["tags"], body["marketing_consent"]) == ([], [], False)
    # Many customers may have no email.
    r = await client.post(URL, json={"name": "Walk-in 2", "notes": "  "}, headers=owner.headers)
    assert r.status_code == 201, r.text
    assert r.json()["notes"] is None


async def test_consent_given_at_creation_is_stamped_and_kept(
    client: httpx.AsyncClient,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: Account,
    stored: Stored,
) -> None:
    before = clock.now()
    body = await create(client, owner.headers, marketing_consent=True)
    assert body["marketing_consent"] is True
    assert body["marketing_consent_at"] is not None
    (consent,) = await stored.consents(body["id"])
    assert (consent.marketing_consent, consent.source) == (True, "created")
    assert consent.actor_id == tenant.owner_id
    assert consent.recorded_at >= before


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12-34-56-78", "+33612345678"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("+49.30.901820", "+4930901820"),
    ],
)
async def test_phone_numbers_are_kept_in_e164(
    client: httpx.AsyncClient, owner: Account, sent: str, kept: str
) -> None:
    body = await create(client, owner.headers, email=None, phone=sent)
    assert body["phone"] == kept


async def test_get_one(client: httpx.AsyncClient, owner: Account) -> None:
    created = await create(client, owner.headers)
    r = await client.get(f"{URL}/{created['id']}", headers=owner.headers)
    assert r.status_code == 200
    assert r.json() == created

    r = await client.get(f"{URL}/{uuid.uuid4()}", headers=owner.headers)
    assert_problem(r, 404, "customer_not_found")
    r = await client.get(f"{URL}/not-a-uuid", headers=owner.headers)
    assert_problem(r, 422, "validation_error")


async def test_patch_changes_only_the_fields_sent(
    client: httpx.AsyncClient,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: Account,
    stored: Stored,
    events: EventLog,
) -> None:
    created = await create(client, owner.headers)
    clock.advance(seconds=5)
    r = await client.patch(
        f"{URL}/{created['id']}",
        json={"name": "Augusta Ada King", "tags": ["Mathematics"], "phone": "+44 20 7946 0958"},
        headers=owner.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["name"] == "Augusta Ada King"
    assert body["tags"] == ["mathematics"]
    unchanged = ("email", "phone", "addresses", "notes", "marketing_consent", "created_at")
    assert {k: body[k] for k in unchanged} == {k: created[k] for k in unchanged}
    assert body["updated_at"] > created["updated_at"]

    row = await stored.customer(created["id"])
    assert (row.name, row.tags) == ("Augusta Ada King", ["mathematics"])
    assert await stored.tags() == {(created["id"], "mathematics")}

    _, audit = await stored.audit_rows(created["id"])
    assert audit.action == "customer.updated"
    assert audit.actor_id == tenant.owner_id
    # The phone was sent but did not change: it is not among the changes.
    assert audit.changes == {"fields": ["name", "tags"]}
    (event,) = of(await events.of_type("customer.updated"), customer_id=created["id"])
    assert event["data"] == {"customer_id": created["id"], "fields": ["name", "tags"]}


async def test_patch_null_clears_what_may_be_cleared(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers)
    r = await client.patch(
        f"{URL}/{created['id']}",
        json={"email": None, "phone": None, "notes": None, "addresses": [], "tags": []},
        headers=owner.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["email"], body["phone"], body["notes"]) == (None, None, None)
    assert (body["addresses"], body["tags"]) == ([], [])
    assert body["name"] == "Ada Lovelace"
    row = await stored.customer(created["id"])
    assert (row.email, row.phone, row.notes, row.addresses, row.tags) == (None, None, None, [], [])
    assert await stored.tags() == set()
    _, audit = await stored.audit_rows(created["id"])
    assert audit.changes == {"fields": ["addresses", "email", "notes", "phone", "tags"]}


async def test_patch_replaces_the_addresses(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers)
    addresses = [
        {"label": "Home", "line1": "1 Rue de Rivoli", "city": "Paris", "country": "FR"},
        {"label": "Work", "line1": "2 Quai", "country": "fr", "default_billing": True},
        {"line1": "3 Bahnhofstrasse", "city": "Zürich", "country": "CH", "default_shipping": True},
    ]
    r = await client.patch(
        f"{URL}/{created['id']}", json={"addresses": addresses}, headers=owner.headers
    )
    assert r.status_code == 200, r.text
    out = r.json()["addresses"]
    assert [a["line1"] for a in out] == ["1 Rue de Rivoli", "2 Quai", "3 Bahnhofstrasse"]
    assert [a["country"] for a in out] == ["FR", "FR", "CH"]
    assert [(a["default_shipping"], a["default_billing"]) for a in out] == [
        (False, False),
        (False, True),
        (True, False),
    ]
    assert out[2]["label"] is None
    row = await stored.customer(created["id"])
    assert row.addresses[2] == {
        "line1": "3 Bahnhofstrasse",
        "city": "Zürich",
        "country": "CH",
        "default_shipping": True,
        "default_billing": False,
    }


async def test_consent_changes_are_stamped_and_kept_in_the_history(
    client: httpx.AsyncClient,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: Account,
    stored: Stored,
    events: EventLog,
) -> None:
    created = await create(client, owner.headers)
    item = f"{URL}/{created['id']}"
    clock.advance(seconds=5)
    r = await client.patch(item, json={"marketing_consent": True}, headers=owner.headers)
    assert r.status_code == 200, r.text
    given_at = r.json()["marketing_consent_at"]
    assert given_at is not None and given_at > created["created_at"]

    # Sending the same value again changes nothing, not even the stamp.
    clock.advance(seconds=5)
    r = await client.patch(item, json={"marketing_consent": True}, headers=owner.headers)
    assert r.json()["marketing_consent_at"] == given_at

    r = await client.patch(item, json={"marketing_consent": False}, headers=owner.headers)
    assert r.json()["marketing_consent"] is False
    assert r.json()["marketing_consent_at"] > given_at

    consents = await stored.consents(created["id"])
    assert [(c.marketing_consent, c.source) for c in consents] == [
        (True, "updated"),
        (False, "updated"),
    ]
    audits = await stored.audit_rows(created["id"])
    assert [a.changes for a in audits[1:]] == [
        {"fields": ["marketing_consent"], "marketing_consent": {"from": False, "to": True}},
        {"fields": ["marketing_consent"], "marketing_consent": {"from": True, "to": False}},
    ]
    updates = of(await events.of_type("customer.updated"), customer_id=created["id"])
    assert [e["data"]["fields"] for e in updates] == [["marketing_consent"]] * 2


async def test_patch_without_changes_records_nothing(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers)
    for body in (
        {},
        {"name": "Ada Lovelace", "email": "ADA.LOVELACE@example.com", "phone": "+442079460958"},
        {"tags": ["vip", "Early Adopter"], "marketing_consent": False},
    ):
        r = await client.patch(f"{URL}/{created['id']}", json=body, headers=owner.headers)
        assert r.status_code == 200, r.text
        assert r.json() == created
    assert [a.action for a in await stored.audit_rows(created["id"])] == ["customer.created"]


# --- the link to a user account -----------------------------------------------------------


async def test_a_customer_links_to_a_user_of_the_tenant(
    client: httpx.AsyncClient,
    owner: Account,
    account: Account,
    stored: Stored,
    events: EventLog,
) -> None:
    created = await create(client, owner.headers, user_id=account.user_id)
    assert created["user_id"] == account.user_id
    (event,) = of(await events.of_type("customer.created"), customer_id=created["id"])
    assert event["data"]["user_id"] == account.user_id

    # One customer per user account.
    r = await client.post(
        URL, json=payload(email=None, user_id=account.user_id), headers=owner.headers
    )
    assert_problem(r, 409, "customer_user_taken")
    other = await create(client, owner.headers, email=None)
    r = await client.patch(
        f"{URL}/{other['id']}", json={"user_id": account.user_id}, headers=owner.headers
    )
    assert_problem(r, 409, "customer_user_taken")

    # Unlinking frees the account for another customer.
    r = await client.patch(f"{URL}/{created['id']}", json={"user_id": None}, headers=owner.headers)
    assert r.status_code == 200, r.text
    assert r.json()["user_id"] is None
    _, audit = await stored.audit_rows(created["id"])
    assert audit.changes == {
        "fields": ["user_id"],
        "user_id": {"from": account.user_id, "to": None},
    }
    r = await client.patch(
        f"{URL}/{other['id']}", json={"user_id": account.user_id}, headers=owner.headers
    )
    assert r.status_code == 200, r.text


async def test_another_tenants_user_is_not_found(
    client: httpx.AsyncClient,
    owner: Account,
    stored: Stored,
    make_tenant: TenantFactory,
    make_account: AccountFactory,
) -> None:
    stranger = await make_account(await make_tenant())
    for user_id in (stranger.user_id, str(uuid.uuid4())):
        r = await client.post(URL, json=payload(user_id=user_id), headers=owner.headers)
        assert_problem(r, 404, "user_not_found")
    assert await stored.customers() == []

    created = await create(client, owner.headers)
    r = await client.patch(
        f"{URL}/{created['id']}",
        json={"user_id": stranger.user_id, "name": "Changed"},
        headers=owner.headers,
    )
    assert_problem(r, 404, "user_not_found")
    row = await stored.customer(created["id"])
    assert (row.user_id, row.name) == (None, "Ada Lovelace")
    assert len(await stored.audit_rows(created["id"])) == 1


# --- unique emails --------------------------------------------------------------------------


async def test_an_email_belongs_to_one_customer_of_the_tenant(
    client: httpx.AsyncClient,
    owner: Account,
    stored: Stored,
    make_tenant: TenantFactory,
) -> None:
    first = await create(client, owner.headers)
    r = await client.post(
        URL, json=payload(email="ADA.LOVELACE@EXAMPLE.COM", name="Twin"), headers=owner.headers
    )
    body = assert_problem(r, 409, "customer_email_taken")
    assert "ada.lovelace@example.com" in body["detail"]
    assert [c.id for c in await stored.customers()] == [uuid.UUID(first["id"])]

    second = await create(client, owner.headers, email="countess@example.com")
    r = await client.patch(
        f"{URL}/{second['id']}",
        json={"email": "Ada.Lovelace@example.com", "name": "Renamed"},
        headers=owner.headers,
    )
    assert_problem(r, 409, "customer_email_taken")
    row = await stored.customer(second["id"])
    assert (row.email, row.name) == ("countess@example.com", "Ada Lovelace")
    assert len(await stored.audit_rows(second["id"])) == 1

    # Another tenant may have a customer with the same email.
    other = await login_owner(client, await make_tenant())
    await create(client, other.headers)


async def test_concurrent_creates_of_one_email_give_one_customer(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    answers = await asyncio.gather(
        *(client.post(URL, json=payload(name=f"Ada {i}"), headers=owner.headers) for i in range(8))
    )
    assert sorted(r.status_code for r in answers) == [201] + [409] * 7, [r.text for r in answers]
    for r in answers:
        if r.status_code == 409:
            assert_problem(r, 409, "customer_email_taken")
    (row,) = await stored.customers()
    assert len(await stored.audit_rows(str(row.id))) == 1


async def test_a_race_past_the_look_up_answers_409_not_500(
    client: httpx.AsyncClient,
    owner: Account,
    stored: Stored,
    is_postgres: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two requests both find the email free, then both insert: on PostgreSQL the second
    waits on the first's row and is refused by the unique constraint once it commits."""
    if not is_postgres:
        pytest.skip("SQLite writers take turns: two can't both pass the look-up")
    barrier = asyncio.Barrier(2)
    look_up = customer_service._check_unique
    calls = 0

    async def look_up_then_meet(*args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        await look_up(*args, **kwargs)
        if calls <= 2:  # the two first look-ups; the loser's second one runs as it is
            async with asyncio.timeout(5):
                await barrier.wait()

    monkeypatch.setattr(customer_service, "_check_unique", look_up_then_meet)
    answers = await asyncio.gather(
        *(client.post(URL, json=payload(name=f"Ada {i}"), headers=owner.headers) for i in range(2))
    )
    monkeypatch.undo()
    assert sorted(r.status_code for r in answers) == [201, 409], [r.text for r in answers]
    assert calls == 3  # the loser was refused by the constraint, then looked again
    assert_problem(next(r for r in answers if r.status_code == 409), 409, "customer_email_taken")
    (row,) = await stored.customers()
    assert len(await stored.audit_rows(str(row.id))) == 1


async def test_the_database_constraint_answers_409_when_the_look_up_misses(
    client: httpx.AsyncClient,
    owner: Account,
    account: Account,
    stored: Stored,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What a request that loses the race sees on either engine: the look-up found the email
    (or the user account) free, the insert or the change hits the unique constraint."""
    first = await create(client, owner.headers, user_id=account.user_id)
    second = await create(client, owner.headers, email="countess@example.com")

    async def looks_free(*_: Any, **__: Any) -> None:
        return None

    monkeypatch.setattr(customer_service, "_check_unique", looks_free)
    r = await client.post(URL, json=payload(), headers=owner.headers)
    assert_problem(r, 409, "customer_email_taken")
    r = await client.patch(
        f"{URL}/{second['id']}", json={"email": "ada.lovelace@example.com"}, headers=owner.headers
    )
    assert_problem(r, 409, "customer_email_taken")
    r = await client.post(
        URL, json=payload(email=None, user_id=account.user_id), headers=owner.headers
    )
    assert_problem(r, 409, "customer_user_taken")
    r = await client.patch(
        f"{URL}/{second['id']}", json={"user_id": account.user_id}, headers=owner.headers
    )
    assert_problem(r, 409, "customer_user_taken")
    monkeypatch.undo()
    rows = await stored.customers()
    assert [str(c.id) for c in rows] == [first["id"], second["id"]]
    assert (rows[1].email, rows[1].user_id) == ("countess@example.com", None)
    assert len(await stored.audit_rows(second["id"])) == 1


async def test_concurrent_changes_of_one_customer_take_turns(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    """Writers of one customer queue on its row: every tag change lands whole, and one that
    comes after the erasure is refused."""
    created = await create(client, owner.headers)
    item = f"{URL}/{created['id']}"
    changes = [
        client.patch(item, json={"tags": [f"t{i}", "shared"]}, headers=owner.headers)
        for i in range(6)
    ]
    answers = await asyncio.gather(*changes, client.post(f"{item}/erase", headers=owner.headers))
    assert answers[-1].status_code == 200, answers[-1].text
    for r in answers[:-1]:
        assert r.status_code in (200, 409), r.text
        if r.status_code == 409:
            assert_problem(r, 409, "customer_erased")
    row = await stored.customer(created["id"])
    assert (row.name, row.tags) == ("Erased customer", [])
    assert await stored.tags() == set()
    updates = [a for a in await stored.audit_rows(created["id"]) if a.action == "customer.updated"]
    assert len(updates) == sum(r.status_code == 200 for r in answers[:-1])


# --- bad input --------------------------------------------------------------------------

BAD_CREATE = [
    ("name", "", ["body", "name"]),
    ("name", "   ", ["body", "name"]),
    ("name", "x" * 201, ["body", "name"]),
    ("name", None, ["body", "name"]),
    ("name", 42, ["body", "name"]),
    ("email", "not-an-email", ["body", "email"]),
    ("email", "ada@", ["body", "email"]),
    ("email", "Ada <ada@example.com>", ["body", "email"]),
    ("email", "", ["body", "email"]),
    ("phone", "06 12 34 56 78", ["body", "phone"]),
    ("phone", "+33 6", ["body", "phone"]),
    ("phone", "+0 612345678", ["body", "phone"]),
    ("phone", "+33 6 12 34 56 78 90 12 34", ["body", "phone"]),
    ("phone", "+33 6 12 34 56 7x", ["body", "phone"]),
    ("phone", "+٣٣٦١٢٣٤٥٦٧٨", ["body", "phone"]),
    ("phone", "+" + "1" * 40, ["body", "phone"]),
    ("phone", 33612345678, ["body", "phone"]),
    ("addresses", {"line1": "1 Main St", "country": "FR"}, ["body", "addresses"]),
    ("addresses", [{"line1": "1 Main St", "country": "XX"}], ["body", "addresses", 0, "country"]),
    ("addresses", [{"line1": "1 Main St", "country": "UK"}], ["body", "addresses", 0, "country"]),
    ("addresses", [{"line1": "1 Main St"}], ["body", "addresses", 0, "country"]),
    ("addresses", [{"country": "FR"}], ["body", "addresses", 0, "line1"]),
    ("addresses", [{"line1": "1", "country": "FR", "floor": 3}], ["body", "addresses", 0, "floor"]),
    (
        "addresses",
        [{"line1": "1", "country": "FR", "default_shipping": "yes"}],
        ["body", "addresses", 0, "default_shipping"],
    ),
    (
        "addresses",
        [{"line1": "1", "country": "FR", "label": ""}],
        ["body", "addresses", 0, "label"],
    ),
    (
        "addresses",
        [{"line1": "1", "country": "FR", "default_shipping": True}] * 2,
        ["body", "addresses"],
    ),
    (
        "addresses",
        [{"line1": "1", "country": "FR", "default_billing": True}] * 2,
        ["body", "addresses"],
    ),
    ("addresses", [{"line1": "1", "country": "FR"}] * 21, ["body", "addresses"]),
    ("tags", "vip", ["body", "tags"]),
    ("tags", [""], ["body", "tags", 0]),
    ("tags", ["x" * 41], ["body", "tags", 0]),
    ("tags", ["a\u200bb"], ["body", "tags", 0]),
    ("tags", [f"t{i}" for i in range(21)], ["body", "tags"]),
    ("notes", "x" * 5001, ["body", "notes"]),
    ("marketing_consent", "true", ["body", "marketing_consent"]),
    ("marketing_consent", 1, ["body", "marketing_consent"]),
    ("user_id", "not-a-uuid", ["body", "user_id"]),
    ("tenant_id", str(uuid.uuid4()), ["body", "tenant_id"]),
    ("id", str(uuid.uuid4()), ["body", "id"]),
    ("erased_at", "2030-01-01T00:00:00Z", ["body", "erased_at"]),
    ("marketing_consent_at", "2030-01-01T00:00:00Z", ["body", "marketing_consent_at"]),
]


@pytest.mark.parametrize(("field", "value", "loc"), BAD_CREATE)
async def test_create_refuses_bad_input(
    client: httpx.AsyncClient,
    owner: Account,
    stored: Stored,
    field: str,
    value: Any,
    loc: list[str | int],
) -> None:
    r = await client.post(URL, json=payload(**{field: value}), headers=owner.headers)
    body = assert_problem(r, 422, "validation_error")
    assert loc in [e["loc"] for e in body["errors"]], body
    assert await stored.customers() == []
    assert await stored.audit_rows() == []


BAD_PATCH = [
    *((field, None, ["body", field]) for field in ("name", "addresses", "tags")),
    ("marketing_consent", None, ["body", "marketing_consent"]),
    ("name", "", ["body", "name"]),
    ("email", "nobody", ["body", "email"]),
    ("phone", "12345", ["body", "phone"]),
    ("addresses", [{"line1": "1", "country": "ZZ"}], ["body", "addresses", 0, "country"]),
    ("tags", [42], ["body", "tags", 0]),
    ("erased_at", None, ["body", "erased_at"]),
    ("tenant_id", str(uuid.uuid4()), ["body", "tenant_id"]),
]


@pytest.mark.parametrize(("field", "value", "loc"), BAD_PATCH)
async def test_patch_refuses_bad_input_and_changes_nothing(
    client: httpx.AsyncClient,
    owner: Account,
    stored: Stored,
    field: str,
    value: Any,
    loc: list[str | int],
) -> None:
    created = await create(client, owner.headers)
    r = await client.patch(
        f"{URL}/{created['id']}", json={"name": "Changed", field: value}, headers=owner.headers
    )
    body = assert_problem(r, 422, "validation_error")
    assert loc in [e["loc"] for e in body["errors"]], body
    assert (await stored.customer(created["id"])).name == "Ada Lovelace"
    assert len(await stored.audit_rows(created["id"])) == 1


async def test_list_refuses_bad_filters(client: httpx.AsyncClient, owner: Account) -> None:
    for params in (
        {"limit": 0},
        {"limit": 201},
        {"tag": "x" * 41},
        {"tag": ""},
        {"q": "x" * 201},
        {"include_erased": "maybe"},
    ):
        r = await client.get(URL, params=params, headers=owner.headers)
        assert_problem(r, 422, "validation_error")
    r = await client.get(URL, params={"cursor": "bm90LWEtY3Vyc29y"}, headers=owner.headers)
    assert_problem(r, 422, "invalid_cursor")


# --- listing and search -------------------------------------------------------------------


async def test_list_paginates_in_creation_order(client: httpx.AsyncClient, owner: Account) -> None:
    ids = [(await create(client, owner.headers, email=f"c{i}@example.com"))["id"] for i in range(5)]
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        r = await client.get(URL, params=params, headers=owner.headers)
        assert r.status_code == 200, r.text
        pages += 1
        seen += [i["id"] for i in r.json()["items"]]
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
    assert (seen, pages) == (ids, 3)


async def test_search_by_name_email_and_phone(client: httpx.AsyncClient, owner: Account) -> None:
    ada = await create(client, owner.headers)
    grace = await create(
        client,
        owner.headers,
        name="Grace Hopper",
        email="grace_hopper@navy.example",
        phone="+1 (415) 555-0100",
        tags=["navy", "VIP"],
    )
    edsger = await create(
        client, owner.headers, name="Edsger Dijkstra 100%", email=None, phone=None, tags=[]
    )

    async def ids(**params: Any) -> list[str]:
        r = await client.get(URL, params=params, headers=owner.headers)
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()["items"]]

    assert await ids(q="lovelace") == [ada["id"]]  # name and email, any case
    assert await ids(q="GRACE H") == [grace["id"]]
    assert await ids(q="navy.EXAMPLE") == [grace["id"]]  # email only
    assert await ids(q="@") == [ada["id"], grace["id"]]
    assert await ids(q="+1 415 555") == [grace["id"]]  # phone, as it is written
    assert await ids(q="(415) 555-01") == [grace["id"]]
    assert await ids(q="0044 20 7946") == [ada["id"]]
    assert await ids(q="79460958") == [ada["id"]]
    assert await ids(q="100%") == [edsger["id"]]  # LIKE wildcards match themselves
    assert await ids(q="_") == [grace["id"]]
    assert await ids(q="nobody") == []
    assert await ids(q="  ") == [ada["id"], grace["id"], edsger["id"]]
    assert await ids(tag="vip") == [ada["id"], grace["id"]]
    assert await ids(tag=" Navy ") == [grace["id"]]
    assert await ids(tag="early adopter") == [ada["id"]]
    assert await ids(tag="vip", q="ada") == [ada["id"]]
    assert await ids(tag="unknown") == []


# --- export -------------------------------------------------------------------------------


async def test_export_holds_everything_about_the_customer(
    client: httpx.AsyncClient,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: Account,
    account: Account,
) -> None:
    created = await create(client, owner.headers, marketing_consent=True)
    other = await create(client, owner.headers, email="someone@example.com")
    item = f"{URL}/{created['id']}"
    r = await client.patch(
        item, json={"marketing_consent": False, "user_id": account.user_id}, headers=owner.headers
    )
    assert r.status_code == 200, r.text
    current = r.json()

    r = await client.get(f"{item}/export", headers=owner.headers)
    assert r.status_code == 200, r.text
    export = r.json()
    assert set(export) == {"exported_at", "customer", "consent_history", "audit"}
    assert export["customer"] == current
    assert export["customer"]["addresses"] == [ADDRESS_OUT]
    assert [(c["marketing_consent"], c["source"]) for c in export["consent_history"]] == [
        (True, "created"),
        (False, "updated"),
    ]
    assert {c["actor_id"] for c in export["consent_history"]} == {str(tenant.owner_id)}
    assert [a["action"] for a in export["audit"]] == ["customer.created", "customer.updated"]
    assert export["audit"][1]["changes"] == {
        "fields": ["marketing_consent", "user_id"],
        "marketing_consent": {"from": True, "to": False},
        "user_id": {"from": None, "to": account.user_id},
    }
    assert set(export["audit"][0]) == {"id", "actor_id", "action", "changes", "created_at"}
    assert other["id"] not in r.text
    exported_at = datetime.fromisoformat(export["exported_at"])
    assert exported_at >= datetime.fromisoformat(current["updated_at"])


# --- who may do what ----------------------------------------------------------------------


def _calls(item: str) -> list[tuple[str, str, Any]]:
    return [
        ("GET", URL, None),
        ("POST", URL, payload(email="mine@example.com")),
        ("GET", item, None),
        ("PATCH", item, {"name": "Mine"}),
        ("DELETE", item, None),
        ("POST", f"{item}/erase", None),
        ("GET", f"{item}/export", None),
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
    (row,) = await stored.customers()
    assert (row.name, row.erased_at) == ("Ada Lovelace", None)


async def test_readers_read_and_writers_write(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers)
    item = f"{URL}/{created['id']}"
    role = await create_role(client, owner.headers, ["customers:read"])
    reader = await make_member(client, owner, role_ids_to_grant=(role["id"],))
    for method, url, body in _calls(item):
        r = await client.request(method, url, json=body, headers=reader.headers)
        if method == "GET":
            assert r.status_code == 200, (method, url, r.text)
        else:
            assert_problem(r, 403, "permission_denied")

    staff = await make_member(client, owner, roles=("staff",))
    r = await client.patch(item, json={"notes": "Called back"}, headers=staff.headers)
    assert r.status_code == 200, r.text
    (_, audit) = await stored.audit_rows(created["id"])
    assert audit.actor_id == uuid.UUID(staff.user_id)


async def test_another_tenants_customer_is_not_found(
    client: httpx.AsyncClient,
    owner: Account,
    stored: Stored,
    make_tenant: TenantFactory,
) -> None:
    created = await create(client, owner.headers)
    intruder = await login_owner(client, await make_tenant())
    for method, url, body in _calls(f"{URL}/{created['id']}")[2:]:
        r = await client.request(method, url, json=body, headers=intruder.headers)
        assert_problem(r, 404, "customer_not_found")
    r = await client.get(URL, params={"include_erased": "true"}, headers=intruder.headers)
    assert r.json()["items"] == []
    r = await client.get(URL, params={"q": "ada"}, headers=intruder.headers)
    assert r.json()["items"] == []

    row = await stored.customer(created["id"])
    assert (row.name, row.erased_at, row.email) == (
        "Ada Lovelace",
        None,
        "ada.lovelace@example.com",
    )
    assert len(await stored.audit_rows(created["id"])) == 1
