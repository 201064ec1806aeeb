"""Roles (named permission sets, per tenant) and grants of roles to users, optionally bound
to one location."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id, tenant_fk
from olympus.core.tenancy import TenantOwned


class Role(TenantOwned, Base):
    __tablename__ = "roles"
    __table_args__ = (sa.UniqueConstraint("tenant_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(sa.String(64))
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    permissions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    is_system: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RoleGrant(TenantOwned, Base):
    __tablename__ = "role_grants"
    __table_args__ = (
        tenant_fk(["user_id"], "users", ["id"], ondelete="CASCADE"),
        tenant_fk(["role_id"], "roles", ["id"], ondelete="CASCADE"),
        tenant_fk(["location_id"], "locations", ["id"], ondelete="CASCADE"),
        sa.Index("ix_role_grants_tenant_user", "tenant_id", "user_id"),
        # One grant of a role per user and place; NULL (tenant-wide) needs its own index.
        sa.Index(
            "uq_role_grants_tenant_wide",
            "tenant_id",
            "user_id",
            "role_id",
            unique=True,
            sqlite_where=sa.text("location_id IS NULL"),
            postgresql_where=sa.text("location_id IS NULL"),
        ),
        sa.Index(
            "uq_role_grants_at_location",
            "tenant_id",
            "user_id",
            "role_id",
            "location_id",
            unique=True,
            sqlite_where=sa.text("location_id IS NOT NULL"),
            postgresql_where=sa.text("location_id IS NOT NULL"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID]
    role_id: Mapped[uuid.UUID]
    location_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]
