"""Set-based inserts of many rows of one tenant (history imports, demo data): on PostgreSQL
the rows are streamed with COPY into a temporary staging table, then moved into the table
with one `INSERT ... SELECT` (COPY can't write into a table under row-level security, and
the move lets the policies, constraints and foreign keys check every row as usual); on
SQLite they go in as multi-row inserts, a chunk at a time. Either way `tenant_id` is the
unit of work's, bound by this module, never taken from the rows.

The caller names the columns (without `tenant_id`) and gives one tuple per row in that
order; JSON columns take Python values. No ORM, no events, no audit: each domain decides in
its own `bulk_insert_history` what its rows mean."""

import json
from collections.abc import Iterable, Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection

from olympus.core.db import WriteUnitOfWork

SQLITE_CHUNK = 2000
_PG = postgresql.dialect()  # type: ignore[no-untyped-call]


async def insert_rows(
    uow: WriteUnitOfWork,
    table: sa.Table,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Insert `rows` (tuples in the order of `columns`) into `table`, a tenant-owned table,
    for the unit of work's tenant, in its transaction. Answers how many rows went in."""
    tenant_id = uow.require_tenant()
    if "tenant_id" in columns:
        raise ValueError("tenant_id is the unit of work's; leave it out of the columns")
    unknown = [c for c in columns if c not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no column {unknown[0]!r}")
    conn = await uow.session.connection()
    if conn.dialect.name == "postgresql":
        return await _copy(conn, table, tenant_id, columns, rows)
    return await _insert_many(conn, table, tenant_id, columns, rows)


def _is_json(column: sa.Column[Any]) -> bool:
    return isinstance(column.type, sa.JSON)


async def _copy(
    conn: AsyncConnection,
    table: sa.Table,
    tenant_id: Any,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    json_at = [i for i, name in enumerate(columns) if _is_json(table.c[name])]
    records: Iterable[Sequence[Any]] = rows
    if json_at:
        records = (_json_encoded(row, json_at) for row in rows)
    staging = f"bulk_{table.name}"
    definitions = ", ".join(
        f'"{name}" {table.c[name].type.compile(dialect=_PG)}' for name in columns
    )
    listed = ", ".join(f'"{name}"' for name in columns)
    # Temporary, private to this connection, gone at the end of the transaction.
    await conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {staging} ({definitions}) ON COMMIT DROP"
    )
    raw = await conn.get_raw_connection()
    driver = cast(Any, raw.driver_connection)
    await driver.copy_records_to_table(staging, records=records, columns=list(columns))
    # The staging table holds no tenant_id: every row gets the unit of work's here. Names
    # come from the table's metadata; the one value is bound. Through SQLAlchemy, so a
    # refused row raises its usual error (IntegrityError) on both engines.
    moved = f'INSERT INTO "{table.name}" (tenant_id, {listed}) SELECT :tenant_id, {listed} FROM '  # noqa: S608
    result = await conn.execute(
        sa.text(moved + staging).bindparams(sa.bindparam("tenant_id", type_=sa.Uuid())),
        {"tenant_id": tenant_id},
    )
    await conn.exec_driver_sql(f"TRUNCATE {staging}")
    return int(result.rowcount)


def _json_encoded(row: Sequence[Any], json_at: Sequence[int]) -> tuple[Any, ...]:
    values = list(row)
    for index in json_at:
        values[index] = json.dumps(values[index], separators=(",", ":"))
    return tuple(values)


async def _insert_many(
    conn: AsyncConnection,
    table: sa.Table,
    tenant_id: Any,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    statement = sa.insert(table).values(tenant_id=tenant_id)
    count = 0
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(dict(zip(columns, row, strict=True)))
        if len(chunk) >= SQLITE_CHUNK:
            await conn.execute(statement, chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        await conn.execute(statement, chunk)
        count += len(chunk)
    return count
