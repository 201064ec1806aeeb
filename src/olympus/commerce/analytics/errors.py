"""Errors of analytics."""

from olympus.core.errors import InvalidInput


class InvalidPeriod(InvalidInput):
    code = "invalid_period"
    title = "The report's period can't be read"


class TooManyPeriods(InvalidInput):
    code = "too_many_periods"
    title = "The report would have too many periods"
