"""SQL for the UTC hour and the UTC day a stored timestamp falls in, on both engines: what
rollups are keyed by. The value reads back as an aware UTC datetime, like any stored time."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from olympus.core.db import UTCDateTime

# SQLite stores times as 'YYYY-MM-DD HH:MM:SS.ffffff' text (UTC): the truncation keeps that shape.
_SQLITE_FORMAT = {"hour": "%Y-%m-%d %H:00:00.000000", "day": "%Y-%m-%d 00:00:00.000000"}


class _UtcHour(FunctionElement[datetime]):
    type = UTCDateTime()
    name = "utc_hour"
    inherit_cache = True


class _UtcDay(FunctionElement[datetime]):
    type = UTCDateTime()
    name = "utc_day"
    inherit_cache = True


def _postgres(unit: str, element: Any, compiler: SQLCompiler, **kw: Any) -> str:
    # Truncated in UTC whatever the session's TimeZone, then a timestamptz again.
    arg = compiler.process(element.clauses, **kw)
    return f"(date_trunc('{unit}', {arg} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')"


def _sqlite(unit: str, element: Any, compiler: SQLCompiler, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"strftime('{_SQLITE_FORMAT[unit]}', {arg})"


@compiles(_UtcHour)
def _hour_default(element: _UtcHour, compiler: SQLCompiler, **kw: Any) -> str:
    return _postgres("hour", element, compiler, **kw)


@compiles(_UtcHour, "sqlite")
def _hour_sqlite(element: _UtcHour, compiler: SQLCompiler, **kw: Any) -> str:
    return _sqlite("hour", element, compiler, **kw)


@compiles(_UtcDay)
def _day_default(element: _UtcDay, compiler: SQLCompiler, **kw: Any) -> str:
    return _postgres("day", element, compiler, **kw)


@compiles(_UtcDay, "sqlite")
def _day_sqlite(element: _UtcDay, compiler: SQLCompiler, **kw: Any) -> str:
    return _sqlite("day", element, compiler, **kw)


def hour_of(column: Any) -> sa.ColumnElement[datetime]:
    """The start of the UTC hour of a timestamp column."""
    return _UtcHour(column)


def day_of(column: Any) -> sa.ColumnElement[datetime]:
    """The start of the UTC day of a timestamp column."""
    return _UtcDay(column)


# A stretch of time at one location: (location id, start inclusive, end exclusive).
Window = tuple[uuid.UUID, datetime, datetime]


def within(windows: Sequence[Window] | None, location: Any, at: Any) -> sa.ColumnElement[bool]:
    """Rows whose `location` and time `at` fall in one of `windows` (None: every row)."""
    if windows is None:
        return sa.true()
    if not windows:
        return sa.false()
    return sa.or_(*(sa.and_(location == loc, at >= start, at < end) for loc, start, end in windows))
