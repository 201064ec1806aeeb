"""The transactional outbox: a committed change publishes its event (at least once, in
process and on Redis), a rolled-back one publishes nothing, a failed publish is retried."""

import asyncio
import contextlib
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any, cast

import orjson
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from redis.asyncio import Redis

from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.event_types import declared_for_test
from olympus.core.events import (
    OutboxEvent,
    OutboxRelay,
    PublishFailed,
    record_event,
    stream_name,
)
from tests.fixtures.accounts import TenantFactory
from tests.fixtures.apps import EVENT_NAMESPACE, Backend
from tests.fixtures.messages import EventLog

ENVELOPE_KEYS = {"id", "type", "tenant_id", "occurred_at", "version", "data"}
RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


@pytest.fixture
def event_type() -> Iterator[str]:
    """A type of its own per test, so streams and channels hold only this test's events."""
    kind = f"kernel_{uuid.uuid4().hex[:12]}.happened"
    with declared_for_test(kind):
        yield kind


async def commit_event(
    db: Database, tenant_id: uuid.UUID, event_type: str, data: dict[str, Any]
) -> str:
    async with db.unit_of_work(clock=Clock(), tenant_id=tenant_id) as uow:
        event = record_event(uow, event_type, data)
    return str(event.id)


async def delivered(events: EventLog, event_id: str) -> list[Any]:
    """The in-process deliveries of one event, once it has been published."""
    async with asyncio.timeout(5):
        while True:
            await events.relay.drain()
            found = [e for e in events.events if e["id"] == event_id]
            if found:
                return found
            await asyncio.sleep(0.01)


async def find_outbox_row(db: Database, event_id: str) -> OutboxEvent | None:
    async with db.unit_of_work(clock=Clock(), write=False, system=True) as uow:
        found = await uow.session.scalars(
            sa.select(OutboxEvent).where(OutboxEvent.id == uuid.UUID(event_id))
        )
        return found.one_or_none()


async def test_a_committed_change_publishes_its_event_once(
    db: Database, events: EventLog, make_tenant: TenantFactory, event_type: str
) -> None:
    tenant = await make_tenant()
    event_id = await commit_event(db, tenant.id, event_type, {"sku": "A-1", "price": 1250})

    [envelope] = await delivered(events, event_id)
    assert set(envelope) == ENVELOPE_KEYS
    assert envelope["type"] == event_type
    assert envelope["tenant_id"] == str(tenant.id)
    assert envelope["version"] == 1
    assert envelope["data"] == {"sku": "A-1", "price": 1250}
    assert RFC3339_UTC.match(envelope["occurred_at"]), envelope["occurred_at"]
    assert uuid.UUID(envelope["id"]).version == 7

    # Published means marked: later drains never send it again.
    await events.relay.drain()
    await asyncio.sleep(0.1)  # a poll of the background relay
    await events.relay.drain()
    assert [e for e in events.events if e["id"] == event_id] == [envelope]
    row = await find_outbox_row(db, event_id)
    assert row is not None and row.published_at is not None


async def test_a_rolled_back_change_publishes_nothing(
    db: Database, events: EventLog, make_tenant: TenantFactory, event_type: str
) -> None:
    tenant = await make_tenant()
    with pytest.raises(RuntimeError):
        async with db.unit_of_work(clock=Clock(), tenant_id=tenant.id) as uow:
            event = record_event(uow, event_type, {"n": 1})
            await uow.session.flush()
            raise RuntimeError("the change failed")

    await events.relay.drain()
    assert await find_outbox_row(db, str(event.id)) is None
    assert await events.of_type(event_type) == []
    # The next committed event of that type still goes out: nothing is stuck.
    event_id = await commit_event(db, tenant.id, event_type, {"n": 2})
    assert [e["data"] for e in await delivered(events, event_id)] == [{"n": 2}]


@pytest.fixture
async def redis(backend: Backend) -> AsyncIterator[Redis]:
    if not backend.redis_url:
        pytest.skip("the embedded default publishes in process only")
    client = Redis.from_url(backend.redis_url)
    yield client
    await client.aclose()


async def test_events_land_in_the_redis_stream_and_channel(
    db: Database,
    events: EventLog,
    redis: Redis,
    make_tenant: TenantFactory,
    event_type: str,
) -> None:
    tenant = await make_tenant()
    stream = stream_name(event_type, EVENT_NAMESPACE)
    pubsub = redis.pubsub()
    await pubsub.subscribe(stream)
    # like `events.user.*`
    await pubsub.psubscribe(stream_name(f"{event_type.split('.')[0]}.*", EVENT_NAMESPACE))
    try:
        event_id = await commit_event(db, tenant.id, event_type, {"order": "1001"})
        [envelope] = await delivered(events, event_id)

        # The client does not decode responses: stream ids, field names and values are bytes.
        entries = cast(list[tuple[bytes, dict[bytes, bytes]]], await redis.xrange(stream))
        by_id = {fields[b"id"].decode(): fields for _, fields in entries}
        assert list(by_id) == [event_id]
        assert orjson.loads(by_id[event_id][b"envelope"]) == envelope

        received: dict[str, Any] = {}
        async with asyncio.timeout(5):
            while len(received) < 2:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)
                if message is not None:
                    received[message["type"]] = orjson.loads(message["data"])
        assert received == {"message": envelope, "pmessage": envelope}
    finally:
        await pubsub.aclose()
        await redis.delete(stream)


class FlakyPublisher:
    """Fails for one event type while `down`, like a Redis outage would."""

    def __init__(self, event_type: str) -> None:
        self.event_type = event_type
        self.down = True
        self.failures = 0

    async def publish(self, envelope: dict[str, Any]) -> None:
        if envelope["type"] == self.event_type and self.down:
            self.failures += 1
            raise ConnectionError("publisher unreachable")


async def test_a_failed_publish_is_retried_on_a_later_drain(
    app: FastAPI,
    db: Database,
    events: EventLog,
    make_tenant: TenantFactory,
    event_type: str,
) -> None:
    relay: OutboxRelay = app.state.relay
    flaky = FlakyPublisher(event_type)
    relay.publishers.insert(0, flaky)
    try:
        tenant = await make_tenant()
        event_id = await commit_event(db, tenant.id, event_type, {"n": 1})
        async with asyncio.timeout(5):
            while True:  # until a drain (ours or the background one) has tried and failed
                with contextlib.suppress(PublishFailed):
                    await relay.drain()
                row = await find_outbox_row(db, event_id)
                assert row is not None
                if row.attempts:
                    break
        assert flaky.failures >= 1
        assert row.published_at is None
        assert [e for e in events.events if e["id"] == event_id] == []

        flaky.down = False
        [envelope] = await delivered(events, event_id)
        assert envelope["data"] == {"n": 1}
        row = await find_outbox_row(db, event_id)
        assert row is not None and row.published_at is not None
    finally:
        relay.publishers.remove(flaky)
