"""The event types authentication publishes: their data and their declarations."""

import uuid

from pydantic import Field

from olympus.core.event_types import EventData, declare

_USER = "01a22425-9825-71d9-b2e3-215e65422676"
_SESSION = "01a22426-0b1e-7c4a-9d55-3f1a2b3c4d5e"


class UserRegisteredData(EventData):
    user_id: uuid.UUID
    email: str
    full_name: str


class UserCreatedData(EventData):
    user_id: uuid.UUID
    email: str
    role: str | None = Field(
        description="the role granted on creation (`owner` for a tenant's first owner)"
    )


class UserInvitedData(EventData):
    user_id: uuid.UUID
    email: str


class UserEmailVerifiedData(EventData):
    user_id: uuid.UUID
    email: str


class UserEventData(EventData):
    """Only the user's id."""

    user_id: uuid.UUID


class UserLoggedInData(EventData):
    user_id: uuid.UUID
    session_id: uuid.UUID
    ip: str = Field(description="the client's address (at most 64 characters)")
    mfa: str | None = Field(
        default=None,
        description="the second factor that completed the sign-in (`totp`, `recovery_code`, "
        "`passkey`); absent for a sign-in without one",
    )
    method: str | None = Field(
        default=None, description="`passkey` for a passwordless sign-in (absent otherwise)"
    )
    passkey_id: uuid.UUID | None = Field(
        default=None, description="the passkey used, for a sign-in with one"
    )


class PasskeyRegisteredData(EventData):
    user_id: uuid.UUID
    passkey_id: uuid.UUID
    name: str
    device_type: str = Field(
        description="the authenticator's kind (`single_device`, `multi_device`)"
    )
    backed_up: bool = Field(description="whether the passkey is synced to a backup")
    first_factor: bool = Field(description="true: this passkey turned two-step sign-in on")


class PasskeyRemovedData(EventData):
    user_id: uuid.UUID
    passkey_id: uuid.UUID
    last_factor: bool = Field(description="true: two-step sign-in is off now")


class UserLoggedOutData(EventData):
    user_id: uuid.UUID
    session_id: uuid.UUID | None = Field(
        default=None, description="the session ended (absent when all sessions were)"
    )
    all_sessions: bool = Field(default=False, description="true for a logout of every session")
    count: int | None = Field(
        default=None, description="how many sessions ended (with `all_sessions`)"
    )


class UserSessionRevokedData(EventData):
    user_id: uuid.UUID
    session_id: uuid.UUID


class SessionRevokedData(EventData):
    session_ids: list[uuid.UUID]
    user_ids: list[uuid.UUID]
    reason: str = Field(
        description="`logout`, `logout_all`, `revoked`, `password_changed`, `password_reset`, "
        "`deactivated`, `token_reused`, `expired`, `passkey_removed`"
    )


class UserMfaChangedData(EventData):
    user_id: uuid.UUID
    factor: str = Field(description="the second factor (`totp`)")


declare(
    "user.registered",
    UserRegisteredData,
    description="A user signed up on their own (self-registration in an open tenant).",
    example={"user_id": _USER, "email": "ada@example.com", "full_name": "Ada Lovelace"},
)
declare(
    "user.created",
    UserCreatedData,
    description="A user was made by an operator or an administrator, with a password.",
    example={"user_id": _USER, "email": "ada@example.com", "role": "owner"},
)
declare(
    "user.invited",
    UserInvitedData,
    description="A user was invited by email; they choose their password from the invitation.",
    example={"user_id": _USER, "email": "ada@example.com"},
)
declare(
    "user.email_verified",
    UserEmailVerifiedData,
    description="A user proved they own their email address.",
    example={"user_id": _USER, "email": "ada@example.com"},
)
declare(
    "user.password_changed",
    UserEventData,
    description="A user changed their password (their other sessions ended).",
    example={"user_id": _USER},
)
declare(
    "user.password_reset_requested",
    UserEventData,
    description="A password reset link was sent to a user.",
    example={"user_id": _USER},
)
declare(
    "user.password_reset",
    UserEventData,
    description="A user set a new password from a reset link (their sessions ended).",
    example={"user_id": _USER},
)
declare(
    "user.logged_in",
    UserLoggedInData,
    description="A user signed in: a new session.",
    example={"user_id": _USER, "session_id": _SESSION, "ip": "203.0.113.7", "mfa": "totp"},
)
declare(
    "user.logged_out",
    UserLoggedOutData,
    description="A user signed out of one session, or of all of them.",
    example={"user_id": _USER, "session_id": _SESSION},
)
declare(
    "user.session_revoked",
    UserSessionRevokedData,
    description="A user ended one of their sessions from the session list.",
    example={"user_id": _USER, "session_id": _SESSION},
)
declare(
    "session.revoked",
    SessionRevokedData,
    description="Sessions ended, whatever ended them (logout, password change, deactivation, "
    "a reused refresh token...). The relay also writes these to the access-token denylist.",
    example={"session_ids": [_SESSION], "user_ids": [_USER], "reason": "logout"},
)
declare(
    "user.mfa_enabled",
    UserMfaChangedData,
    description="Two-step sign-in was turned on by a user's first second factor (`totp` or "
    "`passkey`).",
    example={"user_id": _USER, "factor": "totp"},
)
declare(
    "user.mfa_disabled",
    UserMfaChangedData,
    description="Two-step sign-in was turned off: a user's last second factor went.",
    example={"user_id": _USER, "factor": "totp"},
)
declare(
    "passkey.registered",
    PasskeyRegisteredData,
    description="A user added a passkey.",
    example={
        "user_id": _USER,
        "passkey_id": "01a22426-e3f6-7a28-9b33-17f8091a2b3c",
        "name": "Laptop",
        "device_type": "multi_device",
        "backed_up": True,
        "first_factor": True,
    },
)
declare(
    "passkey.removed",
    PasskeyRemovedData,
    description="A user removed a passkey (their other sessions ended).",
    example={
        "user_id": _USER,
        "passkey_id": "01a22426-e3f6-7a28-9b33-17f8091a2b3c",
        "last_factor": False,
    },
)
