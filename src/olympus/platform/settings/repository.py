"""The settings read of the hottest path: sign-in and refresh on PostgreSQL read a tenant's
overrides on the driver's connection, inside a transaction scoped to that tenant."""

import uuid
from typing import Any

from olympus.core.db import DriverConnection

_OVERRIDES_OF_TENANT = "SELECT overrides FROM tenant_settings WHERE tenant_id = $1"


async def tenant_overrides_on(conn: DriverConnection, tenant_id: uuid.UUID) -> dict[str, Any]:
    overrides: dict[str, Any] | None = await conn.fetchval(_OVERRIDES_OF_TENANT, tenant_id)
    return overrides or {}
