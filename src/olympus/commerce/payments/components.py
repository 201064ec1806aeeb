"""What the payments domain needs from outside a transaction, built once by the app: the box
that encrypts the tenants' processor secrets, and the card processors' configuration."""

import hashlib
from dataclasses import dataclass

from olympus.commerce.payments.errors import ProcessorUnavailable
from olympus.commerce.payments.models import ProcessorName
from olympus.commerce.payments.providers import (
    CardProcessor,
    StripeCardProcessor,
    TestCardProcessor,
)
from olympus.config import Settings
from olympus.core.sealing import SecretBox, configured_key

__all__ = ["SECRETS_PURPOSE", "PaymentComponents", "ProcessorConfig", "SecretBox", "secret_box"]

SECRETS_PURPOSE = "payments/processor-secrets"


def secret_box(settings: Settings) -> SecretBox:
    """The box of the processor secrets. A configured key (SECRETS_KEY, or its earlier name
    PAYMENTS_SECRETS_KEY) seals with its SHA-256, as it did before it served other purposes,
    so the secrets stored then still open; without one, the key derived for this purpose."""
    configured = configured_key(settings)
    if configured:
        return SecretBox(hashlib.sha256(configured.encode()).digest())
    return SecretBox.from_settings(settings, SECRETS_PURPOSE)


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
            box=secret_box(settings),
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
