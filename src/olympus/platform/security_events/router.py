"""HTTP endpoint of the security event log: read-only, per tenant; platform operators may
read another tenant's."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
)
from olympus.auth.errors import PermissionDenied
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.core.schemas import QueryDatetime
from olympus.platform.security_events import service
from olympus.platform.security_events.errors import InvalidSecurityEventFilter
from olympus.platform.security_events.models import SecurityEventKind
from olympus.platform.security_events.recorder import SecurityEventRecorder
from olympus.platform.security_events.schemas import SecurityEventOut
from olympus.platform.tenants import service as tenants
from olympus.platform.tenants.errors import TenantNotFound

router = APIRouter(prefix="/api/v1/security-events", tags=["security"])
OPERATOR = "tenants:manage"


@router.get(
    "",
    response_model=Page[SecurityEventOut],
    summary="Search the security event log",
    description=(
        "Failed sign-ins, lockouts, refresh-token reuse, multi-factor failures, refused "
        "permissions, refused tokens of known accounts and fair-use refusals of the tenant, "
        "newest first. Repeats of one event (same kind, account, client address and "
        "permission) within the aggregation window (an hour by default) are one row with a "
        "`count`. Filters: `kind`, `user_id`, `address`, `email` (compared by its keyed hash), "
        "and `from` (inclusive) to `to` (exclusive): rows with an occurrence in that window. "
        "Needs `audit:read`. Platform operators may name another tenant with `tenant_id`."
    ),
    responses=responses(
        *PERMISSION_ERRORS, TenantNotFound, InvalidSecurityEventFilter, InvalidCursor
    ),
)
async def search_security_events(
    request: Request,
    principal: Annotated[Principal, RequirePermission("audit:read")],
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    kind: Annotated[SecurityEventKind | None, Query(description="Only this kind")] = None,
    user_id: Annotated[
        uuid.UUID | None, Query(description="Only the events of this account")
    ] = None,
    address: Annotated[
        str | None, Query(max_length=64, description="The client address, exactly")
    ] = None,
    email: Annotated[
        str | None, Query(max_length=320, description="An email tried (matched by its hash)")
    ] = None,
    since: Annotated[
        QueryDatetime | None,
        Query(alias="from", description="Last seen at or after this time (RFC 3339)"),
    ] = None,
    until: Annotated[
        QueryDatetime | None,
        Query(alias="to", description="First seen before this time (RFC 3339)"),
    ] = None,
    tenant_id: Annotated[
        uuid.UUID | None,
        Query(description="Another tenant's log (platform operators only)"),
    ] = None,
) -> Page[SecurityEventOut]:
    recorder: SecurityEventRecorder = request.app.state.security_events
    filters = service.SecurityEventFilter(
        kind=kind,
        user_id=user_id,
        ip=address,
        email_hash=recorder.email_digest(email) if email else None,
        since=since,
        until=until,
    )
    target = tenant_id or principal.tenant_id
    if target != principal.tenant_id:
        if not principal.authz.can(OPERATOR):
            raise PermissionDenied(
                f"Reading another tenant's security events needs {OPERATOR!r}",
                permission=OPERATOR,
            )
        if await tenants.find(uow, target) is None:
            raise TenantNotFound()
    async with uow.in_tenant(target):
        rows, cursor = await service.search(uow, filters=filters, page=page)
    return Page[SecurityEventOut](
        items=[SecurityEventOut.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=cursor,
    )
