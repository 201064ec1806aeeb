"""The WebAuthn relying party (through `webauthn`, py_webauthn): its id, name and accepted
origins from the settings, the options of the registration and authentication ceremonies,
and the verification of what an authenticator answered, run off the event loop. No
database, no HTTP: the passkeys service stores what this module hands back."""

import asyncio
import base64
import binascii
import os
import secrets
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from olympus.config import Settings

# How long the browser may take over a ceremony (a hint to it); the challenge lives as long.
CEREMONY_TIMEOUT_MS = 5 * 60 * 1000
# 32 random bytes: the spec asks for at least 16.
CHALLENGE_BYTES = 32
MAX_CREDENTIAL_ID_BYTES = 1023  # the spec's bound

_TRANSPORTS = {t.value for t in AuthenticatorTransport}

# Verifying an answer costs about 1.5 ms of CPU (CBOR, the COSE key, the signature): it runs
# in this pool, sized to the cores like the password hashing's, never on the event loop. One
# pool for the process: a relying party is a value built from the settings per ceremony.
_VERIFIERS = ThreadPoolExecutor(
    max_workers=len(os.sched_getaffinity(0)) or 1, thread_name_prefix="webauthn"
)
T = TypeVar("T")


async def _off_the_loop(check: Callable[..., T], *args: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_VERIFIERS, check, *args)


class CeremonyFailed(ValueError):
    """What the authenticator answered does not hold (origin, RP id, challenge, signature,
    attestation, user presence or verification); the message says which check failed."""


@dataclass(frozen=True)
class StoredCredential:
    """A credential of a user, as the relying party needs it to ask for and check an
    assertion."""

    credential_id: bytes
    transports: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewCredential:
    """A verified registration: what is stored of the new credential."""

    credential_id: bytes
    public_key: bytes
    sign_count: int
    aaguid: str
    device_type: str  # "single_device" or "multi_device" (a synced passkey)
    backed_up: bool
    user_verified: bool


@dataclass(frozen=True)
class Assertion:
    """A verified authentication: the signature holds for the stored public key."""

    credential_id: bytes
    sign_count: int
    backed_up: bool
    user_verified: bool


def new_challenge() -> bytes:
    return secrets.token_bytes(CHALLENGE_BYTES)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def from_b64url(text: str) -> bytes:
    """Base64url without padding (as WebAuthn's JSON has it); ValueError when it isn't."""
    if not text or not all(c.isalnum() or c in "-_" for c in text.rstrip("=")):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc


def user_handle(user_id: uuid.UUID) -> bytes:
    """The WebAuthn user handle of a user: their id's 16 bytes (random-looking, no personal
    data), which a discoverable credential gives back at sign-in."""
    return user_id.bytes


def client_challenge(client_data_json: str) -> bytes | None:
    """The challenge an authenticator's answer claims to respond to (read, not trusted: the
    ceremony is then verified against the challenge stored for it); None if unreadable."""
    try:
        client_data = orjson.loads(from_b64url(client_data_json))
        challenge = client_data.get("challenge") if isinstance(client_data, dict) else None
        return from_b64url(challenge) if isinstance(challenge, str) else None
    except (ValueError, orjson.JSONDecodeError):
        return None


def counter_regressed(stored: int, presented: int) -> bool:
    """A signature counter that did not move forward (both zero: the authenticator keeps no
    counter, as synced passkeys do): a sign the credential may have been cloned."""
    return (stored > 0 or presented > 0) and presented <= stored


def _descriptors(credentials: list[StoredCredential]) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(
            id=c.credential_id,
            transports=[AuthenticatorTransport(t) for t in c.transports if t in _TRANSPORTS]
            or None,
        )
        for c in credentials
    ]


def known_transports(transports: list[str]) -> tuple[str, ...]:
    return tuple(t for t in transports if t in _TRANSPORTS)[:8]


@dataclass(frozen=True)
class RelyingParty:
    id: str
    name: str
    origins: tuple[str, ...]

    @classmethod
    def of(cls, settings: Settings) -> "RelyingParty":
        return cls(
            settings.webauthn_rp_id, settings.webauthn_rp_name, tuple(settings.webauthn_origins)
        )

    def registration_options(
        self,
        *,
        challenge: bytes,
        user_id: uuid.UUID,
        user_name: str,
        display_name: str,
        exclude: list[StoredCredential],
    ) -> dict[str, Any]:
        """The `publicKey` options of `navigator.credentials.create()`, as JSON: a
        discoverable credential preferred (so it can sign in without an email), user
        verification preferred, no attestation (nothing here trusts a vendor's statement)."""
        options = generate_registration_options(
            rp_id=self.id,
            rp_name=self.name,
            user_id=user_handle(user_id),
            user_name=user_name,
            user_display_name=display_name or user_name,
            challenge=challenge,
            timeout=CEREMONY_TIMEOUT_MS,
            attestation=AttestationConveyancePreference.NONE,
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.PREFERRED,
                user_verification=UserVerificationRequirement.PREFERRED,
            ),
            exclude_credentials=_descriptors(exclude),
        )
        parsed: dict[str, Any] = orjson.loads(options_to_json(options))
        return parsed

    def authentication_options(
        self, *, challenge: bytes, allow: list[StoredCredential], user_verification: bool
    ) -> dict[str, Any]:
        """The `publicKey` options of `navigator.credentials.get()`, as JSON. An empty
        `allow` asks for a discoverable credential."""
        options = generate_authentication_options(
            rp_id=self.id,
            challenge=challenge,
            timeout=CEREMONY_TIMEOUT_MS,
            allow_credentials=_descriptors(allow),
            user_verification=(
                UserVerificationRequirement.REQUIRED
                if user_verification
                else UserVerificationRequirement.PREFERRED
            ),
        )
        parsed: dict[str, Any] = orjson.loads(options_to_json(options))
        return parsed

    async def verify_registration(
        self, credential: dict[str, Any], *, challenge: bytes
    ) -> NewCredential:
        """Check the registration's origin, RP id, challenge and flags (in the verification
        pool)."""
        return await _off_the_loop(self._verify_registration, credential, challenge)

    def _verify_registration(self, credential: dict[str, Any], challenge: bytes) -> NewCredential:
        try:
            verified = verify_registration_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=self.id,
                expected_origin=list(self.origins),
            )
        except Exception as exc:  # malformed input of any shape is a failed ceremony
            raise CeremonyFailed(str(exc) or "the registration does not verify") from exc
        if len(verified.credential_id) > MAX_CREDENTIAL_ID_BYTES:
            raise CeremonyFailed("the credential id is longer than 1023 bytes")
        return NewCredential(
            credential_id=verified.credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            aaguid=verified.aaguid,
            device_type=verified.credential_device_type.value,
            backed_up=verified.credential_backed_up,
            user_verified=verified.user_verified,
        )

    async def verify_authentication(
        self,
        credential: dict[str, Any],
        *,
        challenge: bytes,
        public_key: bytes,
        require_user_verification: bool,
    ) -> Assertion:
        """Check the assertion's origin, RP id, challenge, flags and signature (in the
        verification pool). The counter is left to the caller (`counter_regressed`), so a
        regression is told apart from a forgery: it is judged only once the signature holds."""
        return await _off_the_loop(
            self._verify_authentication,
            credential,
            challenge,
            public_key,
            require_user_verification,
        )

    def _verify_authentication(
        self,
        credential: dict[str, Any],
        challenge: bytes,
        public_key: bytes,
        require_user_verification: bool,
    ) -> Assertion:
        try:
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=self.id,
                expected_origin=list(self.origins),
                credential_public_key=public_key,
                credential_current_sign_count=0,
                require_user_verification=require_user_verification,
            )
        except Exception as exc:  # malformed input of any shape is a failed ceremony
            raise CeremonyFailed(str(exc) or "the assertion does not verify") from exc
        return Assertion(
            credential_id=verified.credential_id,
            sign_count=verified.new_sign_count,
            backed_up=verified.credential_backed_up,
            user_verified=verified.user_verified,
        )
