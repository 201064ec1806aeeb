"""HTTP endpoints of the audit log: read-only."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
)
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.core.schemas import QueryDatetime
from olympus.platform.audit import service
from olympus.platform.audit.errors import InvalidAuditFilter
from olympus.platform.audit.schemas import AuditLogOut

router = APIRouter(prefix="/api/v1/audit-logs", tags=["audit"])


@router.get(
    "",
    response_model=Page[AuditLogOut],
    summary="Search the audit log",
    description=(
        "Newest first. Filters: `actor_id`, `action` (exact, or a prefix ending in `*` such as "
        "`user.*`), `target_type`, `target_id`, and the time window `from` (inclusive) to `to` "
        "(exclusive). The log is append-only: no endpoint changes or deletes it."
    ),
    responses=responses(*PERMISSION_ERRORS, InvalidAuditFilter, InvalidCursor),
)
async def search_audit_logs(
    principal: Annotated[Principal, RequirePermission("audit:read")],
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    actor_id: uuid.UUID | None = None,
    action: Annotated[str | None, Query(max_length=100)] = None,
    target_type: Annotated[str | None, Query(max_length=50)] = None,
    target_id: Annotated[str | None, Query(max_length=100)] = None,
    since: Annotated[QueryDatetime | None, Query(alias="from")] = None,
    until: Annotated[QueryDatetime | None, Query(alias="to")] = None,
) -> Page[AuditLogOut]:
    rows, cursor = await service.search(
        uow,
        filters=service.AuditFilter(
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            since=since,
            until=until,
        ),
        page=page,
    )
    return Page[AuditLogOut](
        items=[AuditLogOut.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=cursor,
    )
