"""Domain events through a transactional outbox: `record_event` writes the event in the same
transaction as the change; the relay publishes committed events afterwards (in process, and
to Redis streams and channels when Redis is configured), retrying until it succeeds. Consumers
get at-least-once delivery and dedupe by the event id."""

import asyncio
import contextlib
import fnmatch
import random
import uuid
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

import asyncpg
import orjson
import sqlalchemy as sa
import structlog
from redis.asyncio import Redis
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.clock import Clock
from olympus.core.db import (
    Base,
    Database,
    DriverConnection,
    ReadUnitOfWork,
    WriteUnitOfWork,
    new_id,
)
from olympus.core.event_types import check_event
from olympus.core.tenancy import TenantOwned, unscoped

log = structlog.get_logger("olympus.events")

EVENT_VERSION = 1
Envelope = dict[str, Any]
Handler = Callable[[Envelope], Awaitable[None]]
# Run by the relay in the transaction that marks a batch as published, with the envelopes
# that went out (oldest first): what must happen once per published event (webhook
# deliveries to queue) commits with the marks or not at all. A hook that raises fails the
# batch like a publisher would: it is published again on the next attempt.
AfterPublish = Callable[[WriteUnitOfWork, list[Envelope]], Awaitable[None]]


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
    the transaction commits. Its data is checked against the type's declaration in the
    catalogue (`core.event_types`)."""
    version = check_event(event_type, data)
    event = OutboxEvent(
        id=new_id(),
        tenant_id=uow.require_tenant(),
        type=event_type,
        occurred_at=uow.clock.now(),
        version=version,
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
    " SELECT :tenant_id, u.id, u.type, :now, u.version, u.data::json, NULL, 0"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(:versions AS int[]),"
    " CAST(:data AS text[])) AS u(id, type, version, data)"
)


async def record_events(uow: WriteUnitOfWork, events: Iterable[tuple[str, dict[str, Any]]]) -> int:
    """`record_event` for many events at once (a bulk import): written straight away in a few
    statements instead of one ORM object each. How many were written."""
    tenant_id = uow.require_tenant()
    now = uow.clock.now()
    conn = await uow.session.connection()
    # (id, type, schema version, data as JSON text): the text is what PostgreSQL takes, and
    # dumping it once also turns ids and times into strings, as `record_event` does.
    rows = [
        (new_id(), event_type, check_event(event_type, data), orjson.dumps(data).decode())
        for event_type, data in events
    ]
    if conn.dialect.name == "postgresql":
        # One array per column, unnested: a statement of one shape, whatever the count.
        stmt = sa.text(_INSERT_EVENTS_SQL).bindparams(
            sa.bindparam("ids", type_=postgresql.ARRAY(sa.Uuid())),
            sa.bindparam("types", type_=postgresql.ARRAY(sa.Text())),
            sa.bindparam("versions", type_=postgresql.ARRAY(sa.Integer())),
            sa.bindparam("data", type_=postgresql.ARRAY(sa.Text())),
            sa.bindparam("tenant_id", type_=sa.Uuid()),
            sa.bindparam("now", type_=sa.DateTime(timezone=True)),
        )
        for start in range(0, len(rows), _EVENTS_PER_STATEMENT_POSTGRES):
            ids, types, versions, data = zip(
                *rows[start : start + _EVENTS_PER_STATEMENT_POSTGRES], strict=True
            )
            params: dict[str, Any] = {
                "ids": list(ids), "types": list(types), "versions": list(versions),
                "data": list(data), "tenant_id": tenant_id, "now": now,
            }  # fmt: skip
            await conn.execute(stmt, params)
    else:
        table = cast(sa.Table, OutboxEvent.__table__)
        for start in range(0, len(rows), _EVENTS_PER_STATEMENT):
            chunk = rows[start : start + _EVENTS_PER_STATEMENT]
            await conn.execute(
                sa.insert(table).values(
                    [
                        {"id": event_id, "type": event_type, "data": orjson.loads(data),
                         "tenant_id": tenant_id, "occurred_at": now, "version": version,
                         "published_at": None, "attempts": 0}
                        for event_id, event_type, version, data in chunk
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
    version = check_event(event_type, data)
    await conn.execute(
        _INSERT_EVENT_SQL, tenant_id, new_id(), event_type, now, version,
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


def stream_name(event_type: str, namespace: str = "") -> str:
    """The Redis stream and channel of an event type: `events.<type>`, or
    `<namespace>:events.<type>` when the deployment sets EVENT_NAMESPACE (several services,
    or a test run, sharing one Redis)."""
    return f"{namespace}:events.{event_type}" if namespace else f"events.{event_type}"


class RedisPublisher:
    """Each type gets a stream `events.<type>` (durable consumer groups) and a pub/sub channel
    of the same name (live pattern subscribers such as `events.user.*`)."""

    def __init__(self, redis: Redis, *, stream_maxlen: int = 100_000, namespace: str = "") -> None:
        self.redis = redis
        self.stream_maxlen = stream_maxlen
        self.namespace = namespace

    async def publish(self, envelope: Envelope) -> None:
        name = stream_name(envelope["type"], self.namespace)
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


# One relay publishes at a time (PostgreSQL advisory lock, held for one batch's transaction):
# so the events of one aggregate go out in the order they were written, whatever the number
# of replicas running a relay. The others wait for their next turn.
RELAY_LOCK_KEY = 0x6F6C_7970  # "olyp"


@dataclass(frozen=True)
class Backlog:
    """Committed events not yet published, and the age of the oldest (seconds; None: none)."""

    pending: int
    oldest_age_seconds: float | None


class OutboxRelay:
    """Publishes committed outbox events in order, marking each once every publisher took it.
    When a publisher fails (Redis down) it backs off exponentially, with jitter, up to
    `max_backoff_seconds`, saying so once; the events wait in the table and nothing is
    dropped. Every `prune_every_seconds` it deletes events published more than
    `retention_hours` ago."""

    def __init__(
        self,
        db: Database,
        publishers: list[Publisher],
        *,
        clock: Clock,
        poll_seconds: float = 1.0,
        batch: int = 200,
        max_backoff_seconds: float = 60.0,
        retention_hours: int = 168,
        prune_every_seconds: float = 3600.0,
        listen: bool = False,
        after_publish: Iterable[AfterPublish] = (),
    ) -> None:
        self.db = db
        self.publishers = publishers
        self.after_publish = list(after_publish)
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.max_backoff_seconds = max_backoff_seconds
        self.retention_hours = retention_hours
        self.prune_every_seconds = prune_every_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._listener: asyncio.Task[None] | None = None
        self._stopping = False
        self._single_flight = asyncio.Lock()
        # Commits landing within this share one relay transaction (a short wait: it adds
        # to every event's latency; 10 ms was most of the median, see benchmarks/README.md).
        self.batch_delay = 0.002
        # PostgreSQL: LISTEN for the notification of committed events (see the trigger of
        # migration 0018), so events written by another replica go out at once.
        self.listen = listen and not db.is_sqlite
        # Consecutive failed attempts to publish (0: healthy).
        self.failures = 0
        self._pruned_at: float | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        _relays.add(self)
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="outbox-relay")
        if self.listen:
            self._listener = asyncio.create_task(self._listen(), name="outbox-listener")

    async def _listen(self) -> None:
        """Hold a connection LISTENing on `olympus_events`; each notification wakes the relay.
        A lost connection is opened again (meanwhile the relay polls, as without it)."""
        dsn = make_url(self.db.url).set(drivername="postgresql").render_as_string(False)
        delay = 1.0
        while not self._stopping:
            try:
                conn = await asyncpg.connect(dsn, timeout=5)
            except Exception as exc:
                log.debug("relay_listen_unavailable", error=str(exc))
                await self._sleep_unless_stopping(delay)
                delay = min(delay * 2, 30.0)
                continue
            delay = 1.0
            lost = asyncio.Event()
            try:
                conn.add_termination_listener(lambda _, gone=lost: gone.set())
                await conn.add_listener("olympus_events", lambda *_: self._wake.set())
                self._wake.set()  # what was committed while nobody listened
                await lost.wait()
            except Exception as exc:  # the connection broke while listening: open another
                log.debug("relay_listen_lost", error=str(exc))
                await self._sleep_unless_stopping(delay)
            finally:
                with contextlib.suppress(Exception):
                    await conn.close(timeout=2)

    async def stop(self) -> None:
        """Finish the batch under way, then publish what is left once more."""
        _relays.discard(self)
        self._stopping = True
        self._wake.set()
        if self._listener is not None:
            self._listener.cancel()
            # A listener that failed as it was cancelled has nothing left to stop.
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
            self._listener = None
        if self._task is not None:
            await self._task
            self._task = None
        try:
            await self.drain()
        except Exception:  # the database is gone: what is left goes out on the next start
            log.exception("relay_final_drain_failed")

    def backoff_seconds(self) -> float:
        """How long to wait before the next attempt after `failures` failed ones: exponential
        from the poll interval, capped, with full jitter (replicas don't retry in step)."""
        if self.failures == 0:
            return self.poll_seconds
        ceiling = min(self.max_backoff_seconds, self.poll_seconds * 2 ** min(self.failures, 16))
        return max(self.poll_seconds, random.uniform(0, ceiling))  # noqa: S311 - jitter

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._stopping:
            if self.failures:
                # Backing off: a commit's wake-up doesn't cut the wait short.
                await self._sleep_unless_stopping(self.backoff_seconds())
            else:
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
                await self.drain(wait_for_turn=False)
            except Exception as exc:
                self._failed(exc)
            if self._pruned_at is None or loop.time() - self._pruned_at > self.prune_every_seconds:
                self._pruned_at = loop.time()
                await self.prune()

    async def _sleep_unless_stopping(self, seconds: float) -> None:
        """Wait `seconds`, or less if the relay stops or an explicit drain got through."""
        try:
            async with asyncio.timeout(seconds):
                while not self._stopping and self.failures:
                    self._wake.clear()
                    await self._wake.wait()
        except TimeoutError:
            pass

    def _failed(self, exc: BaseException) -> None:
        self.failures += 1
        if self.failures == 1:
            log.warning(
                "relay_failing",
                error=str(exc)
                if isinstance(exc, PublishFailed)
                else f"{type(exc).__name__}: {exc}",
            )
        else:
            log.debug("relay_still_failing", attempts=self.failures, error=str(exc))

    def _succeeded(self) -> None:
        if self.failures:
            log.warning("relay_recovered", after_attempts=self.failures)
            self.failures = 0
            self._wake.set()

    async def prune(self) -> int:
        """Delete the events published longer ago than the retention; how many went."""
        try:
            async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
                removed = await prune_published(uow, older_than_hours=self.retention_hours)
        except Exception as exc:  # the next round tries again
            log.warning("relay_prune_failed", error=f"{type(exc).__name__}: {exc}")
            return 0
        if removed:
            log.info("relay_pruned", events=removed)
        return removed

    async def backlog(self) -> Backlog:
        """What waits to be published (for /ready and /metrics)."""
        async with self.db.unit_of_work(clock=self.clock, write=False, system=True) as uow:
            with unscoped(uow.session):
                row = (
                    await uow.session.execute(
                        sa.select(sa.func.count(), sa.func.min(OutboxEvent.occurred_at)).where(
                            OutboxEvent.published_at.is_(None)
                        )
                    )
                ).one()
        pending, oldest = int(row[0]), row[1]
        if oldest is None:
            return Backlog(pending, None)
        if oldest.tzinfo is None:  # SQLite hands back naive UTC times
            oldest = oldest.replace(tzinfo=self.clock.now().tzinfo)
        return Backlog(pending, max(0.0, (self.clock.now() - oldest).total_seconds()))

    async def drain(self, *, wait_for_turn: bool = True) -> int:
        """Publish everything pending now; returns how many events went out. Raises
        `PublishFailed` when a publisher refused an event (it waits for the next attempt).
        Without `wait_for_turn`, it gives up at once when another relay is publishing."""
        total = 0
        while True:
            async with self._single_flight:  # the loop and an explicit drain never overlap
                sent = await self._publish_batch(wait_for_turn)
            total += sent
            if sent < self.batch:
                self._succeeded()
                return total

    async def _publish_batch(self, wait_for_turn: bool) -> int:
        if self.db.is_sqlite:
            return await self._publish_batch_outside_transaction()
        # PostgreSQL: one relay at a time holds the turn (an advisory lock for the batch's
        # transaction), so events go out in the order they were written however many
        # replicas run a relay; the batch's rows stay locked while it is published (and
        # SKIP LOCKED), so nothing is published twice. Neither lock blocks any writer.
        async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
            with unscoped(uow.session):
                if wait_for_turn:
                    await uow.session.execute(
                        sa.select(sa.func.pg_advisory_xact_lock(RELAY_LOCK_KEY))
                    )
                else:
                    turn = sa.select(sa.func.pg_try_advisory_xact_lock(RELAY_LOCK_KEY))
                    if not await uow.session.scalar(turn):
                        return 0  # another replica's relay is publishing: its turn
                stmt = (
                    sa.select(OutboxEvent)
                    .where(OutboxEvent.published_at.is_(None))
                    .order_by(OutboxEvent.id)
                    .limit(self.batch)
                    .with_for_update(skip_locked=True)
                )
                events = (await uow.session.scalars(stmt)).all()
                envelopes = [e.envelope() for e in events]
                sent, error = await self._publish(envelopes)
                for event in events[:sent]:
                    event.published_at = self.clock.now()
                if sent < len(events):
                    events[sent].attempts += 1
                await self._after_publish(uow, envelopes[:sent])
        # Raised once the marks of what went out are committed.
        if sent < len(events):
            raise PublishFailed(events[sent].id, error)
        return sent

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
            envelopes = [e.envelope() for e in events]
        sent, error = await self._publish(envelopes)
        if not events:
            return 0
        async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
            await self._after_publish(uow, envelopes[:sent])
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
        if sent < len(events):
            raise PublishFailed(events[sent].id, error)
        return sent

    async def _after_publish(self, uow: WriteUnitOfWork, envelopes: list[Envelope]) -> None:
        if envelopes:
            for hook in self.after_publish:
                await hook(uow, envelopes)

    async def _publish(self, envelopes: list[Envelope]) -> tuple[int, Exception | None]:
        """Publish in order, stopping at the first failure: how many went out, and why the
        next did not."""
        for sent, envelope in enumerate(envelopes):
            try:
                for publisher in self.publishers:
                    await publisher.publish(envelope)
            except Exception as exc:
                return sent, exc
        return len(envelopes), None


class PublishFailed(Exception):
    """A publisher refused an event: it and the events after it wait for the next attempt."""

    def __init__(self, event_id: uuid.UUID, cause: Exception | None) -> None:
        super().__init__(f"publishing event {event_id} failed: {type(cause).__name__}: {cause}")
        self.event_id = event_id


async def prune_published(
    uow: WriteUnitOfWork, *, older_than_days: int = 0, older_than_hours: int = 0
) -> int:
    """Delete events published longer ago than the given age (consumers had them)."""
    age = timedelta(days=older_than_days, hours=older_than_hours)
    if age <= timedelta(0):
        raise ValueError("give an age of at least an hour")
    cutoff = uow.clock.now() - age
    result = await uow.session.execute(
        sa.delete(OutboxEvent)
        .where(OutboxEvent.published_at.is_not(None), OutboxEvent.published_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _type_filter(pattern: str) -> sa.ColumnElement[bool]:
    """`order.*` as a LIKE on the type: `*` is the only wildcard (`%` and `_` are escaped)."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return OutboxEvent.type.like(escaped.replace("*", "%"), escape="\\")


async def read_outbox(
    uow: ReadUnitOfWork,
    *,
    pattern: str | None = None,
    tenant_id: uuid.UUID | None = None,
    since: datetime | None = None,
    after_id: uuid.UUID | None = None,
    limit: int = 100,
) -> list[Envelope]:
    """Past events, oldest first, across tenants unless `tenant_id` is given (operators'
    reading: the caller's unit of work is a system one)."""
    stmt = sa.select(OutboxEvent).order_by(OutboxEvent.id).limit(limit)
    if pattern and pattern != "*":
        stmt = stmt.where(_type_filter(pattern))
    if tenant_id is not None:
        stmt = stmt.where(OutboxEvent.tenant_id == tenant_id)
    if since is not None:
        stmt = stmt.where(OutboxEvent.occurred_at >= since)
    if after_id is not None:
        stmt = stmt.where(OutboxEvent.id > after_id)
    with unscoped(uow.session):
        return [e.envelope() for e in (await uow.session.scalars(stmt)).all()]


async def follow_outbox(
    db: Database, *, clock: Clock, pattern: str = "*", poll_seconds: float = 0.5
) -> AsyncGenerator[Envelope, None]:
    """Events as they are committed, read from the outbox (for the embedded default, which
    has no Redis to subscribe to): starts with what is written from now on."""
    last = new_id()  # UUIDv7: every event written from now on sorts after it
    while True:
        async with db.unit_of_work(clock=clock, write=False, system=True) as uow:
            found = await read_outbox(uow, pattern=pattern, after_id=last, limit=500)
        for envelope in found:
            yield envelope
        if found:
            last = uuid.UUID(found[-1]["id"])
        else:
            await asyncio.sleep(poll_seconds)
