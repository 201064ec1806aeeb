"""Errors of the security event log."""

from olympus.core.errors import InvalidInput


class InvalidSecurityEventFilter(InvalidInput):
    code = "invalid_filter"
    title = "Invalid filter"
