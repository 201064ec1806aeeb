"""The caller (`/me`) and their sessions: list them, revoke one."""

import uuid

from fastapi import APIRouter, Request, Response, status

from olympus.auth import errors as e
from olympus.auth import service
from olympus.auth.dependencies import (
    BEARER_ERRORS,
    AuthDep,
    CurrentPrincipal,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.router.shapes import PREFIX
from olympus.auth.schemas import MeResponse, SessionOut, TenantRef
from olympus.core.dependencies import database
from olympus.core.errors import responses
from olympus.core.pagination import Page, PageParamsDep

router = APIRouter(prefix=PREFIX, tags=["auth"])


@router.get(
    "/me",
    response_model=MeResponse,
    summary="The caller, with tenant, roles and effective permissions",
    responses=responses(*BEARER_ERRORS),
)
async def me(principal: CurrentPrincipal, request: Request) -> Response:
    auth: service.AuthComponents = request.app.state.auth
    who = await service.identity(
        database(request), auth=auth, claims=principal.claims, known=principal.known
    )
    body = MeResponse(
        **who.profile,
        tenant=TenantRef.model_validate(who.tenant),
        roles=who.roles,
        permissions=who.permissions,
    )
    return Response(body.model_dump_json(), media_type="application/json")


@router.get(
    "/sessions",
    response_model=Page[SessionOut],
    summary="The caller's active sessions",
    responses=responses(*BEARER_ERRORS),
)
async def sessions(
    principal: CurrentPrincipal,
    uow: TenantReadUoWDep,
    auth: AuthDep,
    page: PageParamsDep,
) -> Page[SessionOut]:
    found, next_cursor = await service.list_sessions(
        uow, auth=auth, user_id=principal.user_id, page=page
    )
    return Page[SessionOut](
        items=[
            SessionOut(
                id=s.id,
                created_at=s.created_at,
                last_used_at=s.last_used_at,
                expires_at=s.expires_at,
                user_agent=s.user_agent,
                ip=s.ip,
                current=s.id == principal.session_id,
            )
            for s in found
        ],
        next_cursor=next_cursor,
    )


@router.delete(
    "/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke one of the caller's sessions",
    responses=responses(*BEARER_ERRORS, e.SessionNotFound),
)
async def revoke_session(
    session_id: uuid.UUID,
    principal: CurrentPrincipal,
    uow: TenantWriteUoWDep,
    auth: AuthDep,
) -> Response:
    await service.revoke_session(uow, auth=auth, user_id=principal.user_id, session_id=session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
