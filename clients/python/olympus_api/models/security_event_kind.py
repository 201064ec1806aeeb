from typing import Literal

SecurityEventKind = Literal[
    "account_locked",
    "address_locked",
    "login_failed",
    "mfa_failed",
    "passkey_counter_regression",
    "permission_denied",
    "rate_limited",
    "refresh_reuse",
    "token_invalid",
]

SECURITY_EVENT_KIND_VALUES: set[SecurityEventKind] = {
    "account_locked",
    "address_locked",
    "login_failed",
    "mfa_failed",
    "passkey_counter_regression",
    "permission_denied",
    "rate_limited",
    "refresh_reuse",
    "token_invalid",
}


def check_security_event_kind(value: str) -> SecurityEventKind:
    if value in SECURITY_EVENT_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {SECURITY_EVENT_KIND_VALUES!r}")
