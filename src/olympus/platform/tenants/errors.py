"""Errors of the tenants domain."""

from olympus.core.errors import Conflict, Forbidden, NotFound, Unauthenticated


class TenantNotFound(NotFound):
    code = "tenant_not_found"
    title = "Tenant not found"


class TenantSuspended(Unauthenticated):
    code = "tenant_suspended"
    title = "Tenant suspended"


class SlugTaken(Conflict):
    code = "slug_taken"
    title = "Slug already in use"


class PlatformTenantProtected(Conflict):
    code = "platform_tenant_protected"
    title = "The platform tenant can't be changed this way"


class StatusChangeForbidden(Forbidden):
    code = "permission_denied"
    title = "Permission denied"
