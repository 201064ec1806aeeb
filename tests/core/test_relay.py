"""The outbox relay under failure and beside other replicas: it backs off while a publisher
refuses events and says so once, then catches up; it prunes what it published long ago; two
relays over one database publish every event once, in the order written; /ready and /metrics
show the backlog. Each test runs its relays on a database of its own, so they never take the
suite's events."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import orjson
import pytest
from redis.asyncio import Redis

from olympus.core import events
from olympus.core.events import OutboxRelay, RedisPublisher, stream_name
from tests.fixtures.apps import (
    Backend,
    MovableClock,
)
from tests.fixtures.outbox import commit_events, own_database, until


class Recorder:
    """A publisher that keeps what it is given, and refuses everything while `down`."""

    def __init__(self) -> None:
        self.down = False
        self.refusals = 0
        self.published: list[dict[str, Any]] = []

    async def publish(self, envelope: dict[str, Any]) -> None:
        if self.down:
            self.refusals += 1
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
        self.published.append(envelope)


class LogRecorder:
    """Stands in for the relay's logger: keeps each call as (level, event, fields)."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str, dict[str, Any]]] = []

    def __getattr__(self, level: str) -> Any:
        def record(event: str, **fields: Any) -> None:
            self.lines.append((level, event, fields))

        return record


async def test_the_relay_backs_off_says_so_once_and_catches_up(
    backend: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorded = LogRecorder()
    monkeypatch.setattr(events, "log", recorded)
    async with own_database(backend, tmp_path) as (db, tenant_id):
        recorder = Recorder()
        recorder.down = True
        relay = OutboxRelay(
            db, [recorder], clock=MovableClock(), poll_seconds=0.01, max_backoff_seconds=0.08
        )
        relay.batch_delay = 0
        ids = await commit_events(db, tenant_id, 3, "relay.tested")
        relay.start()
        try:
            await until(lambda: relay.failures >= 6)
            assert (await relay.backlog()).pending == 3
            recorder.down = False
            await until(lambda: len(recorder.published) == 3)
            await until(lambda: relay.failures == 0)
        finally:
            await relay.stop()
        assert [e["id"] for e in recorder.published] == ids
        failing = [line for line in recorded.lines if line[1] == "relay_failing"]
        assert [level for level, _, _ in failing] == ["warning"]  # once, however many attempts
        assert "Connection refused" in failing[0][2]["error"]
        assert [line[:2] for line in recorded.lines if line[1] == "relay_recovered"] == [
            ("warning", "relay_recovered")
        ]
        assert not any("exc_info" in fields for _, _, fields in recorded.lines)  # no traceback
        assert (await relay.backlog()).pending == 0


def test_the_backoff_grows_to_its_ceiling_with_jitter() -> None:
    relay = OutboxRelay(None, [], clock=MovableClock(), poll_seconds=1, max_backoff_seconds=60)  # type: ignore[arg-type]
    assert relay.backoff_seconds() == 1
    for failures, ceiling in [(1, 2), (3, 8), (5, 32), (9, 60), (40, 60)]:
        relay.failures = failures
        waits = [relay.backoff_seconds() for _ in range(200)]
        assert all(1 <= w <= ceiling for w in waits)
        assert len(set(waits)) > 1  # jittered: replicas don't retry in step


async def test_the_relay_prunes_what_it_published_past_the_retention(
    backend: Backend, tmp_path: Path
) -> None:
    async with own_database(backend, tmp_path) as (db, tenant_id):
        clock = MovableClock()
        recorder = Recorder()
        relay = OutboxRelay(db, [recorder], clock=clock, retention_hours=24)
        old = await commit_events(db, tenant_id, 2, "relay.pruned")
        assert await relay.drain() == 2
        clock.advance(hours=25)
        assert await relay.prune() == 2
        await commit_events(db, tenant_id, 1, "relay.pruned")
        assert await relay.drain() == 1
        assert await relay.prune() == 0  # published just now: kept
        assert [e["id"] for e in recorder.published][:2] == old


@pytest.fixture
async def redis(backend: Backend) -> AsyncIterator[Redis]:
    if not backend.redis_url:
        pytest.skip("replicas share events through Redis; the embedded default is one process")
    client = Redis.from_url(backend.redis_url)
    yield client
    await client.aclose()


async def test_two_relays_publish_every_event_once_in_the_order_written(
    backend: Backend, tmp_path: Path, redis: Redis
) -> None:
    namespace = f"relay-test-{uuid.uuid4().hex[:8]}"
    stream = stream_name("relay.replicated", namespace)
    async with own_database(backend, tmp_path) as (db, tenant_id):
        await redis.xgroup_create(stream, "readers", id="0", mkstream=True)
        ids: list[str] = []
        for _ in range(10):
            ids += await commit_events(db, tenant_id, 100, "relay.replicated")
        relays = [
            OutboxRelay(
                db, [RedisPublisher(redis, namespace=namespace)], clock=MovableClock(), batch=50
            )
            for _ in range(2)
        ]
        try:
            sent = await asyncio.gather(*(r.drain() for r in relays))
            assert sum(sent) == 1000

            seen: list[str] = []
            while True:
                answer: Any = await redis.xreadgroup("readers", "c1", {stream: ">"}, count=500)
                if not answer:
                    break
                for _, fields in answer[0][1]:
                    seen.append(orjson.loads(fields[b"envelope"])["id"])
            assert seen == ids  # every id, once, in the order written
        finally:
            await redis.delete(stream)


async def test_ready_and_metrics_show_the_outbox_backlog(backend: Backend, tmp_path: Path) -> None:
    async with own_database(backend, tmp_path) as (db, tenant_id):
        clock = MovableClock()
        recorder = Recorder()
        recorder.down = True
        relay = OutboxRelay(db, [recorder], clock=clock)
        await commit_events(db, tenant_id, 4, "relay.waiting")
        clock.advance(seconds=90)
        backlog = await relay.backlog()
        assert backlog.pending == 4
        assert backlog.oldest_age_seconds is not None and 89 <= backlog.oldest_age_seconds < 200


async def test_the_service_reports_its_backlog(client: httpx.AsyncClient) -> None:
    ready = (await client.get("/ready")).json()
    assert set(ready["outbox"]) == {"pending", "oldest_age_seconds"}
    metrics = (await client.get("/metrics")).text
    assert "olympus_outbox_pending_events " in metrics
    assert "olympus_outbox_oldest_pending_age_seconds " in metrics


async def test_an_event_committed_elsewhere_wakes_a_listening_relay_at_once(
    backend: Backend, tmp_path: Path
) -> None:
    if backend.name == "sqlite":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; the embedded default wakes in process")
    async with own_database(backend, tmp_path) as (db, tenant_id):
        recorder = Recorder()
        relay = OutboxRelay(db, [recorder], clock=MovableClock(), poll_seconds=600, listen=True)
        relay.start()
        try:
            await asyncio.sleep(0.5)  # listening
            # Written by "another process": a plain INSERT, no in-process wake-up.
            dsn = db.url.replace("postgresql+asyncpg://", "postgresql://")
            conn = await asyncpg.connect(dsn)
            try:
                await conn.execute(
                    "INSERT INTO events (tenant_id, id, type, occurred_at, version, data, attempts)"
                    " VALUES ($1, $2, 'relay.elsewhere', now(), 1, '{}', 0)",
                    tenant_id,
                    uuid.uuid4(),
                )
            finally:
                await conn.close()
            await until(lambda: len(recorder.published) == 1, seconds=5)
        finally:
            await relay.stop()
