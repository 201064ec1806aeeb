"""Tables of authentication: sessions (one per sign-in), their refresh tokens (a rotating
family, stored only as hashes), single-use email tokens (verification, password reset) and
the second factor: TOTP factors (secret encrypted), recovery codes (hashed) and the pending
second steps of sign-ins (`mfa_token`, hashed)."""

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
