"""What the endpoints of authentication share: their path prefix, and the answers several
give (a user, a token pair with its lifetimes)."""

from datetime import datetime

from olympus.auth import service
from olympus.auth.schemas import UserOut
from olympus.platform.users.models import Credentials, User

PREFIX = "/api/v1/auth"


def user_out(user: User | Credentials) -> UserOut:
    return UserOut(
        id=user.id,
        tenant_id=user.tenant_id,
        email=user.email,
        full_name=user.full_name,
        email_verified=user.email_verified,
        created_at=user.created_at,
    )


def token_pair(
    auth: service.AuthComponents, access_token: str, refresh_token: str, session_ends: datetime
) -> dict[str, object]:
    remaining = int((session_ends - auth.clock.now()).total_seconds())
    return {
        "access_token": access_token,
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "expires_in": auth.settings.access_token_ttl_seconds,
        "refresh_expires_in": max(0, remaining),
    }
