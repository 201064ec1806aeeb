"""Who may call the catalog's endpoints. Reading needs `catalog:read` (held anywhere: the
catalog is the tenant's, every location sells from it), changing needs `catalog:write`
for the whole tenant, except a price at a location, which `catalog:write` at that
location is enough for."""

from typing import Annotated

from olympus.auth.dependencies import PERMISSION_ERRORS, Principal, RequirePermission

READ = "catalog:read"
WRITE = "catalog:write"
AUTH = PERMISSION_ERRORS

Reader = Annotated[Principal, RequirePermission(READ, scoped=True)]
Writer = Annotated[Principal, RequirePermission(WRITE)]
LocationWriter = Annotated[Principal, RequirePermission(WRITE, scoped=True)]
