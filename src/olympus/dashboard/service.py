"""The dashboard's session rules: CSRF tokens, and sign-in, refresh and sign-out through the
authentication service, with the refresh token kept out of the page's reach.

CSRF: every call of the session API must come from the service's own origin (`Origin`
equals the `Host` it was sent to) and carry `X-CSRF-Token`, the HMAC of a random nonce
that the page's response set in an HttpOnly cookie on the session API's path. The page
gets the token in a meta tag of the HTML, which another site can neither read nor forge."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from olympus.auth import service as auth_service
from olympus.auth.errors import InvalidToken
from olympus.auth.service import AuthComponents
from olympus.auth.tokens import derived_key
from olympus.core.db import Database
from olympus.core.errors import DomainError
from olympus.dashboard.errors import CsrfRejected

ASSETS = Path(__file__).resolve().parent.parent / "static" / "dashboard"
SESSION_PATH = "/dashboard/session"
REFRESH_COOKIE = "olympus_dashboard_refresh"
NONCE_COOKIE = "olympus_dashboard_csrf"
CSRF_HEADER = "X-CSRF-Token"
TOKEN_PLACEHOLDER = "__CSRF_TOKEN__"

# The pages' policy: scripts, styles and connections to this origin only; no inline code,
# no plugins, no framing. Chart.js sizes its canvases through the CSSOM, which the policy
# allows without 'unsafe-inline'.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(auth: AuthComponents, nonce: str) -> str:
    key = derived_key(auth.settings, "dashboard/csrf")
    return hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()


def check_csrf(
    auth: AuthComponents,
    *,
    origin: str | None,
    host: str | None,
    nonce: str | None,
    token: str | None,
) -> None:
    """Refuses (403 `csrf_rejected`) a call from another origin, or without the token that
    matches the nonce cookie."""
    if not origin or not host or urlsplit(origin).netloc.lower() != host.lower():
        raise CsrfRejected("The request must come from the dashboard's own origin")
    if not nonce or not token or not hmac.compare_digest(csrf_token(auth, nonce), token):
        raise CsrfRejected("The CSRF token is missing or does not match; reload the page")


def page(token: str) -> str | None:
    """The built page with its CSRF token, or None when the dashboard was not built."""
    index = ASSETS / "index.html"
    if not index.is_file():
        return None
    return index.read_text(encoding="utf-8").replace(TOKEN_PLACEHOLDER, token)


@dataclass
class Signed:
    """A session opened or renewed: what the page gets and what goes into the cookie."""

    access_token: str
    refresh_token: str
    session_expires_at: datetime
    mfa_enrollment_deadline: datetime | None = None


async def sign_in(
    db: Database,
    *,
    auth: AuthComponents,
    tenant: str,
    email: str,
    password: str,
    ip: str,
    user_agent: str,
    request_id: str | None,
) -> Signed | auth_service.MfaChallengeIssued:
    result = await auth_service.login(
        db,
        auth=auth,
        tenant_slug=tenant,
        email=email,
        password=password,
        ip=ip,
        user_agent=user_agent,
        request_id=request_id,
    )
    if isinstance(result, auth_service.MfaChallengeIssued):
        return result
    return Signed(
        result.access_token,
        result.refresh_token,
        result.session_expires_at,
        result.mfa_enrollment_deadline,
    )


async def second_factor(
    db: Database,
    *,
    auth: AuthComponents,
    mfa_token: str,
    code: str,
    ip: str,
    user_agent: str,
    request_id: str | None,
) -> Signed:
    result = await auth_service.verify_challenge(
        db,
        auth=auth,
        mfa_token=mfa_token,
        code=code,
        ip=ip,
        user_agent=user_agent,
        request_id=request_id,
    )
    return Signed(result.access_token, result.refresh_token, result.session_expires_at)


async def renew(
    db: Database, *, auth: AuthComponents, refresh_token: str, ip: str, request_id: str | None
) -> Signed:
    rotation = await auth_service.refresh(
        db, auth=auth, refresh_token=refresh_token, ip=ip, request_id=request_id
    )
    return Signed(rotation.access_token, rotation.refresh_token, rotation.session_expires_at)


async def sign_out(
    db: Database,
    *,
    auth: AuthComponents,
    access_token: str | None,
    refresh_token: str | None,
    ip: str,
    request_id: str | None,
) -> None:
    """Ends the session named by the access token, or else by the refresh cookie; a token
    that names none (expired, revoked, spent) leaves nothing to end."""
    try:
        if access_token:
            claims = auth.signer.verify(access_token)
        elif refresh_token:
            renewed = await renew(
                db, auth=auth, refresh_token=refresh_token, ip=ip, request_id=request_id
            )
            claims = auth.signer.verify(renewed.access_token)
        else:
            return
    except (InvalidToken, DomainError):
        return
    async with db.unit_of_work(
        clock=auth.clock, tenant_id=claims.tenant_id, request_id=request_id
    ) as uow:
        uow.ip = ip
        await auth_service.logout(uow, auth=auth, claims=claims)
