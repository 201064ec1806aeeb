"""Consuming the events from Redis as another service would (PostgreSQL + Redis): live pattern
subscriptions, consumer groups that hand a dead consumer's events to another, dedup by event
id; and the delivery guarantees behind them — a relay that dies between publishing and
marking publishes again, and Redis stopped mid-run loses nothing."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from redis.asyncio import Redis

from olympus.core.consumers import Deduplicator, Delivery, EventEnvelope, StreamConsumer, subscribe
from olympus.core.events import OutboxRelay, PublishFailed, RedisPublisher
from tests.fixtures.apps import Backend, MovableClock
from tests.fixtures.outbox import commit_events, own_database, until
from tests.fixtures.redis_proxy import RedisProxy


@pytest.fixture
async def redis(backend: Backend) -> AsyncIterator[Redis]:
    if not backend.redis_url:
        pytest.skip("consumers read Redis; the embedded default publishes in process only")
    client = Redis.from_url(backend.redis_url)
    yield client
    await client.aclose()


@pytest.fixture
def namespace(redis: Redis) -> str:
    return f"consumer-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def cleanup(redis: Redis, namespace: str) -> AsyncIterator[None]:
    yield
    keys = [k async for k in redis.scan_iter(match=f"{namespace}:*")]
    if keys:
        await redis.delete(*keys)


async def take(consumer: StreamConsumer, count: int, seconds: float = 10) -> list[Delivery]:
    taken: list[Delivery] = []
    async with asyncio.timeout(seconds):
        async for delivery in consumer:
            taken.append(delivery)
            if len(taken) == count:
                return taken
    return taken


@pytest.mark.usefixtures("cleanup")
async def test_a_live_subscription_gets_the_matching_events_typed(
    backend: Backend, tmp_path: Path, redis: Redis, namespace: str
) -> None:
    async with own_database(backend, tmp_path) as (db, tenant_id):
        relay = OutboxRelay(db, [RedisPublisher(redis, namespace=namespace)], clock=MovableClock())
        received: list[EventEnvelope] = []

        async def listen() -> None:
            async for envelope in subscribe(redis, "shop.*", namespace=namespace):
                received.append(envelope)

        task = asyncio.create_task(listen())
        await asyncio.sleep(0.2)  # subscribed
        wanted = await commit_events(db, tenant_id, 2, "shop.sold")
        await commit_events(db, tenant_id, 1, "other.thing")
        await relay.drain()
        await until(lambda: len(received) == 2)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert [str(e.id) for e in received] == wanted
        assert all(e.type == "shop.sold" and e.tenant_id == tenant_id for e in received)


@pytest.mark.usefixtures("cleanup")
async def test_a_dead_consumers_events_are_claimed_by_another(
    backend: Backend, tmp_path: Path, redis: Redis, namespace: str
) -> None:
    async with own_database(backend, tmp_path) as (db, tenant_id):
        relay = OutboxRelay(db, [RedisPublisher(redis, namespace=namespace)], clock=MovableClock())
        ids = await commit_events(db, tenant_id, 5, "shop.sold")
        await relay.drain()

        def member(name: str) -> StreamConsumer:
            return StreamConsumer(
                redis,
                group="billing",
                consumer=name,
                event_types=["shop.sold"],
                namespace=namespace,
                claim_idle_seconds=0.2,
                block_seconds=0.1,
            )

        # The first consumer reads every event and dies before acknowledging any.
        dead = await take(member("a"), 5)
        assert [str(d.envelope.id) for d in dead] == ids
        await asyncio.sleep(0.3)

        survivor = await take(member("b"), 5)
        assert sorted(str(d.envelope.id) for d in survivor) == sorted(ids)
        assert all(d.deliveries == 2 for d in survivor)
        for delivery in survivor:
            await delivery.ack()
        pending: Any = await redis.xpending(survivor[0].stream, "billing")
        assert pending["pending"] == 0


@pytest.mark.usefixtures("cleanup")
async def test_a_restarted_consumer_resumes_what_it_had_not_acknowledged(
    backend: Backend, tmp_path: Path, redis: Redis, namespace: str
) -> None:
    async with own_database(backend, tmp_path) as (db, tenant_id):
        relay = OutboxRelay(db, [RedisPublisher(redis, namespace=namespace)], clock=MovableClock())
        ids = await commit_events(db, tenant_id, 3, "shop.sold")
        await relay.drain()

        def me() -> StreamConsumer:
            return StreamConsumer(
                redis, group="mail", consumer="m1", event_types=["shop.sold"], namespace=namespace
            )

        first = await take(me(), 3)
        await first[0].ack()
        again = await take(me(), 2)  # the process restarted: the two not acknowledged
        assert [str(d.envelope.id) for d in again] == ids[1:]


async def test_the_deduplicator_runs_a_handler_once_per_event(redis: Redis) -> None:
    dedup = Deduplicator(redis, f"test-{uuid.uuid4().hex[:8]}", ttl_seconds=60)
    handled: list[str] = []

    async def handle(event_id: str) -> None:
        handled.append(event_id)

    event_id = str(uuid.uuid4())
    assert await dedup.once(event_id, handle, event_id) is True
    assert await dedup.once(event_id, handle, event_id) is False
    assert handled == [event_id]


class DiesAfter:
    """Publishes, then the process 'dies' (the batch is cancelled) after `count` events."""

    def __init__(self, inner: RedisPublisher, count: int) -> None:
        self.inner, self.count = inner, count

    async def publish(self, envelope: dict[str, Any]) -> None:
        await self.inner.publish(envelope)
        self.count -= 1
        if self.count == 0:
            raise asyncio.CancelledError


@pytest.mark.usefixtures("cleanup")
async def test_a_relay_that_dies_between_publishing_and_marking_publishes_again(
    backend: Backend, tmp_path: Path, redis: Redis, namespace: str
) -> None:
    async with own_database(backend, tmp_path) as (db, tenant_id):
        publisher = RedisPublisher(redis, namespace=namespace)
        ids = await commit_events(db, tenant_id, 4, "shop.sold")
        with pytest.raises(asyncio.CancelledError):
            await OutboxRelay(db, [DiesAfter(publisher, 2)], clock=MovableClock()).drain()
        # A new relay (the restarted process) publishes every event, the first two again.
        assert await OutboxRelay(db, [publisher], clock=MovableClock()).drain() == 4
        consumer = StreamConsumer(
            redis, group="g", consumer="c", event_types=["shop.sold"], namespace=namespace
        )
        seen = [str(d.envelope.id) for d in await take(consumer, 6)]
        assert seen == ids[:2] + ids  # at least once: nothing lost, repeats carry their id


@pytest.mark.usefixtures("cleanup")
async def test_redis_stopped_mid_run_loses_nothing(
    backend: Backend, tmp_path: Path, redis: Redis, namespace: str
) -> None:
    target = urlsplit(backend.redis_url)
    proxy = RedisProxy(target.hostname or "127.0.0.1", target.port or 6379)
    port = await proxy.start()
    through_proxy = Redis(host="127.0.0.1", port=port, socket_timeout=1, socket_connect_timeout=1)
    try:
        async with own_database(backend, tmp_path) as (db, tenant_id):
            relay = OutboxRelay(
                db,
                [RedisPublisher(through_proxy, namespace=namespace)],
                clock=MovableClock(),
                poll_seconds=0.02,
                max_backoff_seconds=0.2,
            )
            relay.start()
            try:
                ids = await commit_events(db, tenant_id, 50, "shop.sold")
                proxy.cut()
                ids += await commit_events(db, tenant_id, 50, "shop.sold")
                await until(lambda: relay.failures > 0)
                with pytest.raises(PublishFailed):
                    await relay.drain()
                proxy.restore()
                ids += await commit_events(db, tenant_id, 50, "shop.sold")
                await until(lambda: relay.failures == 0)
                assert await relay.drain() >= 0
                assert (await relay.backlog()).pending == 0
            finally:
                await relay.stop()
        consumer = StreamConsumer(
            redis, group="g", consumer="c", event_types=["shop.sold"], namespace=namespace
        )
        seen = [str(d.envelope.id) for d in await take(consumer, 150)]
        assert set(seen) == set(ids)
        assert [i for i in seen if seen.count(i) == 1] == [i for i in ids if seen.count(i) == 1]
    finally:
        await through_proxy.aclose()
        await proxy.stop()
