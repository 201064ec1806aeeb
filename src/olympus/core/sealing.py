"""Secrets the service keeps to use later (tenants' processor keys, webhook signing secrets),
sealed for storage: encrypted and authenticated with a key of their own purpose, derived from
SECRETS_KEY or, without one, from the service's signing secret.

A key per purpose: one purpose's key opens nothing of another's. A sealed secret that no
longer opens (the key changed) reads as not set; each domain says what that means to it."""

import base64
import hashlib
import hmac
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from olympus.config import Settings


def _signing_material(settings: Settings) -> bytes:
    """The HS256 secret, or the Ed25519 private key's PEM (given as text or as a path)."""
    if not settings.uses_eddsa:
        return settings.signing_secret.encode()
    value = settings.jwt_private_key
    return value.encode() if "-----BEGIN" in value else Path(value).read_bytes()


def derived_key(settings: Settings, purpose: str) -> bytes:
    """A key for `purpose` derived from the service's signing secret (the HS256 secret, or
    the Ed25519 private key), so no further secret needs configuring; one purpose's key
    tells nothing of the signing key or of another purpose's."""
    return hmac.new(_signing_material(settings), purpose.encode(), hashlib.sha256).digest()


def configured_key(settings: Settings) -> str:
    """SECRETS_KEY, or PAYMENTS_SECRETS_KEY (its earlier name, still read); empty: none."""
    return settings.secrets_key or settings.payments_secrets_key


def sealing_key(settings: Settings, purpose: str) -> bytes:
    """The 32-byte key that seals `purpose`'s secrets: from the configured key when there is
    one, else from the signing secret (then rotating that makes them unreadable)."""
    configured = configured_key(settings)
    if configured:
        return hmac.new(configured.encode(), purpose.encode(), hashlib.sha256).digest()
    return derived_key(settings, purpose)


class SecretBox:
    """Encrypts and authenticates a secret for storage (Fernet: AES-128-CBC and
    HMAC-SHA256). A secret that no longer decrypts (the key changed) reads as not set."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the secrets key is 32 bytes")
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    @classmethod
    def from_settings(cls, settings: Settings, purpose: str) -> "SecretBox":
        """The box of `purpose` (`payments/processor-secrets`, `webhooks/signing-secrets`)."""
        return cls(sealing_key(settings, purpose))

    def seal(self, secret: str) -> bytes:
        return self._fernet.encrypt(secret.encode())

    def open(self, sealed: bytes | None) -> str | None:
        if sealed is None:
            return None
        try:
            return self._fernet.decrypt(sealed).decode()
        except InvalidToken:
            return None
