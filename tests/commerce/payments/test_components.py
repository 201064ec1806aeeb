"""The box that keeps processor secrets, and the choice of a tenant's processor."""

import hashlib
import hmac

import pytest

from olympus.commerce.payments.components import (
    SECRETS_PURPOSE,
    PaymentComponents,
    ProcessorConfig,
    SecretBox,
    secret_box,
)
from olympus.commerce.payments.errors import ProcessorUnavailable
from olympus.commerce.payments.providers import StripeCardProcessor, TestCardProcessor
from olympus.config import Settings


def _settings(**values: str) -> Settings:
    return Settings(_env_file=None, **{"jwt_secret": "s" * 48, **values})  # type: ignore[arg-type]


def test_a_secret_is_sealed_and_opens_only_with_its_key() -> None:
    box = secret_box(_settings())
    sealed = box.seal("sk_test_abc")
    assert b"sk_test_abc" not in sealed
    assert box.open(sealed) == "sk_test_abc"
    assert box.seal("sk_test_abc") != sealed  # a fresh IV each time
    # Another signing secret, or a key of its own: the stored secret reads as not set.
    assert secret_box(_settings(jwt_secret="t" * 48)).open(sealed) is None
    own = secret_box(_settings(payments_secrets_key="k" * 40))
    assert own.open(sealed) is None
    assert own.open(own.seal("whsec_1")) == "whsec_1"
    assert box.open(None) is None


def test_the_secrets_sealed_before_the_key_moved_to_the_core_still_open() -> None:
    """The keys as they were: the SHA-256 of PAYMENTS_SECRETS_KEY, or the HMAC of the
    signing secret and the purpose; SECRETS_KEY set to the former value changes nothing."""
    derived = SecretBox(hmac.new(b"s" * 48, SECRETS_PURPOSE.encode(), hashlib.sha256).digest())
    assert secret_box(_settings()).open(derived.seal("sk_test_1")) == "sk_test_1"
    configured = SecretBox(hashlib.sha256(b"k" * 40).digest())
    sealed = configured.seal("sk_test_2")
    assert secret_box(_settings(payments_secrets_key="k" * 40)).open(sealed) == "sk_test_2"
    assert secret_box(_settings(secrets_key="k" * 40)).open(sealed) == "sk_test_2"


def test_the_processor_of_a_tenant() -> None:
    components = PaymentComponents.from_settings(_settings())
    assert isinstance(components.processor(ProcessorConfig("test")), TestCardProcessor)
    stripe = components.processor(ProcessorConfig("stripe", stripe_secret_key="sk_test_1"))
    assert isinstance(stripe, StripeCardProcessor)
    with pytest.raises(ProcessorUnavailable):  # never a silent fall back to the test one
        components.processor(ProcessorConfig("stripe", stripe_secret_key=None))
