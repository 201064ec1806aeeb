"""Request and response bodies of the authentication API."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from olympus.core.event_types import EventData, declare
from olympus.core.schemas import EmailAddress, StrictBody

TenantSlug = Field(min_length=1, max_length=63, description="The tenant's slug", examples=["acme"])
Password = Field(min_length=1, max_length=1024, description="12 to 128 characters")


class RegisterRequest(StrictBody):
    tenant: str = TenantSlug
    email: EmailAddress
    password: str = Password
    full_name: str = Field(default="", max_length=200)


class LoginRequest(StrictBody):
    tenant: str = TenantSlug
    email: EmailAddress
    password: str = Password


class RefreshRequest(StrictBody):
    refresh_token: str = Field(min_length=1, max_length=512)


class TokenRequest(StrictBody):
    token: str = Field(min_length=1, max_length=512)


class PasswordResetRequest(StrictBody):
    tenant: str = TenantSlug
    email: EmailAddress


class PasswordResetConfirm(StrictBody):
    token: str = Field(min_length=1, max_length=512)
    new_password: str = Password


class PasswordChange(StrictBody):
    current_password: str = Password
    new_password: str = Password


class UserOut(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    email: str
    full_name: str
    email_verified: bool
    created_at: datetime


class UserEnvelope(BaseModel):
    user: UserOut


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="Seconds until the access token expires")
    refresh_expires_in: int = Field(description="Seconds until the refresh token expires")


class LoginResponse(TokenPair):
    user: UserOut
    mfa_enrollment_required: bool | None = Field(
        None,
        description="Present (true) when the tenant requires this user to enrol a second "
        "factor: before `mfa_enrollment_deadline` as a notice; after it the tokens only "
        "reach the enrolment endpoints",
    )
    mfa_enrollment_deadline: datetime | None = Field(
        None, description="Until when the user may sign in without a second factor"
    )


class TenantRef(BaseModel):
    id: uuid.UUID
    slug: str
    name: str


class MeResponse(UserOut):
    is_active: bool
    tenant: TenantRef
    roles: list[str]
    permissions: list[str]


class SessionOut(BaseModel):
    id: uuid.UUID
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str
    ip: str
    current: bool = Field(description="True for the session of the token making this call")


class AcceptedResponse(BaseModel):
    status: Literal["accepted"] = "accepted"
    detail: str


# --- multi-factor sign-in -----------------------------------------------------------------


class MfaChallengeResponse(BaseModel):
    """A right password for a user with a second factor: no tokens yet, the second step
    (`POST /api/v1/auth/mfa/verify`) completes the sign-in."""

    mfa_required: Literal[True] = True
    mfa_token: str = Field(description="Single use, bound to this sign-in, valid 5 minutes")
    methods: list[str] = Field(description="What the second step accepts", examples=[["totp"]])
    expires_in: int = Field(description="Seconds until `mfa_token` expires")


class MfaVerifyRequest(StrictBody):
    mfa_token: str = Field(min_length=1, max_length=512)
    code: str = Field(
        min_length=1,
        max_length=64,
        description="A 6-digit code from the authenticator, or an unused recovery code",
    )


class TotpSetupResponse(BaseModel):
    secret: str = Field(description="Base32; shown only now (stored encrypted)")
    otpauth_uri: str = Field(description="For a QR code an authenticator app scans")


class TotpConfirmRequest(StrictBody):
    code: str = Field(min_length=1, max_length=16, description="A current 6-digit code")


class RecoveryCodesResponse(BaseModel):
    recovery_codes: list[str] = Field(
        description="Ten single-use codes, shown only now (stored as hashes)"
    )


class TotpDisableRequest(StrictBody):
    current_password: str = Password


class MfaFactorOut(BaseModel):
    type: Literal["totp", "passkey"]
    id: uuid.UUID | None = Field(None, description="The passkey's id (passkeys only)")
    name: str | None = Field(None, description="The passkey's name (passkeys only)")
    created_at: datetime
    confirmed_at: datetime
    last_used_at: datetime | None


class MfaStatusResponse(BaseModel):
    enabled: bool = Field(description="Whether sign-in asks for a second factor")
    factors: list[MfaFactorOut]
    totp_setup_pending: bool = Field(description="A setup was begun and not confirmed yet")
    recovery_codes_left: int
    enrollment_required: bool = Field(
        description="The tenant requires this user to enrol a second factor"
    )
    enrollment_deadline: datetime | None = Field(
        description="Until when the user may sign in without one (then only enrol)"
    )


# --- passkeys (WebAuthn) ------------------------------------------------------------------
# The credential bodies are WebAuthn's own JSON (`PublicKeyCredential.toJSON()`), so their
# fields keep the specification's camelCase names; base64url strings throughout.


class _WebAuthnBody(StrictBody):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class AttestationResponseJSON(_WebAuthnBody):
    client_data_json: str = Field(alias="clientDataJSON", min_length=1, max_length=65536)
    attestation_object: str = Field(alias="attestationObject", min_length=1, max_length=65536)
    authenticator_data: str | None = Field(None, alias="authenticatorData", max_length=65536)
    transports: list[str] = Field(default_factory=list, max_length=10)
    public_key: str | None = Field(None, alias="publicKey", max_length=65536)
    public_key_algorithm: int | None = Field(None, alias="publicKeyAlgorithm")


class RegistrationCredentialJSON(_WebAuthnBody):
    """What `navigator.credentials.create()` answered, as `toJSON()` gives it."""

    id: str = Field(min_length=1, max_length=1400)
    raw_id: str = Field(alias="rawId", min_length=1, max_length=1400)
    type: Literal["public-key"]
    response: AttestationResponseJSON
    authenticator_attachment: str | None = Field(
        None, alias="authenticatorAttachment", max_length=40
    )
    client_extension_results: dict[str, Any] = Field(
        default_factory=dict, alias="clientExtensionResults"
    )


class AssertionResponseJSON(_WebAuthnBody):
    client_data_json: str = Field(alias="clientDataJSON", min_length=1, max_length=65536)
    authenticator_data: str = Field(alias="authenticatorData", min_length=1, max_length=65536)
    signature: str = Field(min_length=1, max_length=4096)
    user_handle: str | None = Field(None, alias="userHandle", max_length=200)


class AuthenticationCredentialJSON(_WebAuthnBody):
    """What `navigator.credentials.get()` answered, as `toJSON()` gives it."""

    id: str = Field(min_length=1, max_length=1400)
    raw_id: str = Field(alias="rawId", min_length=1, max_length=1400)
    type: Literal["public-key"]
    response: AssertionResponseJSON
    authenticator_attachment: str | None = Field(
        None, alias="authenticatorAttachment", max_length=40
    )
    client_extension_results: dict[str, Any] = Field(
        default_factory=dict, alias="clientExtensionResults"
    )


PasskeyName = Field(min_length=1, max_length=100, description="How the user recognises it")


class PasskeyOptionsResponse(BaseModel):
    public_key: dict[str, Any] = Field(
        description="WebAuthn options as JSON (camelCase, base64url): pass them to "
        "`PublicKeyCredential.parseCreationOptionsFromJSON()` / "
        "`parseRequestOptionsFromJSON()`, then to `navigator.credentials.create/get`"
    )
    expires_in: int = Field(description="Seconds the challenge is accepted for (once)")


class PasskeyRegistrationRequest(StrictBody):
    credential: RegistrationCredentialJSON
    name: str | None = Field(None, min_length=1, max_length=100)


class PasskeyOut(BaseModel):
    id: uuid.UUID
    name: str
    created_at: datetime
    last_used_at: datetime | None
    device_type: Literal["single_device", "multi_device"] = Field(
        description="`multi_device`: a synced passkey"
    )
    backed_up: bool
    transports: list[str]
    aaguid: str = Field(description="The authenticator model's AAGUID (zeros when unknown)")


class PasskeyRegisteredResponse(BaseModel):
    passkey: PasskeyOut
    recovery_codes: list[str] | None = Field(
        description="Ten single-use codes, shown only now, when this passkey is the first "
        "second factor of the account; otherwise null"
    )


class PasskeyRename(StrictBody):
    name: str = PasskeyName


class PasskeyRemoveRequest(StrictBody):
    current_password: str | None = Field(
        None,
        min_length=1,
        max_length=1024,
        description="Not needed when this session signed in within the last 5 minutes",
    )


class PasskeyAuthenticationOptionsRequest(StrictBody):
    """Either `mfa_token` (the second step of a sign-in) or `tenant` (and optionally
    `email`) for signing in with a passkey alone."""

    # The schema says what the validator checks: one mode or the other, `email` with `tenant`.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["mfa_token"],
                    "properties": {
                        "mfa_token": {"type": "string"},
                        "tenant": {"type": "null"},
                        "email": {"type": "null"},
                    },
                },
                {
                    "required": ["tenant"],
                    "properties": {"tenant": {"type": "string"}, "mfa_token": {"type": "null"}},
                },
            ]
        }
    )

    mfa_token: str | None = Field(None, min_length=1, max_length=512)
    tenant: str | None = Field(None, min_length=1, max_length=63)
    email: EmailAddress | None = None

    @model_validator(mode="after")
    def _one_mode(self) -> "PasskeyAuthenticationOptionsRequest":
        if (self.mfa_token is None) == (self.tenant is None):
            raise ValueError("send either mfa_token or tenant")
        if self.email is not None and self.tenant is None:
            raise ValueError("email goes with tenant")
        return self


class PasskeyAuthenticationRequest(StrictBody):
    # The schema says what the validator checks: `mfa_token` or `tenant`, never both.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["mfa_token"],
                    "properties": {"mfa_token": {"type": "string"}, "tenant": {"type": "null"}},
                },
                {
                    "required": ["tenant"],
                    "properties": {"tenant": {"type": "string"}, "mfa_token": {"type": "null"}},
                },
            ]
        }
    )

    mfa_token: str | None = Field(None, min_length=1, max_length=512)
    tenant: str | None = Field(None, min_length=1, max_length=63)
    credential: AuthenticationCredentialJSON

    @model_validator(mode="after")
    def _one_mode(self) -> "PasskeyAuthenticationRequest":
        if (self.mfa_token is None) == (self.tenant is None):
            raise ValueError("send either mfa_token or tenant")
        return self


# --- events -------------------------------------------------------------------------------------

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
