"""Webhook deliveries against a real HTTP receiver on loopback: each matching event POSTed as
its envelope, signed; retries with growing delays; failed after the retry window; an endpoint
failing in a row disabled (event and audit row); redelivery; pings; the delivery log; a
restart loses nothing."""

import asyncio
import hashlib
import hmac
import itertools
import time
import uuid
from typing import Any

import httpx
import orjson
from fastapi import FastAPI

from olympus.core.pagination import PageParams
from olympus.platform.webhooks import service
from olympus.platform.webhooks.models import WebhookDelivery
from olympus.platform.webhooks.worker import DeliveryWorker
from tests.fixtures.accounts import Account, TenantInfo, login_owner
from tests.fixtures.apps import MovableClock
from tests.fixtures.messages import EventLog, of
from tests.fixtures.problems import assert_problem
from tests.platform.webhooks.conftest import URL, Stored, create, eventually
from tests.platform.webhooks.receiver import Receiver, running_receiver


def verify(
    secret: str, header: str, body: bytes, *, tolerance: int = 300, now: float | None = None
) -> bool:
    """The verification a receiver does (as docs/API.md shows it). `now`: the receiver's
    time, here the service's clock (the suite's clock may run ahead of the wall's)."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts["v1"])


async def _location(client: httpx.AsyncClient, headers: dict[str, str], code: str) -> str:
    r = await client.post(
        "/api/v1/locations",
        json={"name": f"Shop {code}", "code": code, "timezone": "UTC", "currency": "EUR"},
        headers=headers,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def _deliveries(
    client: httpx.AsyncClient, headers: dict[str, str], webhook_id: str, **params: Any
) -> list[dict[str, Any]]:
    r = await client.get(f"{URL}/{webhook_id}/deliveries", params=params, headers=headers)
    assert r.status_code == 200, r.text
    items: list[dict[str, Any]] = r.json()["items"]
    return items


async def _settled(
    client: httpx.AsyncClient, headers: dict[str, str], webhook_id: str, count: int = 1
) -> list[dict[str, Any]]:
    """The log once `count` deliveries are no longer pending."""

    async def done() -> list[dict[str, Any]] | None:
        items = await _deliveries(client, headers, webhook_id)
        return items if len([d for d in items if d["status"] != "pending"]) >= count else None

    result: list[dict[str, Any]] = await eventually(done)
    return result


async def test_matching_events_are_posted_signed(
    client: httpx.AsyncClient,
    owner: Account,
    tenant: TenantInfo,
    receiver: Receiver,
    events: EventLog,
    clock: MovableClock,
) -> None:
    hook = await create(client, owner.headers, url=receiver.url, events=["location.created"])
    location_id = await _location(client, owner.headers, "SIGNED")
    await client.patch(  # location.updated: not asked for
        f"/api/v1/locations/{location_id}", json={"name": "Renamed"}, headers=owner.headers
    )
    (request,) = await receiver.wait_for(1)
    (event,) = of(await events.of_type("location.created"), location_id=location_id)

    assert (request.method, request.path) == ("POST", "/hooks")
    assert request.headers["content-type"] == "application/json"
    assert request.headers["olympus-event-id"] == event["id"]
    assert request.headers["olympus-event-type"] == "location.created"
    assert request.headers["host"] == f"127.0.0.1:{receiver.port}"
    assert orjson.loads(request.body) == event  # the envelope, as on the stream
    assert verify(
        hook["secret"],
        request.headers["olympus-signature"],
        request.body,
        now=clock.now().timestamp(),
    )
    assert not verify(
        "whsec_other",
        request.headers["olympus-signature"],
        request.body,
        now=clock.now().timestamp(),
    )
    assert not verify(
        hook["secret"],
        request.headers["olympus-signature"],
        request.body + b" ",
        now=clock.now().timestamp(),
    )

    (delivery,) = await _settled(client, owner.headers, hook["id"])
    assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == (
        "succeeded",
        1,
        200,
    )
    assert (delivery["event_id"], delivery["event_type"]) == (event["id"], "location.created")
    assert delivery["delivered_at"] and delivery["last_attempt_at"]
    assert delivery["next_attempt_at"] is None
    await asyncio.sleep(0.3)
    assert len(receiver.requests) == 1  # once, and nothing for the update
    assert tenant.id  # the tenant of the owner


def test_retry_delays_double_with_jitter_up_to_an_hour() -> None:
    for attempts in range(1, 40):
        full = min(3600.0, 10.0 * 2 ** (attempts - 1))
        delays = {service.retry_delay(attempts, 10.0) for _ in range(50)}
        assert all(full / 2 <= d <= full for d in delays), (attempts, delays)
        assert len(delays) > 1  # jittered


async def test_old_timestamps_are_rejected_by_the_documented_check() -> None:
    body = b'{"id": "x"}'
    secret = "whsec_test"
    old = int(time.time()) - 3600
    mac = hmac.new(secret.encode(), f"{old}.".encode() + body, hashlib.sha256).hexdigest()
    assert not verify(secret, f"t={old},v1={mac}", body)


async def test_failures_are_retried_with_growing_delays_until_accepted(
    client: httpx.AsyncClient, owner: Account, stored: Stored
) -> None:
    async with running_receiver(statuses=[500, 503, 404]) as receiver:
        hook = await create(client, owner.headers, url=receiver.url, events=["location.*"])
        await _location(client, owner.headers, "RETRY")
        requests = await receiver.wait_for(4)
        (delivery,) = await _settled(client, owner.headers, hook["id"])
    assert {r.headers["olympus-event-id"] for r in requests} == {delivery["event_id"]}
    gaps = [b.at - a.at for a, b in itertools.pairwise(requests)]
    # base 0.05 s, doubling, a random half taken off: at least 0.025, 0.05, 0.1 s (the
    # exact schedule is `test_retry_delays_double_with_jitter_up_to_an_hour`'s).
    assert gaps[0] >= 0.025 and gaps[1] >= 0.05 and gaps[2] >= 0.1, gaps
    assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == (
        "succeeded",
        4,
        200,
    )
    webhook = await stored.webhook(hook["id"])
    assert (webhook.active, webhook.consecutive_failures) == (True, 0)


async def test_a_timeout_is_a_failed_attempt(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    async with running_receiver(delay=3.0) as receiver:  # WEBHOOK_TIMEOUT_SECONDS is 2
        hook = await create(client, owner.headers, url=receiver.url, events=["location.*"])
        r = await client.post(f"{URL}/{hook['id']}/ping", headers=owner.headers)
        assert r.status_code == 202
        await receiver.wait_for(1)

        async def attempted() -> list[dict[str, Any]] | None:
            items = await _deliveries(client, owner.headers, hook["id"])
            return items if items[0]["attempts"] else None

        (delivery,) = await eventually(attempted)
    assert delivery["last_status_code"] is None
    assert "timeout" in delivery["last_error"]


async def test_a_delivery_failing_past_the_retry_window_fails(
    client: httpx.AsyncClient,
    owner: Account,
    stored: Stored,
    tenant: TenantInfo,
    clock: MovableClock,
    app: FastAPI,
) -> None:
    async with running_receiver(default_status=500) as receiver:
        hook = await create(client, owner.headers, url=receiver.url, events=["location.*"])
        await _location(client, owner.headers, "LATE")
        await receiver.wait_for(1)

        async def attempted() -> bool:
            return any(d.attempts for d in await stored.deliveries(hook["id"]))

        await eventually(attempted)  # the first failure is scheduled for a retry...
        clock.advance(hours=25)  # ...which comes after the window

        async def settled() -> list[WebhookDelivery] | None:
            async with app.state.db.unit_of_work(
                clock=clock, write=False, tenant_id=tenant.id
            ) as uow:
                rows, _ = await service.list_deliveries(
                    uow, uuid.UUID(hook["id"]), page=PageParams(limit=50, cursor=None)
                )
            return rows if rows[0].status != "pending" else None

        try:
            rows = await eventually(settled)
        finally:
            clock.advance(hours=-25)
    assert rows[0].status == "failed" and rows[0].next_attempt_at is None
    assert rows[0].last_status_code == 500
    assert 2 <= rows[0].attempts < 5  # failed by the window, before the endpoint's limit


async def test_an_endpoint_failing_in_a_row_is_disabled(
    client: httpx.AsyncClient, owner: Account, stored: Stored, events: EventLog
) -> None:
    async with running_receiver(default_status=500) as receiver:
        hook = await create(client, owner.headers, url=receiver.url, events=["location.*"])
        await _location(client, owner.headers, "DOWN")
        await receiver.wait_for(5)  # WEBHOOK_DISABLE_AFTER_FAILURES is 5

        async def disabled() -> bool:
            return not (await stored.webhook(hook["id"])).active

        await eventually(disabled)
        await asyncio.sleep(0.3)
        assert len(receiver.requests) == 5  # nothing more once disabled

        webhook = (await client.get(f"{URL}/{hook['id']}", headers=owner.headers)).json()
        assert (webhook["active"], webhook["consecutive_failures"]) == (False, 5)
        assert webhook["disabled_at"]
        (event,) = of(await events.of_type("webhook.disabled"), webhook_id=hook["id"])
        assert event["data"]["changes"]["last_status_code"] == 500
        audits = [a for a in await stored.audit_rows() if a.action == "webhook.disabled"]
        assert len(audits) == 1 and audits[0].actor_id is None
        (delivery,) = await _deliveries(client, owner.headers, hook["id"])
        assert (delivery["status"], delivery["attempts"]) == ("pending", 5)

        # Pings and redeliveries wait until it is active again...
        r = await client.post(f"{URL}/{hook['id']}/ping", headers=owner.headers)
        assert_problem(r, 409, "webhook_inactive")
        # ...which resumes what waited.
        receiver.default_status = 204
        r = await client.patch(f"{URL}/{hook['id']}", json={"active": True}, headers=owner.headers)
        assert r.status_code == 200 and r.json()["consecutive_failures"] == 0
        (delivery,) = await _settled(client, owner.headers, hook["id"])
    assert (delivery["status"], delivery["attempts"], delivery["last_status_code"]) == (
        "succeeded",
        6,
        204,
    )


async def test_redelivery_sends_the_same_event_again(
    client: httpx.AsyncClient,
    owner: Account,
    receiver: Receiver,
    stored: Stored,
    clock: MovableClock,
) -> None:
    hook = await create(client, owner.headers, url=receiver.url, events=["location.*"])
    await _location(client, owner.headers, "AGAIN")
    (first,) = await receiver.wait_for(1)
    (delivery,) = await _settled(client, owner.headers, hook["id"])

    rotated = (
        await client.post(f"{URL}/{hook['id']}/rotate-secret", headers=owner.headers)
    ).json()["secret"]
    r = await client.post(
        f"{URL}/{hook['id']}/deliveries/{delivery['id']}/redeliver", headers=owner.headers
    )
    assert r.status_code == 202, r.text
    assert (r.json()["status"], r.json()["attempts"]) == ("pending", 0)
    _, second = await receiver.wait_for(2)
    assert second.body == first.body
    assert second.headers["olympus-event-id"] == first.headers["olympus-event-id"]
    assert verify(
        rotated, second.headers["olympus-signature"], second.body, now=clock.now().timestamp()
    )
    (again,) = await _settled(client, owner.headers, hook["id"])
    assert (again["id"], again["status"], again["attempts"]) == (delivery["id"], "succeeded", 1)
    assert [a.action for a in await stored.audit_rows()][-1] == "webhook.redelivered"

    r = await client.post(
        f"{URL}/{hook['id']}/deliveries/{uuid.uuid4()}/redeliver", headers=owner.headers
    )
    assert_problem(r, 404, "webhook_delivery_not_found")
    other = await create(client, owner.headers, url=receiver.url, events=["none.*"])
    r = await client.post(
        f"{URL}/{other['id']}/deliveries/{delivery['id']}/redeliver", headers=owner.headers
    )
    assert_problem(r, 404, "webhook_delivery_not_found")


async def test_ping_reaches_only_its_webhook(
    client: httpx.AsyncClient,
    owner: Account,
    tenant: TenantInfo,
    receiver: Receiver,
    clock: MovableClock,
) -> None:
    hook = await create(client, owner.headers, url=receiver.url, events=["location.*"])
    everything = await create(client, owner.headers, url=receiver.url, events=["*"])
    r = await client.post(f"{URL}/{hook['id']}/ping", headers=owner.headers)
    assert r.status_code == 202, r.text
    assert (r.json()["event_type"], r.json()["status"]) == ("webhook.ping", "pending")
    await _settled(client, owner.headers, hook["id"])
    await asyncio.sleep(0.3)
    pings = [q for q in receiver.requests if q.headers["olympus-event-type"] == "webhook.ping"]
    (request,) = pings  # once, to its webhook only
    body = orjson.loads(request.body)
    assert body["type"] == "webhook.ping" and body["data"] == {"webhook_id": hook["id"]}
    assert body["tenant_id"] == str(tenant.id) and body["id"] == r.json()["event_id"]
    assert verify(
        hook["secret"],
        request.headers["olympus-signature"],
        request.body,
        now=clock.now().timestamp(),
    )
    # The webhook listening to `*` got the webhooks' own events (creations), not the ping.
    seen = await _settled(client, owner.headers, everything["id"])
    assert {d["event_type"] for d in seen} == {"webhook.created"}


async def test_the_log_pages_newest_first_and_filters_by_status(
    client: httpx.AsyncClient, owner: Account, receiver: Receiver
) -> None:
    receiver.statuses = [410]
    hook = await create(client, owner.headers, url=receiver.url, events=["webhook.never"])
    for _ in range(3):
        r = await client.post(f"{URL}/{hook['id']}/ping", headers=owner.headers)
        assert r.status_code == 202
    await receiver.wait_for(4)
    items = await _settled(client, owner.headers, hook["id"], count=2)
    r = await client.get(
        f"{URL}/{hook['id']}/deliveries", params={"limit": 2}, headers=owner.headers
    )
    page = r.json()
    assert [d["id"] for d in page["items"]] == [d["id"] for d in items[:2]]
    assert items[0]["id"] > items[1]["id"] > items[2]["id"]
    r = await client.get(
        f"{URL}/{hook['id']}/deliveries",
        params={"limit": 2, "cursor": page["next_cursor"]},
        headers=owner.headers,
    )
    assert [d["id"] for d in r.json()["items"]] == [items[2]["id"]]

    async def all_sent() -> bool:
        sent = await _deliveries(client, owner.headers, hook["id"], status="succeeded")
        return len(sent) == 3

    await eventually(all_sent)
    assert await _deliveries(client, owner.headers, hook["id"], status="failed") == []
    r = await client.get(
        f"{URL}/{hook['id']}/deliveries", params={"status": "lost"}, headers=owner.headers
    )
    assert_problem(r, 422, "validation_error")


async def test_deliveries_wait_in_the_table_across_a_restart(
    app: FastAPI, client: httpx.AsyncClient, owner: Account, receiver: Receiver
) -> None:
    worker: DeliveryWorker = app.state.webhook_deliveries
    await worker.stop()
    try:
        hook = await create(client, owner.headers, url=receiver.url, events=["location.*"])
        await _location(client, owner.headers, "STOPPED")
        await app.state.relay.drain()
        await asyncio.sleep(0.3)
        assert receiver.requests == []
        (waiting,) = await _deliveries(client, owner.headers, hook["id"])
        assert (waiting["status"], waiting["attempts"]) == ("pending", 0)
    finally:
        worker.start()
    (request,) = await receiver.wait_for(1)
    assert request.headers["olympus-event-id"] == waiting["event_id"]


async def test_wrong_tenant_sees_no_delivery_log(
    client: httpx.AsyncClient, owner: Account, receiver: Receiver, make_tenant: Any
) -> None:
    hook = await create(client, owner.headers, url=receiver.url, events=["location.*"])
    await _location(client, owner.headers, "MINE")
    await receiver.wait_for(1)
    (delivery,) = await _settled(client, owner.headers, hook["id"])
    intruder = await login_owner(client, await make_tenant())
    r = await client.get(f"{URL}/{hook['id']}/deliveries", headers=intruder.headers)
    assert_problem(r, 404, "webhook_not_found")
    r = await client.post(
        f"{URL}/{hook['id']}/deliveries/{delivery['id']}/redeliver", headers=intruder.headers
    )
    assert_problem(r, 404, "webhook_not_found")
    await asyncio.sleep(0.2)
    assert len(receiver.requests) == 1


async def test_deliveries_handed_to_a_worker_that_died_are_sent_after_its_lease(
    app: FastAPI,
    clock: MovableClock,
    client: httpx.AsyncClient,
    owner: Account,
    tenant: TenantInfo,
    receiver: Receiver,
) -> None:
    """The relay writes the deliveries leased to its process's worker and hands them over;
    if that worker dies before sending them, any worker takes them once the lease ends."""

    class DeadWorker:
        lease_seconds = 1.0

        def wake(self) -> None:
            pass

        def take(self, claimed: list[Any]) -> None:
            pass  # lost with the process

    hook = await create(client, owner.headers, url=receiver.url, events=["lease.*"])
    event_id = str(uuid.uuid4())
    envelope = {
        "id": event_id,
        "type": "lease.tested",
        "tenant_id": str(tenant.id),
        "occurred_at": clock.now().isoformat(),
        "version": 1,
        "data": {},
    }
    async with app.state.db.unit_of_work(clock=clock, system=True) as uow:
        await service.queue_deliveries(uow, [envelope], worker=DeadWorker())
    queued = time.monotonic()
    (request,) = await receiver.wait_for(1)
    assert request.headers["olympus-event-id"] == event_id
    assert request.at - queued >= 0.5  # not before the lease ended
    (delivery,) = await _settled(client, owner.headers, hook["id"])
    assert (delivery["status"], delivery["attempts"]) == ("succeeded", 1)


async def test_workers_side_by_side_send_each_delivery_once(
    app: FastAPI, clock: MovableClock, client: httpx.AsyncClient, owner: Account
) -> None:
    """Three workers over one database (the app's and two more, as replicas would run them)
    take the same queue at once: every delivery is sent exactly once (SKIP LOCKED and the
    lease on PostgreSQL, one writer at a time on SQLite)."""
    worker: DeliveryWorker = app.state.webhook_deliveries
    async with running_receiver() as receiver:
        hook = await create(client, owner.headers, url=receiver.url, events=["none.*"])
        await worker.stop()
        try:
            pings = []
            for _ in range(60):
                r = await client.post(f"{URL}/{hook['id']}/ping", headers=owner.headers)
                assert r.status_code == 202, r.text
                pings.append(r.json()["event_id"])
        finally:
            worker.start()
        others = [
            DeliveryWorker(
                app.state.db, clock, worker.policy, box=worker.box, poll_seconds=0.01, batch=5
            )
            for _ in range(2)
        ]
        for other in others:
            other.start()
        try:
            await receiver.wait_for(60)
            await asyncio.sleep(0.5)
        finally:
            for other in others:
                await other.stop()
        sent = [q.headers["olympus-event-id"] for q in receiver.requests]
    assert sorted(sent) == sorted(pings)  # each once
    items = await _deliveries(client, owner.headers, hook["id"], limit=100)
    assert {(d["status"], d["attempts"]) for d in items} == {("succeeded", 1)}
