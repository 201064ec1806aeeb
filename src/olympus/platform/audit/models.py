"""The `audit_logs` table: append-only (on PostgreSQL a trigger refuses UPDATE and DELETE
outside the retention prune)."""

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id
from olympus.core.tenancy import TenantOwned


class AuditLog(TenantOwned, Base):
    __tablename__ = "audit_logs"
    __table_args__ = (
        sa.Index("ix_audit_logs_tenant_created", "tenant_id", "created_at"),
        sa.Index("ix_audit_logs_tenant_actor", "tenant_id", "actor_id"),
        sa.Index("ix_audit_logs_tenant_target", "tenant_id", "target_type", "target_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    actor_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(sa.String(100))
    target_type: Mapped[str] = mapped_column(sa.String(50))
    target_id: Mapped[str] = mapped_column(sa.String(100))
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    request_id: Mapped[str] = mapped_column(sa.String(128), default="")
    ip: Mapped[str] = mapped_column(sa.String(64), default="")
    created_at: Mapped[datetime]
