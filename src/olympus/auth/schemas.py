"""Request and response bodies of the authentication API."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

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
    type: Literal["totp"]
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
