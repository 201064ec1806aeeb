"""What the payments domain needs from outside a transaction, built once by the app: the box
that encrypts the tenants' processor secrets, and the card processors' configuration."""

import base64
import hashlib
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken

from olympus.auth.tokens import derived_key
from olympus.commerce.payments.errors import ProcessorUnavailable
from olympus.commerce.payments.models import ProcessorName
from olympus.commerce.payments.providers import (
    CardProcessor,
    StripeCardProcessor,
    TestCardProcessor,
)
from olympus.config import Settings

SECRETS_PURPOSE = "payments/processor-secrets"


class SecretBox:
    """Encrypts and authenticates a processor secret for storage (Fernet: AES-128-CBC and
    HMAC-SHA256). A secret that no longer decrypts (the key changed) reads as not set."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the secrets key is 32 bytes")
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    @classmethod
    def from_settings(cls, settings: Settings) -> "SecretBox":
        if settings.payments_secrets_key:
            return cls(hashlib.sha256(settings.payments_secrets_key.encode()).digest())
        return cls(derived_key(settings, SECRETS_PURPOSE))

    def seal(self, secret: str) -> bytes:
        return self._fernet.encrypt(secret.encode())

    def open(self, sealed: bytes | None) -> str | None:
        if sealed is None:
            return None
        try:
            return self._fernet.decrypt(sealed).decode()
        except InvalidToken:
            return None


@dataclass(frozen=True)
class ProcessorConfig:
    """A tenant's processor as the payment flow needs it, its secret in the clear (never
    logged, never answered)."""

    name: str
    stripe_secret_key: str | None = None


@dataclass
class PaymentComponents:
    box: SecretBox
    stripe_api_base: str = ""
    processor_timeout_seconds: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "PaymentComponents":
        return cls(
            box=SecretBox.from_settings(settings),
            stripe_api_base=settings.stripe_api_base,
            processor_timeout_seconds=settings.payment_processor_timeout_seconds,
        )

    def processor(self, config: ProcessorConfig) -> CardProcessor:
        if config.name != ProcessorName.STRIPE:
            return TestCardProcessor()
        if not config.stripe_secret_key:
            # Never a silent fall back to the test processor.
            raise ProcessorUnavailable(
                "Stripe is chosen but its secret key is not set (or no longer readable)"
            )
        return StripeCardProcessor(config.stripe_secret_key, api_base=self.stripe_api_base or None)
