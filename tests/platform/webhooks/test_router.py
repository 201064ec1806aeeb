"""Webhooks over HTTP: create, read, list, change, delete and rotate the secret, with their
audit rows and events; the secret shown only at creation and rotation; bad input changes
nothing; who may do what; tenant isolation."""

import uuid
from typing import Any

import httpx
import pytest

from olympus.platform.webhooks import service
from olympus.platform.webhooks.errors import WebhookUrlRefused
from tests.fixtures.accounts import Account, TenantFactory, TenantInfo, login_owner, make_member
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, of
from tests.fixtures.platform_api import create_role
from tests.fixtures.problems import assert_problem
from tests.platform.webhooks.conftest import URL, Stored, create


async def test_create_shows_the_secret_once_audits_and_publishes(
    client: httpx.AsyncClient,
    tenant: TenantInfo,
    owner: Account,
    stored: Stored,
    events: EventLog,
) -> None:
    r = await client.post(
        URL,
        json={
            "url": " http://127.0.0.1:9/hooks ",
            "events": ["order.*", "payment.processed", "order.*"],
            "description": " Orders to the ERP ",
        },
        headers=owner.headers,
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["tenant_id"] == str(tenant.id)
    assert body["url"] == "http://127.0.0.1:9/hooks"
    assert body["events"] == ["order.*", "payment.processed"]
    assert (body["description"], body["active"], body["consecutive_failures"]) == (
        "Orders to the ERP",
        True,
        0,
    )
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 30
    (row,) = await stored.webhooks()
    assert body["secret"].encode() not in row.sealed_secret  # sealed at rest
    assert stored.secret(row) == body["secret"]
    assert body["needs_secret_rotation"] is False

    # Never again: not in the item, the list, the audit row or the event.
    item = (await client.get(f"{URL}/{body['id']}", headers=owner.headers)).json()
    listed = (await client.get(URL, headers=owner.headers)).json()
    assert "secret" not in item and "secret" not in listed["items"][0]
    assert {k: v for k, v in body.items() if k != "secret"} == item
    (audit,) = await stored.audit_rows()
    assert audit.action == "webhook.created" and audit.target_id == body["id"]
    assert audit.actor_id == uuid.UUID(owner.user_id)
    assert body["secret"] not in str(audit.changes)
    (event,) = of(await events.of_type("webhook.created"), webhook_id=body["id"])
    assert event["data"]["changes"]["events"] == ["order.*", "payment.processed"]
    assert body["secret"] not in str(event)


async def test_update_delete_and_rotate(
    client: httpx.AsyncClient, owner: Account, stored: Stored, events: EventLog
) -> None:
    created = await create(client, owner.headers)
    item = f"{URL}/{created['id']}"
    r = await client.patch(
        item, json={"events": ["*"], "description": "All", "active": False}, headers=owner.headers
    )
    assert r.status_code == 200, r.text
    assert (r.json()["events"], r.json()["description"], r.json()["active"]) == (
        ["*"],
        "All",
        False,
    )
    (event,) = of(await events.of_type("webhook.updated"), webhook_id=created["id"])
    assert event["data"]["changes"] == {"events": ["*"], "description": "All", "active": False}

    r = await client.post(f"{item}/rotate-secret", headers=owner.headers)
    assert r.status_code == 200, r.text
    rotated = r.json()["secret"]
    assert rotated != created["secret"] and rotated.startswith("whsec_")
    assert stored.secret(await stored.webhook(created["id"])) == rotated
    assert of(await events.of_type("webhook.secret_rotated"), webhook_id=created["id"])

    r = await client.delete(item, headers=owner.headers)
    assert r.status_code == 204, r.text
    assert_problem(await client.get(item, headers=owner.headers), 404, "webhook_not_found")
    assert await stored.webhooks() == []
    assert [a.action for a in await stored.audit_rows()] == [
        "webhook.created",
        "webhook.updated",
        "webhook.secret_rotated",
        "webhook.deleted",
    ]
    assert of(await events.of_type("webhook.deleted"), webhook_id=created["id"])


async def test_list_pages_with_a_cursor(client: httpx.AsyncClient, owner: Account) -> None:
    ids = [(await create(client, owner.headers))["id"] for _ in range(3)]
    r = await client.get(URL, params={"limit": 2}, headers=owner.headers)
    first = r.json()
    assert [w["id"] for w in first["items"]] == ids[:2] and first["next_cursor"]
    r = await client.get(
        URL, params={"limit": 2, "cursor": first["next_cursor"]}, headers=owner.headers
    )
    assert [w["id"] for w in r.json()["items"]] == ids[2:]
    assert r.json()["next_cursor"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"events": ["order.*"]},
        {"url": "http://127.0.0.1:9/", "events": []},
        {"url": "http://127.0.0.1:9/", "events": ["Order.Created"]},
        {"url": "http://127.0.0.1:9/", "events": ["order created"]},
        {"url": "http://127.0.0.1:9/", "events": "order.*"},
        {"url": "http://127.0.0.1:9/", "events": ["order.*"] * 0 + [f"e{i}" for i in range(51)]},
        {"url": "http://127.0.0.1:9/", "events": ["order.*"], "active": "yes"},
        {"url": "http://127.0.0.1:9/", "events": ["order.*"], "secret": "mine"},
        {"url": "http://127.0.0.1:9/", "events": ["order.*"], "description": "x" * 501},
        {"url": "x" * 2001, "events": ["order.*"]},
        {"url": "http://127.0.0.1:9/\u0000", "events": ["order.*"]},
    ],
)
async def test_bad_input_is_422_and_changes_nothing(
    client: httpx.AsyncClient, owner: Account, stored: Stored, body: dict[str, Any]
) -> None:
    r = await client.post(URL, json=body, headers=owner.headers)
    assert_problem(r, 422, "validation_error")
    assert await stored.webhooks() == []


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/hooks",
        "127.0.0.1/hooks",
        "https:///hooks",
        "https://user:pass@127.0.0.1/hooks",
        "https://127.0.0.1:99999/hooks",
    ],
)
async def test_urls_that_are_not_web_addresses_are_refused(
    client: httpx.AsyncClient, owner: Account, stored: Stored, url: str
) -> None:
    r = await client.post(URL, json={"url": url, "events": ["*"]}, headers=owner.headers)
    assert_problem(r, 422, "webhook_url_refused")
    created = await create(client, owner.headers)
    r = await client.patch(f"{URL}/{created['id']}", json={"url": url}, headers=owner.headers)
    assert_problem(r, 422, "webhook_url_refused")
    (row,) = await stored.webhooks()
    assert row.url == "http://127.0.0.1:9/hooks"


async def test_bad_updates_are_422_and_change_nothing(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers)
    bodies: list[dict[str, Any]] = [
        {"url": None},
        {"events": []},
        {"active": None},
        {"tenant_id": "x"},
    ]
    for body in bodies:
        r = await client.patch(f"{URL}/{created['id']}", json=body, headers=owner.headers)
        assert_problem(r, 422, "validation_error")
    r = await client.get(f"{URL}/not-an-id", headers=owner.headers)
    assert_problem(r, 422, "validation_error")
    (row,) = await stored.webhooks()
    assert (row.url, row.events, row.active) == ("http://127.0.0.1:9/hooks", ["order.*"], True)
    assert len(await stored.audit_rows()) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.216.34/hooks",  # public, but not https
        "https://127.0.0.1/hooks",
        "https://10.1.2.3/hooks",
        "https://172.16.0.1/hooks",
        "https://192.168.1.1/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://100.100.100.200/hooks",
        "https://[::1]/hooks",
        "https://[fd00:ec2::254]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://0.0.0.0/hooks",
        "https://localhost/hooks",
    ],
)
async def test_without_private_networks_the_service_refuses_non_public_urls(
    app: Any, clock: MovableClock, tenant: TenantInfo, url: str
) -> None:
    """WEBHOOK_ALLOW_PRIVATE_NETWORKS off (production): at creation and at change."""
    box = app.state.webhook_secrets
    async with app.state.db.unit_of_work(clock=clock, tenant_id=tenant.id) as uow:
        with pytest.raises(WebhookUrlRefused):
            await service.create_webhook(uow, box=box, url=url, events=["*"], allow_private=False)
        webhook, _ = await service.create_webhook(
            uow, box=box, url="http://127.0.0.1:9/", events=["*"], allow_private=True
        )
        with pytest.raises(WebhookUrlRefused):
            await service.update_webhook(uow, webhook.id, changes={"url": url}, allow_private=False)


# --- who may do what ----------------------------------------------------------------------------


def _calls(item: str) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("GET", URL, None),
        ("POST", URL, {"url": "http://127.0.0.1:9/other", "events": ["*"]}),
        ("GET", item, None),
        ("PATCH", item, {"description": "Changed"}),
        ("DELETE", item, None),
        ("POST", f"{item}/rotate-secret", None),
        ("GET", f"{item}/deliveries", None),
        ("POST", f"{item}/ping", None),
        ("POST", f"{item}/deliveries/{uuid.uuid4()}/redeliver", None),
    ]


async def test_without_a_token_every_endpoint_answers_401(client: httpx.AsyncClient) -> None:
    for method, url, body in _calls(f"{URL}/{uuid.uuid4()}"):
        r = await client.request(method, url, json=body)
        assert_problem(r, 401, "not_authenticated")


async def test_without_the_permission_every_endpoint_answers_403(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    created = await create(client, owner.headers)
    role = await create_role(client, owner.headers, ["locations:read", "audit:read"])
    member = await make_member(client, owner, role_ids_to_grant=(role["id"],))
    for method, url, body in _calls(f"{URL}/{created['id']}"):
        r = await client.request(method, url, json=body, headers=member.headers)
        assert_problem(r, 403, "permission_denied")
    (row,) = await stored.webhooks()
    assert (row.description, stored.secret(row)) == ("", created["secret"])
    assert await stored.deliveries() == []

    role = await create_role(client, owner.headers, ["webhooks:manage"])
    manager = await make_member(client, owner, role_ids_to_grant=(role["id"],))
    r = await client.patch(
        f"{URL}/{created['id']}", json={"description": "Mine"}, headers=manager.headers
    )
    assert r.status_code == 200, r.text
    assert (await stored.audit_rows())[-1].actor_id == uuid.UUID(manager.user_id)


async def test_admins_hold_the_permission(client: httpx.AsyncClient, owner: Account) -> None:
    admin = await make_member(client, owner, roles=("admin",))
    r = await client.get(URL, headers=admin.headers)
    assert r.status_code == 200, r.text


async def test_another_tenants_webhook_is_not_found(
    client: httpx.AsyncClient, owner: Account, stored: Stored, make_tenant: TenantFactory
) -> None:
    created = await create(client, owner.headers)
    r = await client.post(f"{URL}/{created['id']}/ping", headers=owner.headers)
    delivery_id = r.json()["id"]
    intruder = await login_owner(client, await make_tenant())
    item = f"{URL}/{created['id']}"
    for method, url, body in _calls(item)[2:]:
        r = await client.request(method, url, json=body, headers=intruder.headers)
        assert_problem(r, 404, "webhook_not_found")
    r = await client.post(f"{item}/deliveries/{delivery_id}/redeliver", headers=intruder.headers)
    assert_problem(r, 404, "webhook_not_found")
    assert (await client.get(URL, headers=intruder.headers)).json()["items"] == []
    (row,) = await stored.webhooks()
    assert (row.description, stored.secret(row)) == ("", created["secret"])
    assert len(await stored.deliveries()) == 1
