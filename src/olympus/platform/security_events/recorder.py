"""The recorder of security events: `record()` never waits and never fails the request that
calls it. Occurrences go on a bounded queue; one background task takes them in batches, adds
up the repeats of each aggregation key and writes each batch in one short transaction of its
own (one conditional upsert), so a flood of failures costs a few rows and a few writes, not a
write per request, and never holds the embedded database's write gate for long."""

import asyncio
import contextlib
import contextvars
import uuid
from datetime import UTC, datetime
from typing import Any

import structlog

from olympus.core.clock import Clock
from olympus.core.db import Database, WriteUnitOfWork, new_id
from olympus.core.observability import Metrics
from olympus.platform.security_events import service
from olympus.platform.security_events.models import SecurityEventKind
from olympus.platform.tenants import service as tenants

log = structlog.get_logger("olympus.security_events")

MAX_PENDING = 10_000  # occurrences waiting to be written; past that they are counted, not kept
BATCH = 500

# Where an occurrence is aggregated: tenant (or slug), kind, account, address, permission,
# window start.
_Key = tuple[str, str, str, str, str, datetime]


class SecurityEventRecorder:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        hash_key: bytes,
        window_seconds: int,
        metrics: Metrics | None = None,
        max_pending: int = MAX_PENDING,
    ) -> None:
        self.db = db
        self.clock = clock
        self._hash_key = hash_key
        self.window_seconds = window_seconds
        self._metrics = metrics
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(max_pending)
        self._task: asyncio.Task[None] | None = None

    def email_digest(self, email: str) -> str:
        return service.email_digest(self._hash_key, email)

    def record(
        self,
        kind: SecurityEventKind,
        *,
        tenant_id: uuid.UUID | None = None,
        tenant_slug: str | None = None,
        user_id: uuid.UUID | None = None,
        email: str | None = None,
        ip: str = "",
        user_agent: str = "",
        route: str = "",
        permission: str = "",
        reason: str = "",
        request_id: str | None = None,
    ) -> None:
        """Note one occurrence, attributed to `tenant_id` (or the tenant of `tenant_slug`,
        looked up when the batch is written: a sign-in naming no tenant is only counted).
        The email is hashed and masked here; it never reaches the queue or the database."""
        try:
            if tenant_id is None and not tenant_slug:
                self._count(kind, "unattributed")
                return
            now = self.clock.now()
            start = int(now.timestamp()) // self.window_seconds * self.window_seconds
            email_hash = self.email_digest(email) if email else ""
            if user_id is not None:
                account = f"user:{user_id}"
            elif email_hash:
                account = f"email:{email_hash}"
            else:
                account = ""
            occurrence = {
                "tenant_id": tenant_id,
                "tenant_slug": (tenant_slug or "").strip().lower()[:63],
                "kind": kind.value,
                "account_key": account,
                "user_id": user_id,
                "email_hash": email_hash,
                "email_hint": service.mask_email(email) if email else "",
                "ip": ip[:64],
                "user_agent": user_agent[:200],
                "route": route[:200],
                "permission": permission[:100],
                "reason": reason[:64],
                "request_id": (request_id or "")[:128],
                "window_start": datetime.fromtimestamp(start, UTC),
                "first_seen": now,
                "last_seen": now,
                "count": 1,
            }
            self._ensure_running()
            self._queue.put_nowait(occurrence)
        except asyncio.QueueFull:
            self._count(kind, "dropped")
            log.warning("security_event_dropped", kind=kind.value, reason="recorder_full")
        except Exception:  # recording must never break the request that reports
            log.exception("security_event_not_recorded", kind=kind.value)

    # --- the background writer ---------------------------------------------------------------

    def start(self) -> None:
        self._ensure_running()

    def _ensure_running(self) -> None:
        if self._task is None or self._task.done():
            # A context of its own: the writer must not inherit the writing transaction of
            # the request that happened to start it.
            self._task = asyncio.get_running_loop().create_task(
                self._run(), context=contextvars.Context()
            )

    async def flush(self, within_seconds: float = 10.0) -> None:
        """Wait until every occurrence noted so far is written (or given up)."""
        if self._task is None or self._task.done():
            return
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within_seconds):
                await self._queue.join()

    async def stop(self, within_seconds: float = 3.0) -> None:
        await self.flush(within_seconds)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except asyncio.QueueEmpty:
                    break
            try:
                await self._write(batch)
            except Exception:
                log.exception("security_events_not_written", occurrences=len(batch))
                for occurrence in batch:
                    self._count(occurrence["kind"], "dropped")
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _write(self, batch: list[dict[str, Any]]) -> None:
        rows = _aggregate(batch)
        async with self.db.unit_of_work(clock=self.clock, system=True) as uow:
            rows = await self._attribute(uow, rows)
            for row in rows:
                row["id"] = new_id()
            await service.add_occurrences(uow, rows)
        for row in rows:
            self._count(row["kind"], "recorded", row["count"])

    async def _attribute(
        self, uow: WriteUnitOfWork, rows: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Give every row its tenant: those that only named one by slug get its id; those
        naming no tenant that exists are counted in the metrics and left out (the log is
        per tenant; an attempt on no tenant has nobody to show it to)."""
        slugs = [r["tenant_slug"] for r in rows if r["tenant_id"] is None]
        ids = await tenants.ids_by_slugs(uow, slugs) if slugs else {}
        kept = []
        for row in rows:
            slug = row.pop("tenant_slug")
            if row["tenant_id"] is None:
                row["tenant_id"] = ids.get(slug)
            if row["tenant_id"] is None:
                self._count(row["kind"], "unattributed", row["count"])
                continue
            kept.append(row)
        return _aggregate(kept)  # two slugs of one tenant may now share a key

    def _count(self, kind: str, outcome: str, n: int = 1) -> None:
        if self._metrics is not None:
            self._metrics.security_events.labels(kind, outcome).inc(n)


def _key(row: dict[str, Any]) -> _Key:
    tenant = (
        str(row["tenant_id"])
        if row["tenant_id"] is not None
        else "slug:" + row.get("tenant_slug", "")
    )
    return (
        tenant,
        row["kind"],
        row["account_key"],
        row["ip"],
        row["permission"],
        row["window_start"],
    )


def _aggregate(occurrences: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per aggregation key: the repeats counted, the latest details kept."""
    rows: dict[_Key, dict[str, Any]] = {}
    for occurrence in occurrences:
        key = _key(occurrence)
        row = rows.get(key)
        if row is None:
            rows[key] = dict(occurrence)
            continue
        row["count"] += occurrence["count"]
        row["first_seen"] = min(row["first_seen"], occurrence["first_seen"])
        if occurrence["last_seen"] >= row["last_seen"]:
            for field in ("last_seen", "request_id", "route", "user_agent", "reason"):
                row[field] = occurrence[field]
        if row["user_id"] is None:
            row["user_id"] = occurrence["user_id"]
    return list(rows.values())
