"""The `users` table: a tenant's people. An email is unique within its tenant."""

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id
from olympus.core.tenancy import TenantOwned


class User(TenantOwned, Base):
    __tablename__ = "users"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "email_normalized"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(sa.String(320))
    email_normalized: Mapped[str] = mapped_column(sa.String(320))
    full_name: Mapped[str] = mapped_column(sa.String(200), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    email_verified: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Whether the user has a confirmed second factor: sign-in reads it with the password
    # hash, so users without one pay nothing more.
    mfa_enabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


@dataclass(frozen=True)
class Credentials:
    """What sign-in needs of a user, read without loading the ORM object."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    email: str
    full_name: str
    password_hash: str
    email_verified: bool
    is_active: bool
    created_at: datetime
    mfa_enabled: bool = False
