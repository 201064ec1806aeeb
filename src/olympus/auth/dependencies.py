"""Who is calling: the bearer token checked on every authenticated route, and the units of
work bound to the caller's tenant (one for reading handlers, one for writing ones)."""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request

from olympus.auth.errors import (
    InvalidToken,
    MfaEnrollmentRequired,
    PermissionDenied,
    TokenInQuery,
    TokenRevoked,
)
from olympus.auth.ratelimit import FairUseExceeded
from olympus.auth.service import AuthComponents, Authenticated, authenticate
from olympus.auth.tokens import AccessClaims
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.dependencies import client_ip, database, reading, request_id, user_agent, writing
from olympus.core.errors import DomainError, Unauthenticated
from olympus.core.observability import add_response_headers
from olympus.core.openapi import documents
from olympus.platform.audit import service as audit
from olympus.platform.rbac.authorization import Authorization
from olympus.platform.security_events.models import SecurityEventKind
from olympus.platform.tenants.errors import TenantSuspended

UoW = TypeVar("UoW", bound=ReadUnitOfWork)


async def auth_components(request: Request) -> AuthComponents:
    # async: FastAPI runs plain `def` dependencies in a worker thread, a cost on every request
    auth: AuthComponents = request.app.state.auth
    return auth


AuthDep = Annotated[AuthComponents, Depends(auth_components)]

# What an authenticated endpoint may answer, for its `responses=` (and so its OpenAPI entry).
BEARER_ERRORS = (
    Unauthenticated,
    InvalidToken,
    TokenRevoked,
    TokenInQuery,
    TenantSuspended,
    FairUseExceeded,
    MfaEnrollmentRequired,
)
PERMISSION_ERRORS = (*BEARER_ERRORS, PermissionDenied)


@dataclass(frozen=True)
class Principal:
    """The authenticated caller of a request."""

    claims: AccessClaims
    known: Authenticated

    @property
    def authz(self) -> Authorization:
        return self.known.authz

    @property
    def user_id(self) -> uuid.UUID:
        return self.claims.user_id

    @property
    def tenant_id(self) -> uuid.UUID:
        return self.claims.tenant_id

    @property
    def session_id(self) -> uuid.UUID:
        return self.claims.session_id


def bearer_token(request: Request) -> str:
    # The raw query string first: parsing it on every request costs more than the check.
    if b"access_token" in request.scope["query_string"] and "access_token" in (
        request.query_params
    ):
        raise TokenInQuery("Send the access token in the Authorization header, never the URL")
    header = request.headers.get("authorization")
    if not header:
        raise Unauthenticated("This endpoint needs an access token (Authorization: Bearer ...)")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise InvalidToken("The Authorization header must be 'Bearer <access token>'")
    return token


@documents(*BEARER_ERRORS, bearer=True)
async def current_principal(request: Request) -> Principal:
    # The authenticator straight from the app, not as a sub-dependency: this runs on every
    # authenticated request, and each dependency FastAPI solves has its price.
    auth: AuthComponents = request.app.state.auth
    claims = auth.signer.verify(bearer_token(request))
    if claims.scope is not None:
        _check_enrolment_only(claims, request)
    state = request.scope.setdefault("state", {})
    state["claims"] = claims  # verified: a refusal from here on is the account's
    known = await authenticate(database(request), auth, claims)
    if known.quota_headers:
        add_response_headers(request.scope, known.quota_headers)
    principal = Principal(claims, known)
    state["principal"] = principal
    return principal


# What a session limited to enrolling a second factor (tenant policy, past its grace period)
# may reach; every other route answers 403 `mfa_enrollment_required`.
ENROLMENT_PATHS = frozenset(
    {
        "/api/v1/auth/mfa",
        "/api/v1/auth/mfa/totp/setup",
        "/api/v1/auth/mfa/totp/confirm",
        "/api/v1/auth/passkeys/registration/options",
        "/api/v1/auth/passkeys/registration/verify",
        "/api/v1/auth/me",
        "/api/v1/auth/logout",
        "/api/v1/auth/logout-all",
    }
)


def _check_enrolment_only(claims: AccessClaims, request: Request) -> None:
    if claims.scope is not None and request.scope["path"] not in ENROLMENT_PATHS:
        raise MfaEnrollmentRequired(
            "Your organisation requires a second factor: enrol one at "
            "POST /api/v1/auth/mfa/totp/setup (or register a passkey at POST "
            "/api/v1/auth/passkeys/registration/options), then sign in again"
        )


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def _acting(uow: UoW, request: Request, principal: Principal) -> UoW:
    uow.actor_id = principal.user_id
    uow.ip = client_ip(request)
    return uow


async def _tenant_read_unit_of_work(
    request: Request, principal: CurrentPrincipal
) -> AsyncIterator[ReadUnitOfWork]:
    async with reading(request, principal.tenant_id) as uow:
        yield _acting(uow, request, principal)


async def _tenant_write_unit_of_work(
    request: Request, principal: CurrentPrincipal
) -> AsyncIterator[WriteUnitOfWork]:
    async with writing(request, principal.tenant_id) as uow:
        yield _acting(uow, request, principal)
        if not uow.audited:  # the safety net: every change by an actor leaves a row
            audit.record_request(uow, action=_action_of(request), path=request.url.path)


def _action_of(request: Request) -> str:
    route = request.scope.get("route")
    tags = getattr(route, "tags", None) or ["api"]
    return f"{tags[0]}.{getattr(route, 'name', 'request')}"


TenantReadUoWDep = Annotated[ReadUnitOfWork, Depends(_tenant_read_unit_of_work, scope="function")]
TenantWriteUoWDep = Annotated[
    WriteUnitOfWork, Depends(_tenant_write_unit_of_work, scope="function")
]


def RequirePermission(permission: str, *, scoped: bool = False) -> Any:
    """The one permission check of every endpoint: the caller must hold `permission` for
    the whole tenant. `scoped=True` is for location-bound objects: a grant at some location
    is enough, and the service narrows what the caller sees and changes with
    `principal.authz.locations_for(permission)`."""

    @documents(PermissionDenied)
    async def check(principal: CurrentPrincipal) -> Principal:
        authz = principal.authz
        held = authz.can_somewhere(permission) if scoped else authz.can(permission)
        if not held:
            where = "" if scoped else " for the whole tenant"
            raise PermissionDenied(
                f"This needs the permission {permission!r}{where}", permission=permission
            )
        return principal

    return Depends(check)


def record_refusal(request: Request, exc: DomainError) -> None:
    """Put a refused request of a known account in the security event log: a permission
    refused (403), a verified token refused (revoked session, account gone), a fair-use
    refusal. Called by the error handler for every domain error; returns at once for the
    others and for anonymous callers (a token that fails its signature names nobody)."""
    kind = _REFUSALS.get(type(exc))
    if kind is None:
        return
    state = request.scope.get("state", {})
    claims: AccessClaims | None = state.get("claims")
    if claims is None:
        return
    auth: AuthComponents = request.app.state.auth
    route = request.scope.get("route")
    auth.security_events.record(
        kind,
        tenant_id=claims.tenant_id,
        user_id=claims.user_id,
        ip=client_ip(request),
        user_agent=user_agent(request),
        route=f"{request.method} {getattr(route, 'path', request.url.path)}",
        permission=getattr(exc, "permission", ""),
        reason=exc.code,
        request_id=request_id(request),
    )


_REFUSALS: dict[type[DomainError], SecurityEventKind] = {
    PermissionDenied: SecurityEventKind.PERMISSION_DENIED,
    TokenRevoked: SecurityEventKind.TOKEN_INVALID,
    InvalidToken: SecurityEventKind.TOKEN_INVALID,
    FairUseExceeded: SecurityEventKind.RATE_LIMITED,
}
