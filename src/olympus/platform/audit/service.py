"""Writing and reading the audit log. `record` rides in the caller's transaction, so a change
and its audit row commit together or not at all."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.audit.errors import InvalidAuditFilter
from olympus.platform.audit.models import AuditLog

SECRET_FIELDS = frozenset(
    {"password", "new_password", "current_password", "password_hash", "token", "secret"}
)
PRUNE_SETTING = "olympus.audit_prune"


def _without_secrets(changes: dict[str, Any]) -> dict[str, Any]:
    return {
        key: ("[redacted]" if key in SECRET_FIELDS else value) for key, value in changes.items()
    }


def record(
    uow: WriteUnitOfWork,
    *,
    action: str,
    target_type: str,
    target_id: uuid.UUID | str,
    changes: dict[str, Any] | None = None,
) -> AuditLog:
    """Append an audit row for the actor of this unit of work, in its tenant."""
    row = AuditLog(
        id=new_id(),
        tenant_id=uow.require_tenant(),
        actor_id=uow.actor_id,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        changes=_without_secrets(changes or {}),
        request_id=uow.request_id or "",
        ip=uow.ip,
        created_at=uow.clock.now(),
    )
    uow.session.add(row)
    uow.audited = True
    return row


async def record_in(
    uow: WriteUnitOfWork,
    tenant_id: uuid.UUID,
    *,
    action: str,
    target_type: str,
    target_id: uuid.UUID | str,
    changes: dict[str, Any] | None = None,
) -> AuditLog:
    """Append the row to `tenant_id`'s log: a platform operator's action on another tenant
    is kept in the operator's own tenant."""
    # Rows still pending in the current tenant (its events) are written under its scope
    # first: flushed inside `tenant_id`'s scope they would be refused as another tenant's.
    await uow.session.flush()
    async with uow.in_tenant(tenant_id):
        row = record(
            uow, action=action, target_type=target_type, target_id=target_id, changes=changes
        )
    uow.audited = True
    return row


def record_request(uow: WriteUnitOfWork, *, action: str, path: str) -> AuditLog:
    """The safety net of the audit trail: a mutating request by an authenticated actor whose
    service recorded nothing more specific still leaves a row naming the endpoint."""
    return record(uow, action=action, target_type="endpoint", target_id=path[:100])


@dataclass(frozen=True)
class AuditFilter:
    actor_id: uuid.UUID | None = None
    action: str | None = None
    target_type: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


async def search(
    uow: ReadUnitOfWork, *, filters: AuditFilter, page: PageParams
) -> tuple[list[AuditLog], str | None]:
    """Newest first, by id (time-ordered)."""
    if filters.since and filters.until and filters.since > filters.until:
        raise InvalidAuditFilter("`from` must not be after `to`")
    stmt = sa.select(AuditLog)
    if filters.actor_id:
        stmt = stmt.where(AuditLog.actor_id == filters.actor_id)
    if filters.action:
        if filters.action.endswith("*"):
            stmt = stmt.where(AuditLog.action.startswith(filters.action[:-1], autoescape=True))
        else:
            stmt = stmt.where(AuditLog.action == filters.action)
    if filters.target_type:
        stmt = stmt.where(AuditLog.target_type == filters.target_type)
    if filters.target_id:
        stmt = stmt.where(AuditLog.target_id == filters.target_id)
    if filters.since:
        stmt = stmt.where(AuditLog.created_at >= filters.since)
    if filters.until:
        stmt = stmt.where(AuditLog.created_at < filters.until)
    return await fetch_page(uow.session, stmt, page, AuditLog.id, newest_first=True)


async def prune_tenant(uow: WriteUnitOfWork, *, older_than: datetime) -> int:
    """Delete the rows of the tenant in scope created before `older_than`. The only deletion
    the log allows: retention, run by `olympus audit prune` in a system unit of work (see
    `olympus.accounts.retention`), never through the API. On PostgreSQL the append-only
    trigger lets it through only with the prune setting on, in this transaction."""
    if uow.session.bind is not None and uow.session.bind.dialect.name == "postgresql":
        await uow.session.execute(sa.select(sa.func.set_config(PRUNE_SETTING, "on", True)))
    result = await uow.session.execute(
        sa.delete(AuditLog)
        .where(AuditLog.tenant_id == uow.require_tenant(), AuditLog.created_at < older_than)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
