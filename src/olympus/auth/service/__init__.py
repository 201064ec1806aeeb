"""The rules of authentication, one module per concern. Each module holds one kind of
function: those taking a unit of work first (they never commit) or those opening their own
transactions (sign-in, refresh, the per-request principal):

- `components`          the infrastructure bundle (`AuthComponents`), mail and the denylist
- `credentials`         registration, users made by administrators, password changes (unit of
                        work)
- `email_tokens`        single-use emailed tokens: verification, password reset (unit of work)
- `sessions`            open, rotate, list, revoke and prune sessions (unit of work)
- `mfa`                 the second factor: TOTP enrolment and removal, the caller's factors, a
                        tenant's requirement of one (unit of work)
- `mfa_signin`          the second step of sign-in with a code (own transactions)
- `passkey_ceremonies`  what every passkey ceremony shares: the relying party, the single-use
                        challenge, the passkey an answer names (unit of work)
- `passkeys`            passkeys (WebAuthn): registration and management (unit of work)
- `passkey_signin`      sign-in with a passkey, as the second step or alone (own transactions)
- `signin`              sign-in (own transactions)
- `refresh`             token rotation's fast path (own transactions)
- `principal`           the authenticated caller of each request (own read transactions)

Callers import the names below from `olympus.auth.service`."""

from olympus.auth.service.components import AuthComponents, denylist_key
from olympus.auth.service.credentials import (
    UNUSABLE_PASSWORD,
    NewPassword,
    PasswordChange,
    change_password,
    check_password_change,
    create_user_with_password,
    hash_new_password,
    invite_user,
    register,
)
from olympus.auth.service.email_tokens import (
    confirm_password_reset,
    request_password_reset,
    resend_verification,
    verify_email,
)
from olympus.auth.service.mfa import (
    MfaStatus,
    TotpSetup,
    begin_totp_setup,
    check_current_password,
    confirm_totp,
    disable_totp,
    mfa_status,
)
from olympus.auth.service.mfa_signin import MfaChallengeIssued, MfaSignIn, verify_challenge
from olympus.auth.service.passkey_ceremonies import (
    CHALLENGE_TTL as PASSKEY_CHALLENGE_TTL,
)
from olympus.auth.service.passkey_signin import (
    PasskeySignIn,
    passwordless_options,
    second_factor_options,
    verify_passwordless,
    verify_second_factor,
)
from olympus.auth.service.passkeys import (
    PasskeyRegistered,
    begin_registration,
    check_reauthentication,
    finish_registration,
    list_passkeys,
    remove_passkey,
    rename_passkey,
)
from olympus.auth.service.principal import (
    Authenticated,
    Identity,
    authenticate,
    identity,
    warm_denylist,
)
from olympus.auth.service.refresh import refresh
from olympus.auth.service.sessions import (
    MIN_IDLE_TIMEOUT,
    Rotation,
    list_sessions,
    logout,
    logout_all,
    prune_ended_sessions,
    revoke_session,
    revoke_user_sessions,
    rotate_refresh_token,
)
from olympus.auth.service.signin import LoginResult, login

__all__ = [
    "MIN_IDLE_TIMEOUT",
    "PASSKEY_CHALLENGE_TTL",
    "UNUSABLE_PASSWORD",
    "AuthComponents",
    "Authenticated",
    "Identity",
    "LoginResult",
    "MfaChallengeIssued",
    "MfaSignIn",
    "MfaStatus",
    "NewPassword",
    "PasskeyRegistered",
    "PasskeySignIn",
    "PasswordChange",
    "Rotation",
    "TotpSetup",
    "authenticate",
    "begin_registration",
    "begin_totp_setup",
    "change_password",
    "check_current_password",
    "check_password_change",
    "check_reauthentication",
    "confirm_password_reset",
    "confirm_totp",
    "create_user_with_password",
    "denylist_key",
    "disable_totp",
    "finish_registration",
    "hash_new_password",
    "identity",
    "invite_user",
    "list_passkeys",
    "list_sessions",
    "login",
    "logout",
    "logout_all",
    "mfa_status",
    "passwordless_options",
    "prune_ended_sessions",
    "refresh",
    "register",
    "remove_passkey",
    "rename_passkey",
    "request_password_reset",
    "resend_verification",
    "revoke_session",
    "revoke_user_sessions",
    "rotate_refresh_token",
    "second_factor_options",
    "verify_challenge",
    "verify_email",
    "verify_passwordless",
    "verify_second_factor",
    "warm_denylist",
]
