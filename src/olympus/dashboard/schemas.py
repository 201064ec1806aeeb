"""Bodies of the dashboard's session API."""

from typing import Literal

from pydantic import BaseModel, Field

from olympus.core.schemas import EmailAddress, StrictBody


class PasswordSignIn(StrictBody):
    tenant: str = Field(min_length=1, max_length=63, description="The tenant's slug")
    email: EmailAddress
    password: str = Field(min_length=1, max_length=1024)


class SecondFactor(StrictBody):
    mfa_token: str = Field(
        min_length=1, max_length=512, description="The `mfa_token` of the first step"
    )
    code: str = Field(
        min_length=1,
        max_length=64,
        description="A 6-digit code from the authenticator, or an unused recovery code",
    )


class SessionTokens(BaseModel):
    """The access token (kept in the page's memory only); the refresh token went into the
    cookie and is not in the body."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="Seconds the access token is valid")
    refresh_expires_in: int = Field(description="Seconds until the session ends")
    mfa_enrollment_required: bool | None = None


class SecondFactorRequired(BaseModel):
    mfa_required: Literal[True] = True
    mfa_token: str
    methods: list[str]
    expires_in: int
