"""Events through the outbox relay on PostgreSQL + Redis: how many events a second the relay
publishes, and how long an event takes from its commit to a consumer of its stream, each
against a raw baseline in the same run.

    .venv/bin/python benchmarks/events.py [--events 20000] [--latency-samples 500]

- throughput: `--events` events are committed (in transactions of 100), then one relay
  publishes them all (outbox → Redis stream and channel, marking them published); the raw
  baseline XADDs and PUBLISHes the same envelopes from memory in pipelines of 200 (no
  database at all);
- latency: events committed one per transaction at a steady pace while a consumer group
  member blocks on the stream (XREADGROUP), with the relay running as in the service
  (woken by the commit, and by PostgreSQL's notification); the figure is commit → read by the
  consumer. The raw baseline is an XADD read by the same kind of consumer;
- webhook latency: the same, with a webhook on the event type and the delivery worker running
  beside the relay as in the service (deliveries queued by the relay, taken from the table,
  signed, POSTed); the figure is commit → request read by an HTTP receiver on loopback. The
  raw baseline is the same POST sent straight from memory.

It creates the database `olympus_events_bench` on `BENCH_POSTGRES_URL` (default
postgresql://postgres@127.0.0.1:5432/postgres), uses Redis database 6 of `BENCH_REDIS_URL`
and drops / flushes both at the end."""

import argparse
import asyncio
import os
import statistics
import time
import uuid
from typing import Any

import asyncpg
import orjson
from redis.asyncio import Redis

from olympus.accounts import service as accounts
from olympus.core.clock import Clock
from olympus.core.db import Database
from olympus.core.event_types import EventData, declare
from olympus.core.events import OutboxRelay, RedisPublisher, record_event, stream_name
from olympus.core.migrations import upgrade_async
from olympus.platform.webhooks import service as webhooks
from olympus.platform.webhooks.delivery import new_client
from olympus.platform.webhooks.worker import DeliveryPolicy, DeliveryWorker

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
DATABASE = "olympus_events_bench"
TYPE = "bench.happened"


class BenchHappened(EventData):
    """The benchmark's events: a counter, or a key to time, and a SKU."""

    n: int | None = None
    sku: str | None = None
    key: str | None = None


declare(TYPE, BenchHappened, description="A benchmark's event.", example={"n": 1})


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def fresh_database() -> str:
    admin = await asyncpg.connect(ADMIN_URL)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await admin.close()
    base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    url = f"{base}/{DATABASE}"
    await upgrade_async(url)
    return url


async def drop_database() -> None:
    admin = await asyncpg.connect(ADMIN_URL)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    finally:
        await admin.close()


async def commit_many(db: Database, tenant_id: uuid.UUID, count: int, per_tx: int) -> None:
    clock = Clock()
    for start in range(0, count, per_tx):
        async with db.unit_of_work(clock=clock, tenant_id=tenant_id) as uow:
            for n in range(start, min(count, start + per_tx)):
                record_event(uow, TYPE, {"n": n, "sku": f"SKU-{n:06d}"})


async def throughput(
    db: Database, redis: Redis, tenant_id: uuid.UUID, count: int
) -> dict[str, Any]:
    await commit_many(db, tenant_id, count, 100)
    relay = OutboxRelay(db, [RedisPublisher(redis, namespace="tp")], clock=Clock(), batch=500)
    started = time.perf_counter()
    sent = await relay.drain()
    relay_seconds = time.perf_counter() - started
    assert sent == count, (sent, count)

    envelopes = [
        orjson.dumps({"id": str(uuid.uuid4()), "type": TYPE, "data": {"n": n}})
        for n in range(count)
    ]
    started = time.perf_counter()
    for start in range(0, count, 200):
        async with redis.pipeline(transaction=False) as pipe:
            for payload in envelopes[start : start + 200]:
                name = stream_name(TYPE, "raw")
                pipe.xadd(name, {"envelope": payload}, maxlen=100_000, approximate=True)
                pipe.publish(name, payload)
            await pipe.execute()
    raw_seconds = time.perf_counter() - started
    return {
        "events": count,
        "relay_per_s": count / relay_seconds,
        "raw_per_s": count / raw_seconds,
    }


async def consume(redis: Redis, stream: str, seen: dict[str, float], stop: asyncio.Event) -> None:
    await redis.xgroup_create(stream, "bench", id="$", mkstream=True)
    while not stop.is_set():
        answer: Any = await redis.xreadgroup("bench", "c", {stream: ">"}, count=100, block=200)
        now = time.perf_counter()
        for _, messages in answer or []:
            for message_id, fields in messages:
                seen[orjson.loads(fields[b"envelope"])["data"]["key"]] = now
                await redis.xack(stream, "bench", message_id)


async def latency(
    db: Database, redis: Redis, tenant_id: uuid.UUID, samples: int, pace: float
) -> dict[str, Any]:
    relay = OutboxRelay(
        db, [RedisPublisher(redis, namespace="lat")], clock=Clock(), poll_seconds=1.0, listen=True
    )
    relay.start()
    service_seen: dict[str, float] = {}
    raw_seen: dict[str, float] = {}
    stop = asyncio.Event()
    consumers = [
        asyncio.create_task(consume(redis, stream_name(TYPE, "lat"), service_seen, stop)),
        asyncio.create_task(consume(redis, stream_name(TYPE, "rawlat"), raw_seen, stop)),
    ]
    await asyncio.sleep(0.5)
    committed: dict[str, float] = {}
    sent: dict[str, float] = {}
    clock = Clock()
    try:
        for n in range(samples):
            key = f"k{n}"
            async with db.unit_of_work(clock=clock, tenant_id=tenant_id) as uow:
                record_event(uow, TYPE, {"key": key})
            committed[key] = time.perf_counter()
            payload = orjson.dumps({"type": TYPE, "data": {"key": key}})
            sent[key] = time.perf_counter()
            await redis.xadd(stream_name(TYPE, "rawlat"), {"envelope": payload})
            await asyncio.sleep(pace)
        for _ in range(100):
            if len(service_seen) >= samples and len(raw_seen) >= samples:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await asyncio.gather(*consumers)
        await relay.stop()
    service = [(service_seen[k] - t) * 1000 for k, t in committed.items() if k in service_seen]
    raw = [(raw_seen[k] - t) * 1000 for k, t in sent.items() if k in raw_seen]
    return {
        "samples": samples,
        "received": len(service),
        "service_p50_ms": statistics.median(service),
        "service_p99_ms": percentile(service, 0.99),
        "raw_p50_ms": statistics.median(raw),
        "raw_p99_ms": percentile(raw, 0.99),
    }


class Receiver:
    """A minimal HTTP/1.1 receiver: notes when each request's body was read, answers 204."""

    def __init__(self) -> None:
        self.seen: dict[str, float] = {}
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                body = await reader.readexactly(length)
                self.seen[orjson.loads(body)["data"]["key"]] = time.perf_counter()
                writer.write(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


async def webhook_latency(
    db: Database, tenant_id: uuid.UUID, samples: int, pace: float
) -> dict[str, Any]:
    receiver = Receiver()
    server = await asyncio.start_server(receiver.handle, "127.0.0.1", 0)
    receiver.port = server.sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{receiver.port}/hooks"
    clock = Clock()
    async with db.unit_of_work(clock=clock, tenant_id=tenant_id) as uow:
        await webhooks.create_webhook(uow, url=url, events=["bench.*"], allow_private=True)
    # As the service wires them: the relay queues deliveries and hands them to the worker.
    worker = DeliveryWorker(
        db, clock, DeliveryPolicy(allow_private_networks=True), poll_seconds=1.0
    )
    relay = OutboxRelay(
        db, [], clock=clock, poll_seconds=1.0, listen=True, after_publish=[worker.queue_published]
    )
    await relay.drain()  # the webhook's own event out of the way
    relay.start()
    worker.start()
    await asyncio.sleep(0.5)
    committed: dict[str, float] = {}
    try:
        for n in range(samples):
            key = f"w{n}"
            async with db.unit_of_work(clock=clock, tenant_id=tenant_id) as uow:
                record_event(uow, TYPE, {"key": key})
            committed[key] = time.perf_counter()
            await asyncio.sleep(pace)
        for _ in range(200):
            if len(receiver.seen) >= samples:
                break
            await asyncio.sleep(0.05)
    finally:
        await relay.stop()
        await worker.stop()
    service = [(receiver.seen[k] - t) * 1000 for k, t in committed.items() if k in receiver.seen]
    received = len(service)
    receiver.seen.clear()
    sent: dict[str, float] = {}
    async with new_client(10.0) as client:
        for n in range(samples):
            key = f"r{n}"
            body = orjson.dumps({"type": TYPE, "data": {"key": key}})
            sent[key] = time.perf_counter()
            await client.post(url, content=body, headers={"Content-Type": "application/json"})
            await asyncio.sleep(pace)
    server.close()
    raw = [(receiver.seen[k] - t) * 1000 for k, t in sent.items() if k in receiver.seen]
    return {
        "samples": samples,
        "received": received,
        "service_p50_ms": statistics.median(service),
        "service_p99_ms": percentile(service, 0.99),
        "raw_p50_ms": statistics.median(raw),
        "raw_p99_ms": percentile(raw, 0.99),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--latency-samples", type=int, default=500)
    parser.add_argument("--pace", type=float, default=0.01, help="seconds between commits")
    args = parser.parse_args()

    url = await fresh_database()
    db = Database(url, app_role="olympus_app")
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    try:
        async with db.unit_of_work(clock=Clock()) as uow:
            tenant = await accounts.create_tenant(uow, slug="bench-events", name="Bench")
        # The tenant's own creation event out of the way.
        await OutboxRelay(db, [], clock=Clock()).drain()
        tp = await throughput(db, redis, tenant.id, args.events)
        print(
            f"throughput: {tp['events']} events, relay {tp['relay_per_s']:.0f}/s, raw XADD "
            f"{tp['raw_per_s']:.0f}/s ({tp['relay_per_s'] / tp['raw_per_s']:.2f}x)"
        )
        lat = await latency(db, redis, tenant.id, args.latency_samples, args.pace)
        print(
            f"latency, commit -> stream consumer ({lat['received']}/{lat['samples']} received): "
            f"service p50 {lat['service_p50_ms']:.1f} ms, p99 {lat['service_p99_ms']:.1f} ms; "
            f"raw XADD -> consumer p50 {lat['raw_p50_ms']:.1f} ms, p99 {lat['raw_p99_ms']:.1f} ms"
        )
        hook = await webhook_latency(db, tenant.id, args.latency_samples, args.pace)
        print(
            f"latency, commit -> webhook receiver ({hook['received']}/{hook['samples']} "
            f"received): service p50 {hook['service_p50_ms']:.1f} ms, "
            f"p99 {hook['service_p99_ms']:.1f} ms; raw POST -> receiver "
            f"p50 {hook['raw_p50_ms']:.1f} ms, p99 {hook['raw_p99_ms']:.1f} ms"
        )
    finally:
        await redis.flushdb()
        await redis.aclose()
        await db.dispose()
        await drop_database()


if __name__ == "__main__":
    asyncio.run(main())
