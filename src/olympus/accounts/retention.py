"""Retention across tenants: the audit log kept as long as each tenant's setting says (or a
period given for all). Run by `olympus audit prune` in a system unit of work."""

from datetime import timedelta

from olympus.core.db import WriteUnitOfWork
from olympus.platform.audit import service as audit
from olympus.platform.settings import service as settings
from olympus.platform.tenants import service as tenants


async def prune_audit_logs(uow: WriteUnitOfWork, *, older_than_days: int | None = None) -> int:
    """Delete audit rows past the retention: `older_than_days` for every tenant, or else
    each tenant's own `audit_retention_days` setting. Returns how many rows went."""
    removed = 0
    for tenant_id in await tenants.all_ids(uow):
        async with uow.in_tenant(tenant_id):
            days = older_than_days or (await settings.get_tenant_settings(uow)).audit_retention_days
            removed += await audit.prune_tenant(
                uow, older_than=uow.clock.now() - timedelta(days=days)
            )
    return removed
