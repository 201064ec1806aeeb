"""Reading, writing and pruning the security event log. Rows are written by the recorder
(`recorder.py`) in transactions of their own, never in a request's."""

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.security_events import repository
from olympus.platform.security_events.errors import InvalidSecurityEventFilter
from olympus.platform.security_events.models import SecurityEvent, SecurityEventKind


def email_digest(key: bytes, email: str) -> str:
    """The keyed hash an attempted email is recorded as: equal emails group and can be
    searched for, but the log can't be read back into addresses without the key."""
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def mask_email(email: str) -> str:
    """`jane@example.com` -> `j***@example.com`: enough for a reader to tell accounts apart."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not (local and at and domain):
        return "***"
    return f"{local[0]}***@{domain[:100]}"


@dataclass(frozen=True)
class SecurityEventFilter:
    kind: SecurityEventKind | None = None
    user_id: uuid.UUID | None = None
    ip: str | None = None
    email_hash: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def search(
    uow: ReadUnitOfWork, *, filters: SecurityEventFilter, page: PageParams
) -> tuple[list[SecurityEvent], str | None]:
    """The events of the tenant in scope, newest first (by first occurrence). The time window
    selects rows with an occurrence in it: last seen at or after `since`, first seen before
    `until`."""
    if filters.since and filters.until and filters.since > filters.until:
        raise InvalidSecurityEventFilter("`from` must not be after `to`")
    stmt = sa.select(SecurityEvent)
    if filters.kind:
        stmt = stmt.where(SecurityEvent.kind == filters.kind.value)
    if filters.user_id:
        stmt = stmt.where(SecurityEvent.user_id == filters.user_id)
    if filters.ip:
        stmt = stmt.where(SecurityEvent.ip == filters.ip)
    if filters.email_hash:
        stmt = stmt.where(SecurityEvent.email_hash == filters.email_hash)
    if filters.since:
        stmt = stmt.where(SecurityEvent.last_seen >= filters.since)
    if filters.until:
        stmt = stmt.where(SecurityEvent.first_seen < filters.until)
    return await fetch_page(uow.session, stmt, page, SecurityEvent.id, newest_first=True)


async def add_occurrences(uow: WriteUnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Write a batch of aggregated occurrences (see `repository.add_occurrences`)."""
    await repository.add_occurrences(uow, rows)


async def prune(uow: WriteUnitOfWork, *, older_than: datetime) -> int:
    """Delete the rows last seen before `older_than`, in every tenant: run by `olympus prune`
    in a system unit of work (an ORM statement, unscoped there)."""
    result = await uow.session.execute(
        sa.delete(SecurityEvent)
        .where(SecurityEvent.last_seen < older_than)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
