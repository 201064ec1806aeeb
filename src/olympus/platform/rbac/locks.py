"""Row locks on roles: removing an owner (revoking the role, deactivating the user) holds the
owner role's row, so two removals can't both see another owner left."""

from olympus.core.db import WriteUnitOfWork
from olympus.core.locking import lock_rows
from olympus.platform.rbac.models import Role


async def lock_role_named(uow: WriteUnitOfWork, name: str) -> None:
    """Hold the tenant's role of this name until the transaction ends."""
    await lock_rows(uow, Role, Role.name == name)
