"""The boxes that seal stored secrets: a key per purpose, from SECRETS_KEY (or its earlier
name) or from the signing secret; what no longer opens reads as not set."""

import hashlib
import hmac

import pytest

from olympus.auth.tokens import derived_key as auth_derived_key
from olympus.config import ConfigError, Settings
from olympus.core.sealing import SecretBox, derived_key, sealing_key


def _settings(**values: str) -> Settings:
    return Settings(_env_file=None, **{"jwt_secret": "s" * 48, **values})  # type: ignore[arg-type]


def test_each_purpose_has_its_own_key() -> None:
    settings = _settings()
    one = SecretBox.from_settings(settings, "one")
    other = SecretBox.from_settings(settings, "other")
    sealed = one.seal("whsec_1")
    assert b"whsec_1" not in sealed
    assert one.open(sealed) == "whsec_1"
    assert other.open(sealed) is None
    assert one.open(None) is None


def test_without_a_configured_key_the_key_comes_from_the_signing_secret() -> None:
    expected = hmac.new(b"s" * 48, b"one", hashlib.sha256).digest()
    assert sealing_key(_settings(), "one") == derived_key(_settings(), "one") == expected
    assert auth_derived_key is derived_key  # still importable where it was
    sealed = SecretBox.from_settings(_settings(), "one").seal("x")
    assert SecretBox.from_settings(_settings(jwt_secret="t" * 48), "one").open(sealed) is None


def test_a_configured_key_outlives_the_signing_secret() -> None:
    sealed = SecretBox.from_settings(_settings(secrets_key="k" * 40), "one").seal("x")
    moved = _settings(secrets_key="k" * 40, jwt_secret="t" * 48)
    assert SecretBox.from_settings(moved, "one").open(sealed) == "x"
    # The earlier name is the same key.
    earlier = _settings(payments_secrets_key="k" * 40)
    assert SecretBox.from_settings(earlier, "one").open(sealed) == "x"
    assert SecretBox.from_settings(_settings(), "one").open(sealed) is None
    assert SecretBox.from_settings(_settings(secrets_key="j" * 40), "one").open(sealed) is None


def test_two_different_keys_are_refused() -> None:
    _settings(secrets_key="k" * 40, payments_secrets_key="k" * 40)
    with pytest.raises(ConfigError, match="SECRETS_KEY"):
        _settings(secrets_key="k" * 40, payments_secrets_key="j" * 40)
