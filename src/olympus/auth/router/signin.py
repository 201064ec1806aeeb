"""Creating an account, signing in and out, refreshing the token pair, and the public keys
that verify access tokens."""

from fastapi import APIRouter, Request, Response, status

from olympus.auth import errors as e
from olympus.auth import service
from olympus.auth.dependencies import BEARER_ERRORS, AuthDep, CurrentPrincipal, TenantWriteUoWDep
from olympus.auth.router.shapes import PREFIX, token_pair, user_out
from olympus.auth.schemas import (
    LoginRequest,
    LoginResponse,
    MfaChallengeResponse,
    RefreshRequest,
    RegisterRequest,
    TokenPair,
    UserEnvelope,
)
from olympus.core.dependencies import ClientIp, UserAgent, WriteUoWDep, database, request_id
from olympus.core.errors import TooManyRequests, responses
from olympus.platform.tenants.errors import TenantNotFound, TenantSuspended
from olympus.platform.users.errors import EmailTaken

router = APIRouter(prefix=PREFIX, tags=["auth"])
jwks_router = APIRouter(tags=["auth"])


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=UserEnvelope,
    summary="Create an account in a tenant",
    description=(
        "Creates a user with the `customer` role and emails a verification token. Limited per "
        "client address and per tenant (429 with `Retry-After`)."
    ),
    responses=responses(TenantNotFound, EmailTaken, e.WeakPassword, TooManyRequests),
)
async def register(
    body: RegisterRequest, uow: WriteUoWDep, auth: AuthDep, ip: ClientIp
) -> UserEnvelope:
    user = await service.register(
        uow,
        auth=auth,
        tenant_slug=body.tenant,
        email=body.email,
        password=body.password,
        full_name=body.full_name,
        ip=ip,
    )
    return UserEnvelope(user=user_out(user))


@router.post(
    "/login",
    response_model=LoginResponse | MfaChallengeResponse,
    response_model_exclude_none=True,
    summary="Sign in with email and password",
    description=(
        "Opens a session and returns an access token (JWT, 15 minutes by default) and a "
        "refresh token. A wrong email and a wrong password answer alike. Repeated failures "
        "lock the account (and the client address) for a while: 429 with `Retry-After`. "
        "For a user with a second factor the answer is `{mfa_required: true, mfa_token, "
        "methods}` and no tokens: `POST /api/v1/auth/mfa/verify` completes the sign-in. "
        "When the tenant requires a second factor of a user who has none, the answer says "
        "`mfa_enrollment_required: true` with the deadline; past it, the tokens answer 403 "
        "`mfa_enrollment_required` everywhere but `/auth/mfa...`, `/auth/me` and logout."
    ),
    responses=responses(
        e.InvalidCredentials,
        e.AccountDisabled,
        e.MfaEnrollmentRequired,
        e.EmailNotVerified,
        TenantSuspended,
        e.TooManyAttempts,
    ),
)
async def login(
    body: LoginRequest,
    request: Request,
    auth: AuthDep,
    ip: ClientIp,
    agent: UserAgent,
) -> LoginResponse | MfaChallengeResponse:
    # No unit-of-work dependency: sign-in opens its own short transactions, none of them
    # held while the password hash is checked.
    result = await service.login(
        database(request),
        auth=auth,
        tenant_slug=body.tenant,
        email=body.email,
        password=body.password,
        ip=ip,
        user_agent=agent,
        request_id=request_id(request),
    )
    if isinstance(result, service.MfaChallengeIssued):
        return MfaChallengeResponse(
            mfa_token=result.mfa_token,
            methods=result.methods,
            expires_in=int((result.expires_at - auth.clock.now()).total_seconds()),
        )
    pair = token_pair(auth, result.access_token, result.refresh_token, result.session_expires_at)
    deadline = result.mfa_enrollment_deadline
    return LoginResponse(
        **pair,
        user=user_out(result.user),
        mfa_enrollment_required=True if deadline else None,
        mfa_enrollment_deadline=deadline,
    )


@router.post(
    "/refresh",
    response_model=TokenPair,
    summary="Exchange a refresh token for a new pair",
    description=(
        "Rotation: the refresh token presented is spent. Presenting a spent one again answers "
        "401 `token_reused` and revokes the whole session."
    ),
    responses=responses(
        e.InvalidToken,
        e.TokenReused,
        e.TokenRevoked,
        e.SessionExpired,
        e.AccountDisabled,
        TenantSuspended,
    ),
)
async def refresh(body: RefreshRequest, request: Request, auth: AuthDep, ip: ClientIp) -> TokenPair:
    # No unit-of-work dependency: the service opens its own transaction (a lean one on
    # PostgreSQL), as the hottest write of the API.
    result = await service.refresh(
        database(request),
        auth=auth,
        refresh_token=body.refresh_token,
        ip=ip,
        request_id=request_id(request),
    )
    return TokenPair(
        **token_pair(auth, result.access_token, result.refresh_token, result.session_expires_at)
    )


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End this session",
    description="The session's access token is refused from now on, not only at expiry.",
    responses=responses(*BEARER_ERRORS),
)
async def logout(principal: CurrentPrincipal, uow: TenantWriteUoWDep, auth: AuthDep) -> Response:
    await service.logout(uow, auth=auth, claims=principal.claims)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/logout-all",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End every session of the caller",
    responses=responses(*BEARER_ERRORS),
)
async def logout_all(
    principal: CurrentPrincipal, uow: TenantWriteUoWDep, auth: AuthDep
) -> Response:
    await service.logout_all(uow, auth=auth, claims=principal.claims)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@jwks_router.get(
    "/.well-known/jwks.json",
    summary="Public keys that verify access tokens",
    description="Empty under HS256; the Ed25519 key under EdDSA.",
)
async def jwks(request: Request) -> dict[str, list[dict[str, str]]]:
    auth: service.AuthComponents = request.app.state.auth
    return auth.signer.jwks()
