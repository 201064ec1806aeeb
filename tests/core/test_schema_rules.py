"""Tenant isolation is structural: every tenant-owned table leads its primary key with
`tenant_id`, every unique rule includes it, and every reference to another tenant-owned table
carries it, so the database itself refuses a cross-tenant row (and Citus can distribute every
table by tenant). Only the tables listed here may be global."""

import sqlalchemy as sa

import olympus.models  # noqa: F401  (every table registers itself on the metadata)
from olympus.core.db import Base

# Reference tables, the same for every tenant. Adding one is a decision: write it here.
GLOBAL_TABLES = frozenset({"tenants"})


def is_tenant_owned(table: sa.Table) -> bool:
    return "tenant_id" in table.c


def violations(metadata: sa.MetaData, global_tables: frozenset[str]) -> list[str]:
    problems: list[str] = []
    for table in metadata.sorted_tables:
        name = table.name
        if not is_tenant_owned(table):
            if name not in global_tables:
                problems.append(f"{name}: no tenant_id and not an allowed global table")
            continue
        if table.c.tenant_id.nullable:
            problems.append(f"{name}: tenant_id is nullable")
        pk = [c.name for c in table.primary_key.columns]
        if not pk or pk[0] != "tenant_id":
            problems.append(f"{name}: primary key {pk} does not start with tenant_id")
        for constraint in table.constraints:
            if isinstance(constraint, sa.UniqueConstraint):
                columns = [c.name for c in constraint.columns]
                if "tenant_id" not in columns:
                    problems.append(f"{name}: unique constraint {columns} lacks tenant_id")
        for index in table.indexes:
            columns = [c.name for c in index.columns]
            if index.unique and "tenant_id" not in columns:
                problems.append(f"{name}: unique index {columns} lacks tenant_id")
        for fk in table.foreign_key_constraints:
            target = fk.referred_table
            if not is_tenant_owned(target):
                continue
            pairs = {(e.parent.name, e.column.name) for e in fk.elements}
            if ("tenant_id", "tenant_id") not in pairs:
                local = [c.name for c in fk.columns]
                problems.append(
                    f"{name}: foreign key {local} -> {target.name} does not carry tenant_id"
                )
    for name in global_tables - set(metadata.tables):
        problems.append(f"{name}: allowed as global but no such table")
    return problems


def test_the_schema_follows_the_tenant_rules() -> None:
    assert violations(Base.metadata, GLOBAL_TABLES) == []


def test_the_metadata_holds_the_tables_of_every_domain() -> None:
    tables = set(Base.metadata.tables)
    assert {"tenants", "users", "events", "idempotency_keys"} <= tables
    assert sum(is_tenant_owned(t) for t in Base.metadata.tables.values()) >= 5


def test_the_rules_catch_each_kind_of_breach() -> None:
    metadata = sa.MetaData()
    uuid = sa.Uuid()
    sa.Table("tenants", metadata, sa.Column("id", uuid, primary_key=True))
    sa.Table(
        "products",
        metadata,
        sa.Column("tenant_id", uuid, sa.ForeignKey("tenants.id"), primary_key=True),
        sa.Column("id", uuid, primary_key=True),
        sa.Column("sku", sa.String(20)),
        sa.Column("barcode", sa.String(20)),
        sa.UniqueConstraint("sku"),
        sa.Index("ix_barcode", "barcode", unique=True),
    )
    sa.Table(
        "order_lines",
        metadata,
        sa.Column("id", uuid, primary_key=True),
        sa.Column("tenant_id", uuid, nullable=True),
        sa.Column("product_id", uuid, sa.ForeignKey("products.id")),
    )
    sa.Table("countries", metadata, sa.Column("code", sa.String(2), primary_key=True))

    found = violations(metadata, frozenset({"tenants", "currencies"}))

    expected = [
        "order_lines: tenant_id is nullable",
        "order_lines: primary key ['id'] does not start with tenant_id",
        "order_lines: foreign key ['product_id'] -> products does not carry tenant_id",
        "products: unique constraint ['sku'] lacks tenant_id",
        "products: unique index ['barcode'] lacks tenant_id",
        "countries: no tenant_id and not an allowed global table",
        "currencies: allowed as global but no such table",
    ]
    assert sorted(found) == sorted(expected)
