"""The engines of the service: the primary's and, with DATABASE_READ_URL, a read replica's.
Their pools, SQLite's write gate, the switch to the application role, and what PostgreSQL
behind a transaction-mode pooler (PgBouncer) needs: a server connection belongs to a client
for one transaction only, so nothing may be set per connection (the role is set per
transaction) and no prepared statement may outlive its transaction."""

import json
import re
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from olympus.core.sqlite import WriteGate, configure_sqlite
from olympus.core.tenancy import use_app_role, use_app_role_per_transaction

# Connection poolers that hand a server connection to a client for one transaction only.
TRANSACTION_POOLERS = ("pgbouncer",)


def _unnamed_statement() -> str:
    """asyncpg's unnamed statement: prepared and run within one transaction, so on the one
    server connection a transaction-mode pooler gives it, and replaced by the next one
    (named statements would outlive the transaction on a connection another client gets)."""
    return ""


_LONG_NUMBER = re.compile(r"\d{19}")


def _json_loads(text: str) -> Any:
    """JSON columns as read from the database: with orjson (a page of 50 products decodes
    about 250 documents), but with the standard library when a number might pass 64 bits
    (orjson would make a float of such an integer)."""
    if _LONG_NUMBER.search(text):
        return json.loads(text)
    return orjson.loads(text)


def _options(url: str, *, echo: bool, pooler: str, write_wait_seconds: float) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # Writers wait for the write gate holding a pooled connection (not a lock), so the
        # pool may grow; a checkout waits no longer than a writer would.
        return {
            "echo": echo,
            "json_deserializer": _json_loads,
            "connect_args": {"timeout": write_wait_seconds},
            "pool_size": 10,
            "max_overflow": 54,
            "pool_timeout": write_wait_seconds,
        }
    # No pre-ping (it costs three round trips per checkout); connections are recycled
    # instead, and a dead one fails its request once and is replaced.
    options: dict[str, Any] = {
        "echo": echo,
        "json_deserializer": _json_loads,
        "pool_size": 20,
        "max_overflow": 20,
        "pool_recycle": 1800,
    }
    if pooler:
        options["connect_args"] = {
            "statement_cache_size": 0,
            "prepared_statement_cache_size": 0,
            "prepared_statement_name_func": _unnamed_statement,
        }
    return options


def create_engines(
    url: str,
    *,
    read_url: str = "",
    echo: bool = False,
    app_role: str = "",
    pooler: str = "",
    write_wait_seconds: float = 5.0,
) -> tuple[AsyncEngine, AsyncEngine, WriteGate | None]:
    """The primary's engine, the replica's (the primary's when there is none) and, on
    SQLite, the write gate."""
    is_sqlite = url.startswith("sqlite")
    if read_url and (is_sqlite or read_url.startswith("sqlite")):
        raise ValueError("a read replica (DATABASE_READ_URL) is a PostgreSQL setting")
    if pooler and (is_sqlite or pooler not in TRANSACTION_POOLERS):
        raise ValueError(
            f"DATABASE_POOLER={pooler!r} is not supported here: it takes "
            f"{' or '.join(TRANSACTION_POOLERS)} with a PostgreSQL DATABASE_URL"
        )
    options = _options(url, echo=echo, pooler=pooler, write_wait_seconds=write_wait_seconds)
    primary = create_async_engine(url, **options)
    replica = create_async_engine(read_url, **options) if read_url else primary
    if is_sqlite:
        gate = WriteGate(write_wait_seconds)
        configure_sqlite(primary, gate)
        return primary, replica, gate
    for engine in dict.fromkeys((primary, replica)):
        if app_role and pooler:
            use_app_role_per_transaction(engine, app_role)
        elif app_role:
            use_app_role(engine, app_role)
    return primary, replica, None
