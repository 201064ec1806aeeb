"""Errors of the authentication domain, each with its stable code."""

from olympus.core.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    TooManyRequests,
    Unauthenticated,
)


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"
    title = "Invalid credentials"


class InvalidToken(Unauthenticated):
    code = "invalid_token"
    title = "Invalid token"


class TokenInQuery(Unauthenticated):
    code = "token_in_query"
    title = "Token not accepted in the query string"


class TokenRevoked(Unauthenticated):
    code = "token_revoked"
    title = "Token revoked"


class TokenReused(Unauthenticated):
    code = "token_reused"
    title = "Refresh token reused"
    keeps_changes = True  # the session's revocation commits with the 401


class SessionExpired(Unauthenticated):
    code = "session_expired"
    title = "Session expired"
    keeps_changes = True


class AccountDisabled(Unauthenticated):
    code = "account_disabled"
    title = "Account disabled"


class TooManyAttempts(TooManyRequests):
    code = "too_many_attempts"
    title = "Too many attempts"

    def __init__(self, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        super().__init__(
            f"Too many failed sign-ins; try again in {self.retry_after} seconds",
            headers={"Retry-After": str(self.retry_after)},
        )


class WeakPassword(InvalidInput):
    code = "weak_password"
    title = "Password too weak"


class InvalidOneTimeToken(InvalidInput):
    code = "invalid_email_token"
    title = "Invalid or expired token"


class SessionNotFound(NotFound):
    code = "session_not_found"
    title = "Session not found"


class EmailAlreadyVerified(Conflict):
    code = "email_already_verified"
    title = "Email already verified"


class PermissionDenied(Forbidden):
    code = "permission_denied"
    title = "Permission denied"

    def __init__(self, detail: str | None = None, *, permission: str = "") -> None:
        super().__init__(detail)
        self.permission = permission  # what was asked, for the security event log


class InvalidCurrentPassword(InvalidInput):
    code = "invalid_current_password"
    title = "Current password is wrong"


class EmailNotVerified(Forbidden):
    code = "email_not_verified"
    title = "Email not verified"


class InvalidMfaToken(Unauthenticated):
    code = "invalid_mfa_token"
    title = "Invalid or expired sign-in step"


class InvalidMfaCode(Unauthenticated):
    code = "invalid_mfa_code"
    title = "Invalid verification code"
    keeps_changes = True  # the failed attempt on the sign-in step commits with the 401


class InvalidTotpCode(InvalidInput):
    code = "invalid_totp_code"
    title = "Invalid verification code"


class MfaAlreadyEnrolled(Conflict):
    code = "mfa_already_enrolled"
    title = "A second factor is already enrolled"


class MfaSetupNotStarted(Conflict):
    code = "mfa_setup_not_started"
    title = "No authenticator setup is pending"


class MfaNotEnrolled(NotFound):
    code = "mfa_not_enrolled"
    title = "No second factor enrolled"


class MfaEnrollmentRequired(Forbidden):
    code = "mfa_enrollment_required"
    title = "Enrol a second factor first"


class PasskeyNotFound(NotFound):
    code = "passkey_not_found"
    title = "Passkey not found"


class PasskeyLimitReached(Conflict):
    code = "passkey_limit_reached"
    title = "Too many passkeys"


class PasskeyAlreadyRegistered(Conflict):
    code = "passkey_already_registered"
    title = "This passkey is already registered"


class PasskeyRegistrationFailed(InvalidInput):
    code = "passkey_registration_failed"
    title = "The passkey registration could not be verified"
    keeps_changes = True  # the challenge is spent with the refusal


class PasskeyChallengeInvalid(Unauthenticated):
    code = "passkey_challenge_invalid"
    title = "Unknown, expired or used passkey challenge"


class InvalidPasskey(Unauthenticated):
    code = "passkey_invalid"
    title = "The passkey could not be verified"
    keeps_changes = True  # the spent challenge commits with the 401


class PasskeyCounterRegression(Unauthenticated):
    code = "passkey_counter_regression"
    title = "Passkey signature counter went backwards"
    keeps_changes = True  # the spent challenge and the audit row commit with the 401


class ReauthenticationRequired(Forbidden):
    code = "reauthentication_required"
    title = "Confirm it is you"
