"""The `security_events` table: one row per kind of event, account, client address and
permission asked within an aggregation window, counting its repeats (so a flood adds to a
row instead of adding rows)."""

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id
from olympus.core.tenancy import TenantOwned


class SecurityEventKind(StrEnum):
    LOGIN_FAILED = "login_failed"
    ACCOUNT_LOCKED = "account_locked"
    ADDRESS_LOCKED = "address_locked"
    REFRESH_REUSE = "refresh_reuse"
    MFA_FAILED = "mfa_failed"
    PERMISSION_DENIED = "permission_denied"
    TOKEN_INVALID = "token_invalid"
    RATE_LIMITED = "rate_limited"
    PASSKEY_COUNTER_REGRESSION = "passkey_counter_regression"


class SecurityEvent(TenantOwned, Base):
    __tablename__ = "security_events"
    __table_args__ = (
        # The aggregation key: one conditional upsert finds the row a repeat adds to.
        sa.UniqueConstraint(
            "tenant_id",
            "kind",
            "account_key",
            "ip",
            "permission",
            "window_start",
            name="uq_security_events_aggregate",
        ),
        sa.Index("ix_security_events_tenant_last_seen", "tenant_id", "last_seen"),
        sa.Index("ix_security_events_tenant_user", "tenant_id", "user_id"),
        sa.Index("ix_security_events_tenant_ip", "tenant_id", "ip"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(sa.String(32))
    # `user:<id>` when the account is known, `email:<keyed hash>` when only the email tried
    # is, else empty: what repeats are grouped by.
    account_key: Mapped[str] = mapped_column(sa.String(80), default="")
    # No foreign key, like the audit log's actor: an account can go, its record stays.
    user_id: Mapped[uuid.UUID | None]
    # HMAC-SHA256 of the normalised email tried (hex), and a masked form (`j***@example.com`)
    # for a reader; never the email itself, never a password, token or code.
    email_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    email_hint: Mapped[str] = mapped_column(sa.String(120), default="")
    ip: Mapped[str] = mapped_column(sa.String(64), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")
    route: Mapped[str] = mapped_column(sa.String(200), default="")
    permission: Mapped[str] = mapped_column(sa.String(100), default="")
    reason: Mapped[str] = mapped_column(sa.String(64), default="")
    request_id: Mapped[str] = mapped_column(sa.String(128), default="")  # of the latest one
    window_start: Mapped[datetime]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    count: Mapped[int] = mapped_column(sa.Integer, default=1)
