"""The runnable examples run: examples/consume_events.py reads events a relay published to
Redis, typed, once each (PostgreSQL + Redis)."""

import importlib.util
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from redis.asyncio import Redis

from olympus.core.consumers import EventEnvelope
from olympus.core.event_types import lookup
from olympus.core.events import OutboxRelay, RedisPublisher, record_event, stream_name
from tests.fixtures.apps import Backend, MovableClock
from tests.fixtures.outbox import own_database

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _fail_if_called(envelope: EventEnvelope) -> str:
    raise AssertionError(f"handled twice: {envelope.id}")


@pytest.fixture
async def redis(backend: Backend) -> AsyncIterator[Redis]:
    if not backend.redis_url:
        pytest.skip("the example reads Redis; the embedded default publishes in process only")
    client = Redis.from_url(backend.redis_url)
    yield client
    await client.aclose()


async def test_consume_events_handles_each_event_typed_once(
    backend: Backend, tmp_path: Path, redis: Redis
) -> None:
    example = _example("consume_events")
    namespace = f"example-{uuid.uuid4().hex[:8]}"
    group = f"example-{uuid.uuid4().hex[:8]}"
    order = lookup("order.created").example
    failed = lookup("payment.processed").example | {"status": "failed", "failure_code": "declined"}
    low = lookup("inventory.low_stock").example
    try:
        async with own_database(backend, tmp_path) as (db, tenant_id):
            async with db.unit_of_work(clock=MovableClock(), tenant_id=tenant_id) as uow:
                record_event(uow, "order.created", order)
                record_event(uow, "payment.processed", failed)
                record_event(uow, "inventory.low_stock", low)
            relay = OutboxRelay(
                db, [RedisPublisher(redis, namespace=namespace)], clock=MovableClock()
            )
            await relay.drain()
            types = ["order.created", "payment.processed", "inventory.low_stock"]
            answers = await example.consume(
                redis, group=group, consumer="one", event_types=types, namespace=namespace, limit=3
            )
            assert sorted(answers) == sorted(
                [
                    "order PAR-1-000042: 2 units, 960 EUR (minor units)",
                    f"payment for order {failed['order_id']} failed: declined",
                    f"reorder {low['product_id']} at {low['location_id']}: 3 left (threshold 5)",
                ]
            )
            # Published again (a relay that died before marking it): acknowledged, not handled.
            stream = stream_name("order.created", namespace)
            entries: Any = await redis.xrange(stream)
            [(_, fields)] = entries
            await redis.xadd(stream, fields)
            again = await example.consume(
                redis,
                group=group,
                consumer="two",
                event_types=["order.created"],
                namespace=namespace,
                handle=_fail_if_called,
                limit=0,
            )
            assert again == []
    finally:
        keys = [k async for k in redis.scan_iter(match=f"{namespace}:*")]
        keys += [k async for k in redis.scan_iter(match=f"olympus-dedup:{group}:*")]
        if keys:
            await redis.delete(*keys)
