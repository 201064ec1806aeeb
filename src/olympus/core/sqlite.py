"""What the embedded SQLite database needs from the service: its pragmas, how its transactions
begin, and the write gate.

SQLite has one writer at a time. Left to itself, every waiting writer would hold a pooled
connection and sleep in SQLite's busy handler (unfair, and blind to the event loop), and a
writer that waits on anything while it holds the lock stalls every other one. So, within a
process, writing transactions take turns on an asyncio lock, the write gate:

- a writing unit of work takes the gate just before its `BEGIN IMMEDIATE` (its first
  statement), so work done before its first statement (hashing a password) holds nothing;
- it gives the gate back only once its connection is committed or rolled back, even when
  its request is cancelled;
- a request may hold one writing transaction at a time: opening a second one inside the
  first would wait for itself, so it is refused at once (`NestedWriteTransaction`, on
  PostgreSQL too, so the rule holds and is tested on both engines);
- waiting longer than `DATABASE_WRITE_WAIT_SECONDS` answers 503 `database_busy` with
  `Retry-After`, and nothing is written. The same bound is SQLite's busy timeout, for writers
  in other processes (the CLI)."""

import asyncio
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

from olympus.core.errors import DatabaseBusy


class NestedWriteTransaction(RuntimeError):
    """A writing unit of work was opened inside another one of the same request: a
    programming error, refused before it could wait for itself."""


class WriteGate:
    """One writing transaction at a time in this process, first come first served."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        self._lock = asyncio.Lock()
        self.observe_wait: Callable[[float], None] = lambda seconds: None

    async def acquire(self) -> None:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(self.wait_seconds):
                await self._lock.acquire()
        except TimeoutError:
            raise DatabaseBusy(
                "The database is busy with other writes; try again shortly",
                headers={"Retry-After": "1"},
            ) from None
        finally:
            self.observe_wait(time.perf_counter() - started)

    def release(self) -> None:
        self._lock.release()


class GateHolder:
    """The writing transaction of the current task, and whether it holds the gate (there is
    a gate on SQLite only; on PostgreSQL the holder only marks the task as writing)."""

    def __init__(self, gate: WriteGate | None) -> None:
        self.gate = gate
        self.holds = False

    def release(self) -> None:
        if self.holds and self.gate is not None:
            self.holds = False
            self.gate.release()


# The writing unit of work of the running task (the request), set while it is open.
current_writer: ContextVar[GateHolder | None] = ContextVar("olympus_writer", default=None)


def configure_sqlite(engine: AsyncEngine, gate: WriteGate) -> None:
    busy_ms = int(gate.wait_seconds * 1000)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        mode = options.get("sqlite_begin", "DEFERRED")
        holder = current_writer.get()
        if mode == "IMMEDIATE" and holder is not None and holder.gate and not holder.holds:
            # Inside the unit of work's greenlet: wait on the event loop, holding nothing.
            await_only(holder.gate.acquire())
            holder.holds = True
        # Readers and writers share the pool: a connection is switched only when the kind of
        # transaction it serves changes (the flag lives with the connection, not the pool).
        query_only = bool(options.get("sqlite_query_only", False))
        pooled = conn.connection.info
        if pooled.get("query_only", False) != query_only:
            conn.exec_driver_sql(f"PRAGMA query_only={int(query_only)}")
            pooled["query_only"] = query_only
        conn.exec_driver_sql(f"BEGIN {mode}")
