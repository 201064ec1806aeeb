"""HTTP of the dashboard: the page at `/dashboard/` (with its strict Content-Security-Policy),
its built assets under `/dashboard/assets`, and the session API under `/dashboard/session`
that signs in through the authentication service and keeps the refresh token in an
`HttpOnly; Secure; SameSite=Strict` cookie on that path only."""

from typing import Annotated

from fastapi import APIRouter, FastAPI, Header, Request, Response, status
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.staticfiles import StaticFiles

from olympus.auth import errors as auth_errors
from olympus.auth.dependencies import AuthDep
from olympus.auth.service import AuthComponents, MfaChallengeIssued
from olympus.core.dependencies import ClientIp, UserAgent, database, request_id
from olympus.core.errors import Unauthenticated, responses
from olympus.dashboard import service
from olympus.dashboard.errors import CsrfRejected, NoDashboardSession
from olympus.dashboard.schemas import (
    PasswordSignIn,
    SecondFactor,
    SecondFactorRequired,
    SessionTokens,
)
from olympus.platform.tenants.errors import TenantSuspended

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

CsrfHeader = Annotated[
    str | None,
    Header(
        alias=service.CSRF_HEADER,
        description="The token of the dashboard page's `csrf-token` meta tag",
    ),
]
_CSRF = (CsrfRejected,)


def _check(request: Request, auth: AuthComponents, token: str | None) -> None:
    service.check_csrf(
        auth,
        origin=request.headers.get("origin"),
        host=request.headers.get("host"),
        nonce=request.cookies.get(service.NONCE_COOKIE),
        token=token,
    )


def _tokens(response: Response, auth: AuthComponents, signed: service.Signed) -> SessionTokens:
    remaining = max(0, int((signed.session_expires_at - auth.clock.now()).total_seconds()))
    response.set_cookie(
        service.REFRESH_COOKIE,
        signed.refresh_token,
        max_age=remaining,
        path=service.SESSION_PATH,
        secure=True,
        httponly=True,
        samesite="strict",
    )
    response.headers["Cache-Control"] = "no-store"
    return SessionTokens(
        access_token=signed.access_token,
        expires_in=auth.settings.access_token_ttl_seconds,
        refresh_expires_in=remaining,
        mfa_enrollment_required=True if signed.mfa_enrollment_deadline else None,
    )


def _forget(response: Response) -> None:
    response.delete_cookie(
        service.REFRESH_COOKIE,
        path=service.SESSION_PATH,
        secure=True,
        httponly=True,
        samesite="strict",
    )


def _forgetting() -> str:
    """The `Set-Cookie` value that deletes the refresh cookie (as `_forget` sets it), for a
    refusal, which is answered by the error handler rather than through `response`."""
    cleared = Response()
    _forget(cleared)
    return cleared.headers["set-cookie"]


@router.post(
    "/session",
    response_model=SessionTokens | SecondFactorRequired,
    response_model_exclude_none=True,
    summary="Sign in to the dashboard",
    description=(
        "The dashboard's sign-in: `{tenant, email, password}`, then for a user with a second "
        "factor `{mfa_token, code}` (the first answer is `{mfa_required: true, mfa_token, "
        "methods}`). Success sets the refresh token as an `HttpOnly; Secure; "
        "SameSite=Strict` cookie on `/dashboard/session` and answers the access token only. "
        "Needs the page's own `Origin` and its `X-CSRF-Token` (403 `csrf_rejected`). "
        "Limits and lockouts are those of `POST /api/v1/auth/login`."
    ),
    responses=responses(
        *_CSRF,
        auth_errors.InvalidCredentials,
        auth_errors.AccountDisabled,
        auth_errors.EmailNotVerified,
        auth_errors.InvalidMfaToken,
        auth_errors.InvalidMfaCode,
        TenantSuspended,
        auth_errors.TooManyAttempts,
    ),
)
async def open_session(
    body: PasswordSignIn | SecondFactor,
    request: Request,
    response: Response,
    auth: AuthDep,
    ip: ClientIp,
    agent: UserAgent,
    csrf: CsrfHeader = None,
) -> SessionTokens | SecondFactorRequired:
    _check(request, auth, csrf)
    db, rid = database(request), request_id(request)
    if isinstance(body, SecondFactor):
        signed = await service.second_factor(
            db, auth=auth, mfa_token=body.mfa_token, code=body.code, ip=ip, user_agent=agent,
            request_id=rid,
        )  # fmt: skip
        return _tokens(response, auth, signed)
    result = await service.sign_in(
        db, auth=auth, tenant=body.tenant, email=body.email, password=body.password, ip=ip,
        user_agent=agent, request_id=rid,
    )  # fmt: skip
    if isinstance(result, MfaChallengeIssued):
        return SecondFactorRequired(
            mfa_token=result.mfa_token,
            methods=result.methods,
            expires_in=int((result.expires_at - auth.clock.now()).total_seconds()),
        )
    return _tokens(response, auth, result)


@router.post(
    "/session/refresh",
    response_model=SessionTokens,
    response_model_exclude_none=True,
    summary="A new access token from the dashboard's cookie",
    description=(
        "Spends the refresh token of the cookie (rotation, as `POST /api/v1/auth/refresh`) "
        "and sets the new one. No cookie: 401 `dashboard_session_missing`. Needs the page's "
        "own `Origin` and its `X-CSRF-Token`."
    ),
    responses=responses(
        *_CSRF,
        NoDashboardSession,
        auth_errors.InvalidToken,
        auth_errors.TokenReused,
        auth_errors.TokenRevoked,
        auth_errors.SessionExpired,
        auth_errors.AccountDisabled,
        TenantSuspended,
    ),
)
async def refresh_session(
    request: Request,
    response: Response,
    auth: AuthDep,
    ip: ClientIp,
    csrf: CsrfHeader = None,
) -> SessionTokens:
    _check(request, auth, csrf)
    token = request.cookies.get(service.REFRESH_COOKIE)
    if not token:
        raise NoDashboardSession("Sign in to the dashboard")
    try:
        signed = await service.renew(
            database(request), auth=auth, refresh_token=token, ip=ip, request_id=request_id(request)
        )
    except Unauthenticated as exc:
        # The cookie names no live session (spent, revoked, expired, unknown, or its user or
        # tenant shut out): the refusal deletes it, so the browser stops sending it.
        exc.headers = {**exc.headers, "Set-Cookie": _forgetting()}
        raise
    return _tokens(response, auth, signed)


@router.delete(
    "/session",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Sign out of the dashboard",
    description=(
        "Ends the session (named by the `Authorization` bearer token, or else by the cookie) "
        "and clears the cookie. Needs the page's own `Origin` and its `X-CSRF-Token`."
    ),
    responses=responses(*_CSRF),
)
async def close_session(
    request: Request,
    auth: AuthDep,
    ip: ClientIp,
    csrf: CsrfHeader = None,
    authorization: Annotated[str | None, Header(description="`Bearer <access_token>`")] = None,
) -> Response:
    _check(request, auth, csrf)
    bearer = None
    if authorization and authorization.lower().startswith("bearer "):
        bearer = authorization[7:].strip() or None
    await service.sign_out(
        database(request),
        auth=auth,
        access_token=bearer,
        refresh_token=request.cookies.get(service.REFRESH_COOKIE),
        ip=ip,
        request_id=request_id(request),
    )
    done = Response(status_code=status.HTTP_204_NO_CONTENT)
    _forget(done)
    return done


def install_dashboard(app: FastAPI) -> None:
    """The page and its assets (not in the API schema), and the session API."""
    app.mount(
        "/dashboard/assets",
        StaticFiles(directory=service.ASSETS / "assets", check_dir=False),
        name="dashboard-assets",
    )

    @app.get("/dashboard", include_in_schema=False)
    async def dashboard_root() -> RedirectResponse:
        return RedirectResponse("/dashboard/", status_code=status.HTTP_308_PERMANENT_REDIRECT)

    @app.get("/dashboard/", include_in_schema=False)
    async def dashboard_page(request: Request) -> HTMLResponse:
        auth: AuthComponents = request.app.state.auth
        nonce = request.cookies.get(service.NONCE_COOKIE) or service.new_nonce()
        html = service.page(service.csrf_token(auth, nonce))
        if html is None:
            return HTMLResponse(
                "<!doctype html><title>Dashboard not built</title><p>The dashboard has not "
                "been built: run <code>make dashboard</code>.</p>",
                status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
                headers=service.PAGE_HEADERS,
            )
        page = HTMLResponse(html, headers=service.PAGE_HEADERS)
        page.set_cookie(
            service.NONCE_COOKIE,
            nonce,
            path=service.SESSION_PATH,
            secure=True,
            httponly=True,
            samesite="strict",
        )
        return page

    app.include_router(router, max_body_size=app.state.settings.max_request_bytes)
