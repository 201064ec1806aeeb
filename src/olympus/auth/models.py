"""Tables of authentication: sessions (one per sign-in), their refresh tokens (a rotating
family, stored only as hashes), single-use email tokens (verification, password reset) and
the second factor: TOTP factors (secret encrypted), recovery codes (hashed), the pending
second steps of sign-ins (`mfa_token`, hashed), passkeys (WebAuthn public keys) and the
challenges of their ceremonies (hashed)."""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class AuthSession(TenantOwned, Base):
    __tablename__ = "auth_sessions"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ["id"], ondelete="CASCADE"),
        sa.Index("ix_auth_sessions_tenant_user", "tenant_id", "user_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(sa.String(40))
    user_agent: Mapped[str] = mapped_column(sa.String(500), default="")
    ip: Mapped[str] = mapped_column(sa.String(64), default="")
    # How the session was signed in (RFC 8176 values, space-separated): its access tokens
    # carry them as `amr`.
    amr: Mapped[str] = mapped_column(sa.String(40), default="pwd", server_default="pwd")
    # `mfa_enrolment`: the tenant requires a second factor the user lacks, past its grace
    # period; the session may only enrol one.
    scope: Mapped[str | None] = mapped_column(sa.String(20))


class RefreshToken(TenantOwned, Base):
    __tablename__ = "refresh_tokens"
    __table_args__ = (
        tenant_fk(["session_id"], "auth_sessions", ["id"], ondelete="CASCADE"),
        sa.UniqueConstraint("tenant_id", "token_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    session_id: Mapped[uuid.UUID]
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]
    spent_at: Mapped[datetime | None]


class TokenPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    PASSWORD_RESET = "password_reset"


class OneTimeToken(TenantOwned, Base):
    __tablename__ = "one_time_tokens"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ["id"], ondelete="CASCADE"),
        sa.UniqueConstraint("tenant_id", "token_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID]
    purpose: Mapped[str] = mapped_column(sa.String(20))
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class FactorKind(StrEnum):
    TOTP = "totp"


class MfaFactor(TenantOwned, Base):
    """A second factor of a user; active once `confirmed_at` is set. The TOTP secret is
    stored encrypted (`auth.totp`); `last_used_step` is the time step of the last code
    accepted, so no code is accepted twice."""

    __tablename__ = "mfa_factors"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ["id"], ondelete="CASCADE"),
        sa.UniqueConstraint("tenant_id", "user_id", "kind"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(sa.String(20))
    secret_encrypted: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime]
    confirmed_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    last_used_step: Mapped[int | None] = mapped_column(sa.BigInteger)


class RecoveryCode(TenantOwned, Base):
    """A single-use recovery code, stored only as a keyed hash."""

    __tablename__ = "mfa_recovery_codes"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ["id"], ondelete="CASCADE"),
        sa.UniqueConstraint("tenant_id", "user_id", "code_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID]
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class MfaChallenge(TenantOwned, Base):
    """The second step of one sign-in: the password was right, a code is awaited. Its token
    (`mfa_token`) is stored as a hash, works once and for a few minutes only."""

    __tablename__ = "mfa_challenges"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ["id"], ondelete="CASCADE"),
        sa.UniqueConstraint("tenant_id", "token_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID]
    token_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    failed_attempts: Mapped[int] = mapped_column(default=0)
    ip: Mapped[str] = mapped_column(sa.String(64), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(500), default="")


class Passkey(TenantOwned, Base):
    """A WebAuthn credential of a user (a passkey or security key): its public key (COSE),
    the signature counter last seen (a counter that does not move forward is refused) and
    the name the user gave it. Only public material is stored."""

    __tablename__ = "passkeys"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ["id"], ondelete="CASCADE"),
        sa.UniqueConstraint("tenant_id", "credential_id"),
        sa.Index("ix_passkeys_tenant_user", "tenant_id", "user_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID]
    credential_id: Mapped[bytes] = mapped_column(sa.LargeBinary)
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary)
    sign_count: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    name: Mapped[str] = mapped_column(sa.String(100))
    aaguid: Mapped[str] = mapped_column(sa.String(36), default="")
    # Space-separated hints the browser gave (`usb nfc internal hybrid ...`).
    transports: Mapped[str] = mapped_column(sa.String(100), default="")
    # `multi_device`: a synced passkey; `backed_up`: its private key is in a backup.
    device_type: Mapped[str] = mapped_column(sa.String(20), default="single_device")
    backed_up: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]


class CeremonyKind(StrEnum):
    REGISTRATION = "registration"
    SECOND_FACTOR = "second_factor"
    PASSWORDLESS = "passwordless"


class PasskeyChallenge(TenantOwned, Base):
    """The challenge of one WebAuthn ceremony, stored as a hash: single-use, short-lived,
    and bound to its ceremony: a registration to the user and session that asked, a second
    factor to its sign-in step (`mfa_challenge_id`), a passwordless sign-in to its tenant
    (and to the user, when an email was given)."""

    __tablename__ = "passkey_challenges"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ["id"], ondelete="CASCADE"),
        tenant_fk(["session_id"], "auth_sessions", ["id"], ondelete="CASCADE"),
        tenant_fk(["mfa_challenge_id"], "mfa_challenges", ["id"], ondelete="CASCADE"),
        sa.UniqueConstraint("tenant_id", "challenge_hash"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(sa.String(20))
    challenge_hash: Mapped[str] = mapped_column(sa.String(64))
    user_id: Mapped[uuid.UUID | None]
    session_id: Mapped[uuid.UUID | None]
    mfa_challenge_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
