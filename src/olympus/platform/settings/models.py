"""The `tenant_settings` and `user_preferences` tables: one row per tenant and one per user,
each holding the keys set explicitly (`overrides`, a JSON object of key to value).

Why a document per owner rather than a row per key: every read wants every key (the GET
answers the full set, other domains read a few keys at once), so one row is one index
look-up; the keys are typed and validated by the schemas, not by columns, so a new key
needs no migration; a key left out of the document means "use the default", so changing a
default reaches every tenant that never chose otherwise. Concurrent writers serialise on the
row (`SELECT ... FOR UPDATE`), so two writers of different keys never lose each other's
change.
"""

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from olympus.core.db import Base, tenant_fk
from olympus.core.tenancy import TenantOwned


class StoredTenantSettings(TenantOwned, Base):
    __tablename__ = "tenant_settings"

    overrides: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    updated_at: Mapped[datetime]
    # Who changed them last; no foreign key, like the audit log's actor, so a user can go
    # without touching the settings they once changed.
    updated_by: Mapped[uuid.UUID | None]


class StoredUserPreferences(TenantOwned, Base):
    __tablename__ = "user_preferences"
    __table_args__ = (tenant_fk(["user_id"], "users", ["id"], ondelete="CASCADE"),)

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    overrides: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    updated_at: Mapped[datetime]
