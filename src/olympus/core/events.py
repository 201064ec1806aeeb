"""Domain events through a transactional outbox: `record_event` writes the event in the same
transaction as the change; the relay publishes committed events afterwards (in process, and
to Redis streams and channels when Redis is configured), retrying until it succeeds. Consumers
get at-least-once delivery and dedupe by the event id."""

import asyncio
import fnmatch
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

import orjson
import sqlalchemy as sa
import structlog
from redis.asyncio import Redis
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.clock import Clock
from olympus.core.db import Base, Database, DriverConnection, WriteUnitOfWork, new_id
from olympus.core.tenancy import TenantOwned, unscoped

log = structlog.get_logger("olympus.events")

EVENT_VERSION = 1
Envelope = dict[str, Any]
Handler = Callable[[Envelope], Awaitable[None]]


class OutboxEvent(TenantOwned, Base):
    __tablename__ = "events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    type: Mapped[str] = mapped_column(sa.String(100))
    occurred_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=EVENT_VERSION)
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)

    def envelope(self) -> Envelope:
        return {
            "id": str(self.id),
            "type": self.type,
            "tenant_id": str(self.tenant_id),
            "occurred_at": self.occurred_at.isoformat().replace("+00:00", "Z"),
            "version": self.version,
            "data": self.data,
        }


def record_event(uow: WriteUnitOfWork, event_type: str, data: dict[str, Any]) -> OutboxEvent:
    """Write an event into the outbox of the current transaction; it is published only if
    the transaction commits."""
    event = OutboxEvent(
        id=new_id(),
        tenant_id=uow.require_tenant(),
        type=event_type,
        occurred_at=uow.clock.now(),
        version=EVENT_VERSION,
        data=orjson.loads(orjson.dumps(data)),
    )
    uow.session.add(event)
    uow.after_commit(wake_relay)
    return event


# Events per statement of `record_events`: on SQLite 4000 rows of 8 columns stay below its
# limit on bound parameters; on PostgreSQL a chunk travels as one array per column.
_EVENTS_PER_STATEMENT = 4000
_EVENTS_PER_STATEMENT_POSTGRES = 10_000
_INSERT_EVENTS_SQL = (
    "INSERT INTO events (tenant_id, id, type, occurred_at, version, data, published_at, attempts)"
    " SELECT :tenant_id, u.id, u.type, :now, :version, u.data::json, NULL, 0"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(:data AS text[]))"
    " AS u(id, type, data)"
)


async def record_events(uow: WriteUnitOfWork, events: Iterable[tuple[str, dict[str, Any]]]) -> int:
    """`record_event` for many events at once (a bulk import): written straight away in a few
    statements instead of one ORM object each. How many were written."""
    tenant_id = uow.require_tenant()
    now = uow.clock.now()
    conn = await uow.session.connection()
    # (id, type, data as JSON text): the text is what PostgreSQL takes, and dumping it once
    # also turns ids and times into strings, as `record_event` does.
    rows = [(new_id(), event_type, orjson.dumps(data).decode()) for event_type, data in events]
    if conn.dialect.name == "postgresql":
        # One array per column, unnested: a statement of one shape, whatever the count.
        stmt = sa.text(_INSERT_EVENTS_SQL).bindparams(
            sa.bindparam("ids", type_=postgresql.ARRAY(sa.Uuid())),
            sa.bindparam("types", type_=postgresql.ARRAY(sa.Text())),
            sa.bindparam("data", type_=postgresql.ARRAY(sa.Text())),
            sa.bindparam("tenant_id", type_=sa.Uuid()),
            sa.bindparam("now", type_=sa.DateTime(timezone=True)),
        )
        for start in range(0, len(rows), _EVENTS_PER_STATEMENT_POSTGRES):
            ids, types, data = zip(
                *rows[start : start + _EVENTS_PER_STATEMENT_POSTGRES], strict=True
            )
            params: dict[str, Any] = {"ids": list(ids), "types": list(types), "data": list(data)}
            params.update(tenant_id=tenant_id, now=now, version=EVENT_VERSION)
            await conn.execute(stmt, params)
    else:
        table = cast(sa.Table, OutboxEvent.__table__)
        for start in range(0, len(rows), _EVENTS_PER_STATEMENT):
            chunk = rows[start : start + _EVENTS_PER_STATEMENT]
            values = [
                {"id": event_id, "type": event_type, "data": orjson.loads(data)}
                for event_id, event_type, data in chunk
            ]
            await conn.execute(
                sa.insert(table).values(
                    [
                        dict(v, tenant_id=tenant_id, occurred_at=now, version=EVENT_VERSION,
                             published_at=None, attempts=0)
                        for v in values
                    ]
                )
            )  # fmt: skip
    if rows:
        uow.after_commit(wake_relay)
    return len(rows)


_INSERT_EVENT_SQL = (
    "INSERT INTO events (tenant_id, id, type, occurred_at, version, data, published_at, attempts)"
    " VALUES ($1, $2, $3, $4, $5, $6, NULL, 0)"
)


async def insert_event_on(
    conn: DriverConnection,
    tenant_id: uuid.UUID,
    event_type: str,
    data: dict[str, Any],
    now: datetime,
) -> None:
    """`record_event` on the driver's connection (PostgreSQL's hottest paths), inside a
    transaction scoped to `tenant_id`. Once it commits, `wake_relay()` publishes it
    without waiting for the next poll."""
    await conn.execute(
        _INSERT_EVENT_SQL, tenant_id, new_id(), event_type, now, EVENT_VERSION,
        orjson.dumps(data).decode(),
    )  # fmt: skip


class Publisher(Protocol):
    async def publish(self, envelope: Envelope) -> None: ...


class InProcessBus:
    """Subscribers in this process, by type pattern (`user.*`)."""

    def __init__(self) -> None:
        self._subscribers: list[tuple[str, Handler]] = []

    def subscribe(self, pattern: str, handler: Handler) -> Callable[[], None]:
        entry = (pattern, handler)
        self._subscribers.append(entry)
        return lambda: self._subscribers.remove(entry)

    async def publish(self, envelope: Envelope) -> None:
        for pattern, handler in list(self._subscribers):
            if fnmatch.fnmatchcase(envelope["type"], pattern):
                try:
                    await handler(envelope)
                except Exception:
                    log.exception("subscriber_failed", event_type=envelope["type"], pattern=pattern)


class RedisPublisher:
    """Each type gets a stream `events.<type>` (durable consumer groups) and a pub/sub channel
    of the same name (live pattern subscribers such as `events.user.*`)."""

    def __init__(self, redis: Redis, *, stream_maxlen: int = 100_000) -> None:
        self.redis = redis
        self.stream_maxlen = stream_maxlen

    async def publish(self, envelope: Envelope) -> None:
        name = f"events.{envelope['type']}"
        payload = orjson.dumps(envelope)
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.xadd(
                name,
                {"id": envelope["id"], "envelope": payload},
                maxlen=self.stream_maxlen,
                approximate=True,
            )
            pipe.publish(name, payload)
            await pipe.execute()


_relays: "set[OutboxRelay]" = set()


async def wake_relay() -> None:
    """Tell the relays of this process that committed events are waiting."""
    for relay in _relays:
        relay.wake()


class OutboxRelay:
    """Publishes committed outbox events in order, marking each once every publisher took it."""

    def __init__(
        self,
        db: Database,
        publishers: list[Publisher],
        *,
        clock: Clock,
        poll_seconds: float = 1.0,
        batch: int = 200,
    ) -> None:
        self.db = db
        self.publishers = publishers
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.batch = batch
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._single_flight = asyncio.Lock()
        self.batch_delay = 0.2

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        _relays.add(self)
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        """Finish the batch under way, then publish what is left once more."""
        _relays.discard(self)
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await self._task
            self._task = None
        try:
            await self.drain()
        except Exception:  # the database is gone: what is left goes out on the next start
            log.exception("relay_final_drain_failed")

    async def _run(self) -> None:
        while not self._stopping:
            try:
                async with asyncio.timeout(self.poll_seconds):
                    await self._wake.wait()
            except TimeoutError:
                pass
            if self._stopping:
                return
            # Let commits that land together share one relay transaction.
            await asyncio.sleep(self.batch_delay)
            self._wake.clear()
            try:
                await self.drain()
            except Exception:
                log.exception("relay_failed")

    async def drain(self) -> int:
        """Publish everything pending now; returns how many events went out."""
        total = 0
        while True:
            async with self._single_flight:  # the loop and an explicit drain never overlap
                sent = await self._publish_batch()
            total += sent
            if sent < self.batch:
                return total

    async def _publish_batch(self) -> int:
        if self.db.is_sqlite:
            return await self._publish_batch_outside_transaction()
        # PostgreSQL: the batch stays locked while it is published, so replicas' relays
        # skip each other's rows (SKIP LOCKED) and nothing is published twice; row locks on
        # `events` block no other writer.
        async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
            with unscoped(uow.session):
                stmt = (
                    sa.select(OutboxEvent)
                    .where(OutboxEvent.published_at.is_(None))
                    .order_by(OutboxEvent.id)
                    .limit(self.batch)
                    .with_for_update(skip_locked=True)
                )
                events = (await uow.session.scalars(stmt)).all()
                sent = await self._publish([e.envelope() for e in events])
                for event in events[:sent]:
                    event.published_at = self.clock.now()
                if sent < len(events):
                    events[sent].attempts += 1
                return sent if sent == len(events) else 0

    async def _publish_batch_outside_transaction(self) -> int:
        """SQLite has one writer at a time: never hold its lock while talking to a
        publisher (a slow or unreachable Redis would stall every write of the service)."""
        async with self.db.unit_of_work(clock=self.clock, write=False, system=True) as uow:
            stmt = (
                sa.select(OutboxEvent)
                .where(OutboxEvent.published_at.is_(None))
                .order_by(OutboxEvent.id)
                .limit(self.batch)
            )
            events = (await uow.session.scalars(stmt)).all()
        sent = await self._publish([e.envelope() for e in events])
        if not events:
            return 0
        async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
            done = [(e.tenant_id, e.id) for e in events[:sent]]
            if done:
                await uow.session.execute(
                    sa.update(OutboxEvent)
                    .where(sa.tuple_(OutboxEvent.tenant_id, OutboxEvent.id).in_(done))
                    .values(published_at=self.clock.now())
                    .execution_options(synchronize_session=False)
                )
            if sent < len(events):
                failed = events[sent]
                await uow.session.execute(
                    sa.update(OutboxEvent)
                    .where(OutboxEvent.tenant_id == failed.tenant_id, OutboxEvent.id == failed.id)
                    .values(attempts=OutboxEvent.attempts + 1)
                    .execution_options(synchronize_session=False)
                )
        return sent if sent == len(events) else 0

    async def _publish(self, envelopes: list[Envelope]) -> int:
        """Publish in order, stopping at the first failure; returns how many went out."""
        for sent, envelope in enumerate(envelopes):
            try:
                for publisher in self.publishers:
                    await publisher.publish(envelope)
            except Exception:
                log.warning("publish_failed", event_id=envelope["id"], exc_info=True)
                return sent
        return len(envelopes)


async def prune_published(uow: WriteUnitOfWork, *, older_than_days: int) -> int:
    """Delete events published more than `older_than_days` ago (consumers had them)."""
    cutoff = uow.clock.now() - timedelta(days=older_than_days)
    result = await uow.session.execute(
        sa.delete(OutboxEvent)
        .where(OutboxEvent.published_at.is_not(None), OutboxEvent.published_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
