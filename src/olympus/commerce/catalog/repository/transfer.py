"""The CSV import's and export's statements. The import reads what it needs for a whole file
in a few statements and writes products with one INSERT ... ON CONFLICT (tenant_id, sku)
DO UPDATE per chunk; the export reads top-level products page by page, by id (keyset),
with each one's category path."""

import uuid
from collections.abc import Sequence
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row

from olympus.commerce.catalog.repository.tables import CATEGORIES, PRODUCTS, category_subtree
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork

# Rows per statement: 1000 rows of 19 columns stay far below both engines' limit on bound
# parameters (32,767 on PostgreSQL, 32,766 on SQLite).
UPSERT_CHUNK = 1000
# SQLite binds an IN list value by value: lookups go in chunks there.
_LOOKUP_CHUNK = 5000
# What the import may change of an existing product, by CSV column.
IMPORTED_FIELDS = (
    "name",
    "description",
    "price",
    "currency",
    "status",
    "category_id",
    "attributes",
    "tax_class",
    "image_urls",
    "barcode",
)


def _text_array(values: Sequence[str]) -> sa.BindParameter[Any]:
    return sa.bindparam("values", list(values), type_=postgresql.ARRAY(sa.String))


async def products_by_skus(
    uow: ReadUnitOfWork, skus: Sequence[str], *, lock: bool = False
) -> list[Row[Any]]:
    """The rows (variants too) with these SKUs. `lock=True` (a writing import) holds them
    until the transaction ends, taken in id order like every lock of `locks.py`, so the
    fields an import reads are the ones it overwrites (on SQLite the writing transaction
    holds the database's write lock already)."""
    if not skus:
        return []
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    columns = [PRODUCTS.c.id, PRODUCTS.c.parent_id, PRODUCTS.c.sku]
    columns += [PRODUCTS.c[name] for name in IMPORTED_FIELDS]
    if conn.dialect.name == "postgresql":
        stmt = (
            sa.select(*columns)
            .where(PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.sku == sa.any_(_text_array(skus)))
            .order_by(PRODUCTS.c.id)
        )
        if lock:
            stmt = stmt.with_for_update()
        return list((await conn.execute(stmt)).all())
    found: list[Row[Any]] = []
    for start in range(0, len(skus), _LOOKUP_CHUNK):
        chunk = skus[start : start + _LOOKUP_CHUNK]
        stmt = sa.select(*columns).where(
            PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.sku.in_(chunk)
        )
        found.extend((await conn.execute(stmt)).all())
    return found


async def skus_by_barcodes(uow: ReadUnitOfWork, barcodes: Sequence[str]) -> dict[str, str]:
    """{barcode: SKU of the product holding it} for those of these barcodes in use."""
    if not barcodes:
        return {}
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    if conn.dialect.name == "postgresql":
        stmt = sa.select(PRODUCTS.c.barcode, PRODUCTS.c.sku).where(
            PRODUCTS.c.tenant_id == tenant_id,
            PRODUCTS.c.barcode == sa.any_(_text_array(barcodes)),
        )
        return {row.barcode: row.sku for row in await conn.execute(stmt)}
    held: dict[str, str] = {}
    for start in range(0, len(barcodes), _LOOKUP_CHUNK):
        chunk = barcodes[start : start + _LOOKUP_CHUNK]
        stmt = sa.select(PRODUCTS.c.barcode, PRODUCTS.c.sku).where(
            PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.barcode.in_(chunk)
        )
        held.update({row.barcode: row.sku for row in await conn.execute(stmt)})
    return held


async def category_paths(uow: ReadUnitOfWork) -> list[Row[Any]]:
    """(id, path) of every category of the tenant."""
    conn = await uow.session.connection()
    stmt = sa.select(CATEGORIES.c.id, CATEGORIES.c.path).where(
        CATEGORIES.c.tenant_id == uow.require_tenant()
    )
    return list((await conn.execute(stmt)).all())


async def with_variants(uow: ReadUnitOfWork, product_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Those of these products that have variants."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    found: set[uuid.UUID] = set()
    for start in range(0, len(product_ids), _LOOKUP_CHUNK):
        chunk = product_ids[start : start + _LOOKUP_CHUNK]
        rows = await conn.scalars(
            sa.select(PRODUCTS.c.parent_id)
            .where(PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.parent_id.in_(chunk))
            .distinct()
        )
        found.update(rows)
    return found


def _dialect_insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


# PostgreSQL: each chunk's rows travel as one array per column, unnested into the INSERT: a
# statement of a fixed shape, prepared once, whatever the number of rows (a multi-row VALUES
# list costs SQLAlchemy and the planner about a millisecond a row).
_UPSERT_CHUNK_POSTGRES = 10_000
_UNNESTED = (
    ("id", "uuid"),
    ("sku", "text"),
    ("name", "text"),
    ("description", "text"),
    ("price", "bigint"),
    ("currency", "text"),
    ("status", "text"),
    ("category_id", "uuid"),
    ("attributes", "text"),
    ("tax_class", "text"),
    ("image_urls", "text"),
    ("barcode", "text"),
)
_ARRAY_TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    "uuid": postgresql.ARRAY(sa.Uuid()),
    "text": postgresql.ARRAY(sa.Text()),
    "bigint": postgresql.ARRAY(sa.BigInteger()),
}
_JSON_COLUMNS = ("attributes", "image_urls")


def _upsert_sql(update: Sequence[str]) -> str:
    arrays = ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in _UNNESTED)
    names = ", ".join(name for name, _ in _UNNESTED)
    values = ", ".join(
        f"u.{name}::json" if name in _JSON_COLUMNS else f"u.{name}" for name, _ in _UNNESTED
    )
    assignments = ", ".join(f"{name} = excluded.{name}" for name in (*update, "updated_at"))
    # Built from the column names above and IMPORTED_FIELDS only; every value is bound.
    return (
        "INSERT INTO products (tenant_id, parent_id, options, option_values, created_at, "  # noqa: S608
        f"updated_at, {names}) "
        f"SELECT :tenant_id, NULL, '[]'::json, '{{}}'::json, :now, :now, {values} "
        f"FROM unnest({arrays}) AS u({names}) "
        f"ON CONFLICT (tenant_id, sku) DO UPDATE SET {assignments} "
        "WHERE products.parent_id IS NULL RETURNING sku, id"
    )


async def _upsert_on_postgres(
    uow: WriteUnitOfWork, rows: Sequence[dict[str, Any]], update: Sequence[str]
) -> dict[str, uuid.UUID]:
    conn = await uow.session.connection()
    stmt = sa.text(_upsert_sql(update)).bindparams(
        *(sa.bindparam(name, type_=_ARRAY_TYPES[kind]) for name, kind in _UNNESTED),
        sa.bindparam("tenant_id", type_=sa.Uuid()),
        sa.bindparam("now", type_=sa.DateTime(timezone=True)),
    )
    written: dict[str, uuid.UUID] = {}
    for start in range(0, len(rows), _UPSERT_CHUNK_POSTGRES):
        chunk = rows[start : start + _UPSERT_CHUNK_POSTGRES]
        params: dict[str, Any] = {
            name: [
                orjson.dumps(row[name]).decode() if name in _JSON_COLUMNS else row[name]
                for row in chunk
            ]
            for name, _ in _UNNESTED
        }
        params["tenant_id"] = uow.require_tenant()
        params["now"] = chunk[0]["updated_at"]
        written.update({row.sku: row.id for row in await conn.execute(stmt, params)})
    return written


async def upsert_products(
    uow: WriteUnitOfWork, rows: Sequence[dict[str, Any]], *, update: Sequence[str]
) -> dict[str, uuid.UUID]:
    """Insert each top-level product row (every column but `tenant_id`), or, where its SKU
    exists, set the columns `update` from it. A SKU held by a variant is left alone (and
    missing from the answer). {SKU: id} of the rows written. (All rows carry one
    `updated_at`, the import's time.)"""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    if conn.dialect.name == "postgresql":
        return await _upsert_on_postgres(uow, rows, update)
    insert = _dialect_insert(conn.dialect.name)
    written: dict[str, uuid.UUID] = {}
    for start in range(0, len(rows), UPSERT_CHUNK):
        chunk = rows[start : start + UPSERT_CHUNK]
        stmt = insert(PRODUCTS).values([dict(row, tenant_id=tenant_id) for row in chunk])
        stmt = stmt.on_conflict_do_update(
            index_elements=["tenant_id", "sku"],
            set_={name: stmt.excluded[name] for name in (*update, "updated_at")},
            where=PRODUCTS.c.parent_id.is_(None),
        ).returning(PRODUCTS.c.sku, PRODUCTS.c.id)
        written.update({row.sku: row.id for row in await conn.execute(stmt)})
    return written


async def export_page(
    uow: ReadUnitOfWork,
    *,
    status: str | None,
    category_id: uuid.UUID | None,
    after_id: uuid.UUID | None,
    limit: int,
) -> list[Row[Any]]:
    """Up to `limit` top-level products after `after_id` in id order, archived ones too,
    each with `category_path`."""
    tenant_id = uow.require_tenant()
    conn = await uow.session.connection()
    joined = PRODUCTS.outerjoin(
        CATEGORIES,
        sa.and_(
            CATEGORIES.c.tenant_id == PRODUCTS.c.tenant_id,
            CATEGORIES.c.id == PRODUCTS.c.category_id,
        ),
    )
    columns = [PRODUCTS.c.id, PRODUCTS.c.sku]
    columns += [PRODUCTS.c[name] for name in IMPORTED_FIELDS]
    stmt = (
        sa.select(*columns, CATEGORIES.c.path.label("category_path"))
        .select_from(joined)
        .where(PRODUCTS.c.tenant_id == tenant_id, PRODUCTS.c.parent_id.is_(None))
    )
    if status is not None:
        stmt = stmt.where(PRODUCTS.c.status == status)
    if category_id is not None:
        subtree = category_subtree(tenant_id, category_id)
        stmt = stmt.where(PRODUCTS.c.category_id.in_(sa.select(subtree.c.id)))
    if after_id is not None:
        stmt = stmt.where(PRODUCTS.c.id > after_id)
    stmt = stmt.order_by(PRODUCTS.c.id).limit(limit)
    return list((await conn.execute(stmt)).all())
