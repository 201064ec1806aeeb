"""Time-based one-time passwords (RFC 6238, through `pyotp`) and recovery codes: the secret
sealed at rest with a key derived from the service's signing key, the time step a code
matches (so a code is accepted once), and recovery codes with their keyed hashes."""

import base64
import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
from cryptography.fernet import Fernet, InvalidToken

from olympus.auth.tokens import derived_key
from olympus.config import Settings

STEP_SECONDS = 30
DIGITS = 6
# A code of the step before or after the current one is accepted too (clock drift).
DRIFT_STEPS = 1
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


class TotpKeys:
    """The keys of the second factor, derived from the signing key: one seals secrets, one
    hashes recovery codes."""

    def __init__(self, settings: Settings) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(derived_key(settings, "mfa-totp-secret")))
        self._recovery_key = derived_key(settings, "mfa-recovery-code")

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:  # the signing key changed since enrolment
            raise ValueError("the TOTP secret can't be opened with the current key") from exc

    def recovery_hash(self, code: str) -> str:
        return hmac.new(
            self._recovery_key, normalise_recovery_code(code).encode(), hashlib.sha256
        ).hexdigest()


def new_secret() -> str:
    """160 random bits in base32, as authenticator apps expect."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """The `otpauth://` URI an authenticator app reads from a QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer
    )


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step whose code `code` is, within the drift allowed around `at`; None if
    none is. Every candidate is compared in constant time."""
    if len(code) != DIGITS or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = int(at.timestamp()) // STEP_SECONDS
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def code_at(secret: str, at: datetime) -> str:
    """The code of the time step of `at` (what an authenticator app shows then)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).generate_otp(
        int(at.timestamp()) // STEP_SECONDS
    )


def looks_like_totp(code: str) -> bool:
    return len(code) == DIGITS and code.isdigit()


def new_recovery_codes() -> list[str]:
    """Ten codes of ten characters (about 49 bits each), shown as `xxxxx-xxxxx`."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def normalise_recovery_code(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())
