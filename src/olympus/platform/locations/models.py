"""The `locations` table: a tenant's stores, branches, warehouses and offices. A code is
unique within its tenant, archived locations included (archiving never frees a code)."""

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, new_id
from olympus.core.tenancy import TenantOwned


class LocationKind(StrEnum):
    STORE = "store"
    BRANCH = "branch"
    WAREHOUSE = "warehouse"
    OFFICE = "office"


class LocationStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


def _one_of(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(m.value) for m in enum)})"


class Location(TenantOwned, Base):
    __tablename__ = "locations"
    __table_args__ = (
        sa.UniqueConstraint("tenant_id", "code"),
        sa.CheckConstraint(_one_of("kind", LocationKind), name="kind"),
        sa.CheckConstraint(_one_of("status", LocationStatus), name="status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str] = mapped_column(sa.String(32))
    kind: Mapped[str] = mapped_column(sa.String(20), default=LocationKind.STORE.value)
    address: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    timezone: Mapped[str] = mapped_column(sa.String(64))
    currency: Mapped[str] = mapped_column(sa.String(3))
    status: Mapped[str] = mapped_column(sa.String(20), default=LocationStatus.ACTIVE.value)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
