"""Reading Olympus Core's events from Redis, for Python consumers (other services, workers):

- `subscribe(redis, "user.*")`: live events matching a type pattern, as an async iterator of
  envelopes (pub/sub: only while connected, nothing is replayed);
- `StreamConsumer`: durable consumption of the `events.<type>` streams through a consumer
  group: each event goes to one consumer of the group, stays pending until acknowledged, and
  the pending events of a consumer that died are claimed by another after `claim_idle_seconds`;
- `Deduplicator`: delivery is at least once (a relay or a consumer crash can repeat an
  event), so a handler that must act once checks the event id first.

`EventEnvelope.typed()` parses an event's data into its type's model (the catalogue,
docs/EVENTS.md); examples/consume_events.py is a runnable example."""

import builtins
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from olympus.core.event_types import EventData, parse_data
from olympus.core.events import stream_name

Data = TypeVar("Data", bound=BaseModel)


class EventEnvelope(BaseModel):
    """What every event carries: its id (dedup key), type, tenant, time, schema version and
    data (see the event catalogue for each type's data)."""

    id: uuid.UUID
    type: str
    tenant_id: uuid.UUID
    occurred_at: datetime
    version: int
    data: dict[str, Any]

    def typed(self) -> EventData:
        """The data as the model its type declares in the catalogue (docs/EVENTS.md):
        `UndeclaredEventType` for a type the catalogue doesn't know, `InvalidEventData` for
        data that doesn't fit it; keys the model doesn't know are ignored."""
        return parse_data(self.type, self.data)

    def data_as(self, model: builtins.type[Data]) -> Data:
        """The data as `model` (a handler that knows which type it was given)."""
        return model.model_validate(self.data)


def _envelope(payload: bytes | str) -> EventEnvelope:
    return EventEnvelope.model_validate(orjson.loads(payload))


async def subscribe(
    redis: Redis, *patterns: str, namespace: str = ""
) -> AsyncIterator[EventEnvelope]:
    """Live events whose type matches one of `patterns` (`user.*`, `order.created`, `*`),
    as they are published, until the caller stops iterating."""
    pubsub = redis.pubsub()
    await pubsub.psubscribe(*(stream_name(p, namespace) for p in patterns))
    try:
        while True:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None and message["type"] == "pmessage":
                yield _envelope(message["data"])
    finally:
        await pubsub.aclose()


@dataclass
class Delivery:
    """One event read from a stream by a consumer group; `ack()` once it is handled."""

    envelope: EventEnvelope
    stream: str
    message_id: bytes | str
    # How many times the group has delivered it (more than 1: a retry or a claim).
    deliveries: int
    _consumer: "StreamConsumer"

    async def ack(self) -> None:
        await self._consumer.redis.xack(self.stream, self._consumer.group, self.message_id)


class StreamConsumer:
    """A member `consumer` of the consumer group `group` on the streams of `event_types`.

    Iterating yields deliveries: first the events this consumer had read but not acknowledged
    before (a restart resumes them), then, each round, events of consumers idle for more than
    `claim_idle_seconds` (they died holding them), then new events. A new group starts at
    the beginning of each stream (`start="0"`) or at its end (`start="$"`)."""

    def __init__(
        self,
        redis: Redis,
        *,
        group: str,
        consumer: str,
        event_types: Sequence[str],
        namespace: str = "",
        start: str = "0",
        claim_idle_seconds: float = 60.0,
        batch: int = 100,
        block_seconds: float = 1.0,
    ) -> None:
        self.redis = redis
        self.group = group
        self.consumer = consumer
        self.streams = [stream_name(t, namespace) for t in event_types]
        self.start = start
        self.claim_idle_ms = int(claim_idle_seconds * 1000)
        self.batch = batch
        self.block_ms = int(block_seconds * 1000)
        self._ready = False

    async def ensure_group(self) -> None:
        for stream in self.streams:
            try:
                await self.redis.xgroup_create(stream, self.group, id=self.start, mkstream=True)
            except ResponseError as exc:
                if "BUSYGROUP" not in str(exc):  # the group exists: join it
                    raise
        self._ready = True

    async def __aiter__(self) -> AsyncIterator[Delivery]:
        if not self._ready:
            await self.ensure_group()
        async for delivery in self._read(since="0"):  # our own unacknowledged ones
            yield delivery
        while True:
            for stream in self.streams:
                for delivery in await self.claim_stale(stream):
                    yield delivery
            async for delivery in self._read(since=">", block=True):
                yield delivery

    async def _read(self, *, since: str, block: bool = False) -> AsyncIterator[Delivery]:
        """New events (`since=">"`, one round), or this consumer's pending ones from the
        start (`since="0"`, page after page: each stream's position moves past what was read)."""
        positions: Any = dict.fromkeys(self.streams, since)
        while True:
            answer: Any = await self.redis.xreadgroup(
                self.group,
                self.consumer,
                positions,
                count=self.batch,
                block=self.block_ms if block else None,
            )
            read = 0
            for stream, messages in answer or []:
                name = stream.decode() if isinstance(stream, bytes) else stream
                for message_id, fields in messages:
                    read += 1
                    if since != ">":
                        positions[name] = message_id
                    if fields:  # None: trimmed from the stream since it was read
                        yield await self._delivery(name, message_id, fields)
            if since == ">" or read == 0:
                return

    async def claim_stale(self, stream: str) -> list[Delivery]:
        """Take over the events other consumers of the group have held unacknowledged for
        longer than `claim_idle_seconds`."""
        answer: Any = await self.redis.xautoclaim(
            stream, self.group, self.consumer, self.claim_idle_ms, start_id="0-0", count=self.batch
        )
        claimed = answer[1] if answer else []
        return [await self._delivery(stream, mid, f) for mid, f in claimed if f]

    async def _delivery(self, stream: Any, message_id: Any, fields: Any) -> Delivery:
        name = stream.decode() if isinstance(stream, bytes) else stream
        pending: Any = await self.redis.xpending_range(
            name, self.group, min=message_id, max=message_id, count=1
        )
        times = int(pending[0]["times_delivered"]) if pending else 1
        envelope = _envelope(fields[b"envelope"] if b"envelope" in fields else fields["envelope"])
        return Delivery(envelope, name, message_id, times, self)


class Deduplicator:
    """Remembers, in Redis, the event ids a handler has finished, for `ttl_seconds` (longer
    than any redelivery can come: a day by default). Use it as

        if await dedup.seen(envelope.id):
            await delivery.ack()        # handled before: a repeat
            continue
        await handle(envelope)          # make this safe to repeat if the process dies here
        await dedup.remember(envelope.id)
        await delivery.ack()

    or `await dedup.once(envelope.id, handle, envelope)`, which does the same."""

    def __init__(self, redis: Redis, name: str, *, ttl_seconds: int = 86400) -> None:
        self.redis = redis
        self.prefix = f"olympus-dedup:{name}:"
        self.ttl_seconds = ttl_seconds

    async def seen(self, event_id: uuid.UUID | str) -> bool:
        return bool(await self.redis.exists(f"{self.prefix}{event_id}"))

    async def remember(self, event_id: uuid.UUID | str) -> None:
        await self.redis.set(f"{self.prefix}{event_id}", b"1", ex=self.ttl_seconds)

    async def once(
        self,
        event_id: uuid.UUID | str,
        handler: Callable[..., Awaitable[Any]],
        *args: Any,
    ) -> bool:
        """Run `handler(*args)` unless the event was handled before; True if it ran. Two
        consumers given the same event at once both may run it (a claim while the first is
        slow): the handler's own writes should be idempotent too, keyed by the event id."""
        if await self.seen(event_id):
            return False
        await handler(*args)
        await self.remember(event_id)
        return True
