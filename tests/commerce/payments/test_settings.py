"""The tenant's processor settings and Stripe's webhook endpoint: secrets write-only and
encrypted at rest, who may change them, bad input changing nothing; webhook deliveries
checked with the tenant's signing secret, replays ignored."""

import time
import uuid

import httpx

from tests.commerce.payments.payment_api import (
    SECRET_KEY,
    SETTINGS,
    WEBHOOK_SECRET,
    Stored,
    deliver,
    signature,
    stripe_event,
    use_stripe,
    webhook_url,
)
from tests.fixtures.accounts import Account, TenantFactory, TenantInfo, login_owner, make_member
from tests.fixtures.messages import EventLog
from tests.fixtures.problems import assert_problem


async def test_the_default_is_the_test_processor(
    client: httpx.AsyncClient, owner: Account, tenant: TenantInfo
) -> None:
    r = await client.get(SETTINGS, headers=owner.headers)
    assert r.status_code == 200, r.text
    assert r.json() == {
        "processor": "test",
        "stripe_publishable_key": None,
        "stripe_secret_key_set": False,
        "stripe_webhook_secret_set": False,
        "stripe_webhook_path": f"/api/v1/payments/webhooks/stripe/{tenant.id}",
        "updated_at": None,
    }


async def test_secrets_are_write_only_encrypted_and_audited_as_set(
    client: httpx.AsyncClient, owner: Account, stored: Stored, events: EventLog
) -> None:
    body = await use_stripe(client, owner.headers)
    assert body["processor"] == "stripe"
    assert (body["stripe_secret_key_set"], body["stripe_webhook_secret_set"]) == (True, True)
    assert SECRET_KEY not in str(body) and WEBHOOK_SECRET not in str(body)
    r = await client.get(SETTINGS, headers=owner.headers)
    assert r.json() == body

    row = await stored.settings()
    assert row is not None and row.stripe_secret_key and row.stripe_webhook_secret
    assert SECRET_KEY.encode() not in row.stripe_secret_key
    assert WEBHOOK_SECRET.encode() not in row.stripe_webhook_secret
    (audit,) = await stored.audit_rows("payment_settings")
    assert audit.changes["stripe_secret_key"] == "[set]"
    assert SECRET_KEY not in str(audit.changes)
    (event,) = [
        e
        for e in await events.of_type("payment_settings.updated")
        if e["tenant_id"] == str(owner.tenant_id)
    ]
    assert SECRET_KEY not in str(event)

    r = await client.patch(SETTINGS, json={"stripe_webhook_secret": None}, headers=owner.headers)
    assert r.status_code == 200, r.text
    assert r.json()["stripe_webhook_secret_set"] is False
    assert r.json()["stripe_secret_key_set"] is True


async def test_bad_settings_change_nothing(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    for body in (
        {"processor": "stripe"},  # no secret key
        {"processor": "paypal"},
        {"processor": None},
        {"stripe_secret_key": "pk_live_not_a_secret"},
        {"stripe_webhook_secret": "sk_test_wrong_kind"},
        {"stripe_publishable_key": "sk_test_123"},
        {"tenant_id": str(uuid.uuid4())},
        {"stripe_secret_key": 12},
    ):
        r = await client.patch(SETTINGS, json=body, headers=owner.headers)
        assert r.status_code == 422, (body, r.text)
    assert await stored.settings() is None
    assert await stored.audit_rows("payment_settings") == []


async def test_settings_need_settings_write(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    manager = await make_member(client, owner, roles=("manager",))
    assert_problem(await client.get(SETTINGS, headers=manager.headers), 403, "permission_denied")
    r = await client.patch(SETTINGS, json={"processor": "test"}, headers=manager.headers)
    assert_problem(r, 403, "permission_denied")
    assert await stored.settings() is None


async def test_a_tenant_sees_only_its_own_settings(
    client: httpx.AsyncClient, owner: Account, make_tenant: TenantFactory
) -> None:
    await use_stripe(client, owner.headers)
    other = await login_owner(client, await make_tenant())
    r = await client.get(SETTINGS, headers=other.headers)
    assert (r.json()["processor"], r.json()["stripe_secret_key_set"]) == ("test", False)


# --- the webhook ------------------------------------------------------------------------------


async def test_a_signed_event_is_taken_once(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    await use_stripe(client, owner.headers)
    payload = stripe_event("customer.created", {"id": "cus_1", "object": "customer"})
    r = await deliver(client, owner.tenant_id, payload)
    assert r.status_code == 200, r.text
    assert r.json() == {"received": True, "duplicate": False}
    r = await deliver(client, owner.tenant_id, payload)  # Stripe delivers it again
    assert r.json() == {"received": True, "duplicate": True}
    (event,) = await stored.stripe_events()
    assert event.type == "customer.created"


async def test_a_delivery_without_a_valid_fresh_signature_is_refused(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    await use_stripe(client, owner.headers)
    payload = stripe_event("payment_intent.succeeded", {"id": "pi_1", "object": "payment_intent"})
    url = webhook_url(owner.tenant_id)
    refused = [
        await client.post(url, content=payload),
        await deliver(client, owner.tenant_id, payload, secret="whsec_someone_else"),
        await deliver(client, owner.tenant_id, payload, at=int(time.time()) - 600),
        await deliver(client, owner.tenant_id, payload, sig="t=1,v1=deadbeef"),
        await deliver(client, owner.tenant_id, payload + b" ", sig=signature(payload)),
    ]
    for r in refused:
        assert_problem(r, 400, "invalid_stripe_signature")
    assert await stored.stripe_events() == []


async def test_a_webhook_needs_a_configured_tenant(
    client: httpx.AsyncClient, owner: Account, make_tenant: TenantFactory
) -> None:
    payload = stripe_event("payment_intent.succeeded", {"id": "pi_1", "object": "payment_intent"})
    # No webhook secret yet, an unknown tenant, and another tenant's secret.
    assert_problem(
        await deliver(client, owner.tenant_id, payload), 404, "stripe_webhook_not_configured"
    )
    assert_problem(
        await deliver(client, uuid.uuid4(), payload), 404, "stripe_webhook_not_configured"
    )
    await use_stripe(client, owner.headers)
    other = await make_tenant()
    assert_problem(await deliver(client, other.id, payload), 404, "stripe_webhook_not_configured")
    r = await client.post(webhook_url("not-a-uuid"), content=payload)
    assert r.status_code == 422
