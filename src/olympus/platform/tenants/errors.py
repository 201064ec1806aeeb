"""Errors of the tenants domain."""

from olympus.core.errors import Conflict, NotFound, Unauthenticated


class TenantNotFound(NotFound):
    code = "tenant_not_found"
    title = "Tenant not found"


class TenantSuspended(Unauthenticated):
    code = "tenant_suspended"
    title = "Tenant suspended"


class SlugTaken(Conflict):
    code = "slug_taken"
    title = "Slug already in use"
