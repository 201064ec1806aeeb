"""Every domain's tables, imported in one place so the metadata (and Alembic) sees them all."""

from olympus.auth.models import AuthSession, OneTimeToken, RefreshToken
from olympus.core.db import Base
from olympus.core.events import OutboxEvent
from olympus.core.idempotency import IdempotencyKey
from olympus.platform.audit.models import AuditLog
from olympus.platform.locations.models import Location as Location
from olympus.platform.rbac.models import Role, RoleGrant
from olympus.platform.settings import models as settings_models  # noqa: F401
from olympus.platform.tenants.models import Tenant
from olympus.platform.users.models import User

metadata = Base.metadata

__all__ = [
    "AuditLog",
    "AuthSession",
    "IdempotencyKey",
    "OneTimeToken",
    "OutboxEvent",
    "RefreshToken",
    "Role",
    "RoleGrant",
    "Tenant",
    "User",
    "metadata",
]
