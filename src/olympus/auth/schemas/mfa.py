"""Bodies of the second factor: the second step of sign-in, TOTP enrolment, the factors."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from olympus.auth.schemas.account import Password
from olympus.core.schemas import StrictBody


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
