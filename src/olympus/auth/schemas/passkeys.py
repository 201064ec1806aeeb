"""Bodies of passkeys (WebAuthn). The credential bodies are WebAuthn's own JSON
(`PublicKeyCredential.toJSON()`), so their fields keep the specification's camelCase names;
base64url strings throughout."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from olympus.core.schemas import EmailAddress, StrictBody


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
