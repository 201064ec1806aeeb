"""Erasing a customer's personal data (POST /erase and DELETE): the row stays under its id
with its personal fields cleared, nothing of the erased data is left in audit rows or events,
later changes are refused, and erasing again changes nothing."""

import uuid
from typing import Any

import httpx
import orjson

from tests.commerce.customers.customer_api import URL, Stored, create, payload
from tests.fixtures.accounts import Account, TenantFactory, TenantInfo, login_owner
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, of
from tests.fixtures.problems import assert_problem

# What the customer made in each test gives away about themselves.
PERSONAL_VALUES = (
    "Ada Lovelace",
    "ada.lovelace@example.com",
    "Ada.Lovelace",
    "+442079460958",
    "St James",
    "SW1Y",
    "London",
    "Prefers the afternoon",
    "early adopter",
)


async def make_customer(client: httpx.AsyncClient, owner: Account, **fields: Any) -> Any:
    """A customer with every personal field set, who consented to marketing."""
    created = await create(client, owner.headers, marketing_consent=True, notes=None, **fields)
    r = await client.patch(
        f"{URL}/{created['id']}", json={"notes": "Prefers the afternoon"}, headers=owner.headers
    )
    assert r.status_code == 200, r.text
    return r.json()


async def test_erasure_anonymises_keeps_the_row_audits_and_publishes(
    client: httpx.AsyncClient,
    clock: MovableClock,
    tenant: TenantInfo,
    owner: Account,
    account: Account,
    stored: Stored,
    events: EventLog,
) -> None:
    created = await make_customer(client, owner, user_id=account.user_id)
    clock.advance(seconds=5)
    r = await client.post(f"{URL}/{created['id']}/erase", headers=owner.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == created["id"]
    assert body["name"] == "Erased customer"
    assert (body["email"], body["phone"], body["notes"], body["user_id"]) == (None,) * 4
    assert (body["addresses"], body["tags"]) == ([], [])
    assert body["marketing_consent"] is False
    assert body["erased_at"] is not None
    assert body["erased_at"] == body["updated_at"] == body["marketing_consent_at"]
    assert body["created_at"] == created["created_at"]

    row = await stored.customer(created["id"])
    assert (row.name, row.email, row.phone, row.notes, row.user_id) == (
        "Erased customer",
        None,
        None,
        None,
        None,
    )
    assert (row.addresses, row.tags, row.marketing_consent) == ([], [], False)
    assert row.erased_at is not None
    assert await stored.tags() == set()
    consents = await stored.consents(created["id"])
    assert [(c.marketing_consent, c.source) for c in consents] == [
        (True, "created"),
        (False, "erased"),
    ]

    audits = await stored.audit_rows(created["id"])
    assert [a.action for a in audits] == ["customer.created", "customer.updated", "customer.erased"]
    assert audits[-1].actor_id == tenant.owner_id
    assert audits[-1].changes == {
        "fields": [
            "addresses",
            "email",
            "marketing_consent",
            "name",
            "notes",
            "phone",
            "tags",
            "user_id",
        ]
    }
    (event,) = of(await events.of_type("customer.erased"), customer_id=created["id"])
    assert event["data"] == {"customer_id": created["id"]}


async def test_nothing_of_the_erased_data_is_left_in_audit_rows_or_events(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await make_customer(client, owner)
    r = await client.patch(
        f"{URL}/{created['id']}",
        json={"phone": "+33 6 12 34 56 78", "tags": ["regular"], "name": "Ada King"},
        headers=owner.headers,
    )
    assert r.status_code == 200, r.text
    r = await client.delete(f"{URL}/{created['id']}", headers=owner.headers)
    assert r.status_code == 204, r.text

    kept = [orjson.dumps(a.changes).decode() for a in await stored.audit_rows()]
    kept += [orjson.dumps(e.data).decode() for e in await stored.outbox()]
    kept.append(orjson.dumps((await stored.customer(created["id"])).addresses).decode())
    for value in (*PERSONAL_VALUES, "Ada King", "+33612345678", "regular"):
        leaks = [text for text in kept if value.lower() in text.lower()]
        assert not leaks, (value, leaks)

    r = await client.get(f"{URL}/{created['id']}/export", headers=owner.headers)
    assert r.status_code == 200, r.text
    for value in PERSONAL_VALUES:
        assert value.lower() not in r.text.lower(), value


async def test_an_erased_customer_cant_be_changed(
    client: httpx.AsyncClient, owner: Account, stored: Stored, events: EventLog
) -> None:
    created = await make_customer(client, owner)
    item = f"{URL}/{created['id']}"
    erased = (await client.post(f"{item}/erase", headers=owner.headers)).json()
    for body in ({"name": "Ada again"}, {"email": "ada@example.com"}, {"tags": ["vip"]}, {}):
        r = await client.patch(item, json=body, headers=owner.headers)
        assert_problem(r, 409, "customer_erased")
    assert (await client.get(item, headers=owner.headers)).json() == erased
    audits = await stored.audit_rows(created["id"])
    assert audits[-1].action == "customer.erased"
    assert len(of(await events.of_type("customer.updated"), customer_id=created["id"])) == 1


async def test_erasing_again_changes_and_records_nothing(
    client: httpx.AsyncClient, clock: MovableClock, owner: Account, stored: Stored, events: EventLog
) -> None:
    created = await make_customer(client, owner)
    item = f"{URL}/{created['id']}"
    first = await client.post(f"{item}/erase", headers=owner.headers)
    assert first.status_code == 200, first.text
    clock.advance(seconds=5)
    again = await client.post(f"{item}/erase", headers=owner.headers)
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    r = await client.delete(item, headers=owner.headers)
    assert r.status_code == 204
    assert r.content == b""

    actions = [a.action for a in await stored.audit_rows(created["id"])]
    assert actions.count("customer.erased") == 1
    assert len(of(await events.of_type("customer.erased"), customer_id=created["id"])) == 1
    assert len(await stored.consents(created["id"])) == 2


async def test_delete_erases(
    client: httpx.AsyncClient, owner: Account, stored: Stored, events: EventLog
) -> None:
    created = await make_customer(client, owner)
    r = await client.delete(f"{URL}/{created['id']}", headers=owner.headers)
    assert r.status_code == 204, r.text
    row = await stored.customer(created["id"])
    assert (row.name, row.email) == ("Erased customer", None)
    assert row.erased_at is not None
    assert [a.action for a in await stored.audit_rows(created["id"])][-1] == "customer.erased"
    assert len(of(await events.of_type("customer.erased"), customer_id=created["id"])) == 1


async def test_erased_customers_leave_lists_and_searches_and_free_their_email(
    client: httpx.AsyncClient, owner: Account, account: Account
) -> None:
    erased = await make_customer(client, owner, user_id=account.user_id)
    kept = await create(
        client, owner.headers, email="grace@example.com", name="Grace Hopper", phone=None
    )
    r = await client.post(f"{URL}/{erased['id']}/erase", headers=owner.headers)
    assert r.status_code == 200, r.text

    async def ids(**params: Any) -> list[str]:
        r = await client.get(URL, params=params, headers=owner.headers)
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()["items"]]

    assert await ids() == [kept["id"]]
    assert await ids(include_erased="true") == [erased["id"], kept["id"]]
    for q in ("lovelace", "ada.lovelace@example.com", "7946"):
        assert await ids(q=q, include_erased="true") == []
    assert await ids(tag="vip", include_erased="true") == [kept["id"]]
    assert await ids(q="erased customer", include_erased="true") == [erased["id"]]

    # The email and the user account are free for a new customer record.
    again = await create(client, owner.headers, user_id=account.user_id)
    assert again["email"] == "ada.lovelace@example.com"
    assert again["id"] != erased["id"]


async def test_erasure_needs_write_and_is_kept_within_the_tenant(
    client: httpx.AsyncClient,
    owner: Account,
    account: Account,
    stored: Stored,
    make_tenant: TenantFactory,
) -> None:
    created = await make_customer(client, owner)
    item = f"{URL}/{created['id']}"
    for call in (
        client.post(f"{item}/erase", headers=account.headers),
        client.delete(item, headers=account.headers),
    ):
        assert_problem(await call, 403, "permission_denied")
    intruder = await login_owner(client, await make_tenant())
    for call in (
        client.post(f"{item}/erase", headers=intruder.headers),
        client.delete(item, headers=intruder.headers),
    ):
        assert_problem(await call, 404, "customer_not_found")
    for call in (
        client.post(f"{URL}/{uuid.uuid4()}/erase", headers=owner.headers),
        client.delete(f"{URL}/{uuid.uuid4()}", headers=owner.headers),
    ):
        assert_problem(await call, 404, "customer_not_found")
    row = await stored.customer(created["id"])
    assert (row.name, row.erased_at) == ("Ada Lovelace", None)
    assert [a.action for a in await stored.audit_rows(created["id"])][-1] == "customer.updated"


async def test_export_after_erasure_shows_what_is_still_held(
    client: httpx.AsyncClient, owner: Account
) -> None:
    created = await make_customer(client, owner)
    item = f"{URL}/{created['id']}"
    erased = (await client.post(f"{item}/erase", headers=owner.headers)).json()
    r = await client.get(f"{item}/export", headers=owner.headers)
    assert r.status_code == 200, r.text
    export = r.json()
    assert export["customer"] == erased
    assert [(c["marketing_consent"], c["source"]) for c in export["consent_history"]] == [
        (True, "created"),
        (False, "erased"),
    ]
    assert [a["action"] for a in export["audit"]] == [
        "customer.created",
        "customer.updated",
        "customer.erased",
    ]
    assert payload()["name"] not in r.text
