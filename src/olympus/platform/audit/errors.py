"""Errors of the audit domain."""

from olympus.core.errors import InvalidInput


class InvalidAuditFilter(InvalidInput):
    code = "invalid_filter"
    title = "Invalid filter"
