"""Tables of authentication: sessions (one per sign-in), their refresh tokens (a rotating
family, stored only as hashes) and single-use email tokens (verification, password reset)."""

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
