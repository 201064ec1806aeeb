"""Bodies of signing up, signing in, tokens, sessions, the email address and the password."""

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
