"""HTTP endpoints of authentication (parse, authorize, call the service, shape the answer),
one module per concern, each with its own router under `/api/v1/auth`:

- `signin`    creating an account, signing in and out, refreshing tokens; the JWKS
- `sessions`  the caller (`/me`) and their sessions
- `account`   the email address and the password: verification, reset, change
- `mfa`       the second step of sign-in with a code, the caller's factors, TOTP enrolment
- `passkeys`  passkeys (WebAuthn): registration, management, sign-in with one
- `shapes`    what they share: the path prefix, a user and a token pair as answered

The app includes `router` (all of them, in the order above) and `jwks_router`."""

from fastapi import APIRouter

from olympus.auth.router import account, mfa, passkeys, sessions, signin
from olympus.auth.router.signin import jwks_router

router = APIRouter()
for part in (signin, sessions, account, mfa, passkeys):
    router.include_router(part.router)

__all__ = ["jwks_router", "router"]
