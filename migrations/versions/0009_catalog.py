"""catalog: categories (a tree), products and their variants, prices per location; each table
under row-level security on PostgreSQL, and the trigram index of the product search

On PostgreSQL the search index needs the pg_trgm and btree_gin extensions (both trusted: the
schema's owner may create them). Row-level security lets the planner use an index for a
condition of the query only if the condition's function is LEAKPROOF, and ILIKE's
(`texticlike`) is not marked so: only a superuser may mark it. When this migration runs as one,
it does; otherwise an administrator runs the statement once (docs/OPERATIONS.md), and until
then a search reads every product of the tenant.

Revision ID: 0009
Revises: 0008
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from olympus.core.tenancy import rls_statements

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES = ("categories", "products", "location_prices")
SEARCH_EXTENSIONS = ("pg_trgm", "btree_gin")
ILIKE_FUNCTION = "pg_catalog.texticlike(text, text)"
log = logging.getLogger("alembic.runtime.migration")


def _role() -> str:
    """DATABASE_APP_ROLE, as `olympus migrate` passes it."""
    return str(context.config.attributes.get("app_role") or "olympus_app")


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _is_superuser() -> bool:
    return bool(
        op.get_bind().scalar(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    )


def upgrade() -> None:
    if _is_postgresql():
        for extension in SEARCH_EXTENSIONS:
            op.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")

    op.create_table(
        "categories",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["categories.tenant_id", "categories.id"],
            name=op.f("fk_categories_tenant_id_parent_id_categories"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_categories_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_categories")),
        sa.UniqueConstraint("tenant_id", "path", name=op.f("uq_categories_tenant_id_path")),
    )
    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.create_index(
            "ix_categories_parent", ["tenant_id", "parent_id", "position"], unique=False
        )

    op.create_table(
        "products",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=True),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("tax_class", sa.String(length=64), nullable=False),
        sa.Column("image_urls", sa.JSON(), nullable=False),
        sa.Column("barcode", sa.String(length=64), nullable=True),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("option_values", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'active', 'archived')", name=op.f("ck_products_status")
        ),
        sa.CheckConstraint("price >= 0", name=op.f("ck_products_price")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "category_id"],
            ["categories.tenant_id", "categories.id"],
            name=op.f("fk_products_tenant_id_category_id_categories"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "parent_id"],
            ["products.tenant_id", "products.id"],
            name=op.f("fk_products_tenant_id_parent_id_products"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_products_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_products")),
        sa.UniqueConstraint("tenant_id", "barcode", name=op.f("uq_products_tenant_id_barcode")),
        sa.UniqueConstraint("tenant_id", "sku", name=op.f("uq_products_tenant_id_sku")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index("ix_products_category", ["tenant_id", "category_id"], unique=False)
        batch_op.create_index("ix_products_name", ["tenant_id", "name", "id"], unique=False)
        batch_op.create_index("ix_products_parent", ["tenant_id", "parent_id"], unique=False)
        batch_op.create_index("ix_products_price", ["tenant_id", "price", "id"], unique=False)
        batch_op.create_index(
            "ix_products_search",
            ["tenant_id", "name", "sku", "barcode"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={
                "name": "gin_trgm_ops",
                "sku": "gin_trgm_ops",
                "barcode": "gin_trgm_ops",
            },
        )

    op.create_table(
        "location_prices",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("price >= 0", name=op.f("ck_location_prices_price")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "location_id"],
            ["locations.tenant_id", "locations.id"],
            name=op.f("fk_location_prices_tenant_id_location_id_locations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["products.tenant_id", "products.id"],
            name=op.f("fk_location_prices_tenant_id_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_location_prices_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "product_id", "location_id", name=op.f("pk_location_prices")
        ),
    )
    with op.batch_alter_table("location_prices", schema=None) as batch_op:
        batch_op.create_index(
            "ix_location_prices_location", ["tenant_id", "location_id"], unique=False
        )

    if _is_postgresql():
        for table in TABLES:
            for statement in rls_statements(table, _role()):
                op.execute(statement)
        if _is_superuser():
            op.execute(f"ALTER FUNCTION {ILIKE_FUNCTION} LEAKPROOF")
        else:
            log.warning(
                "The product search can't use its index under row-level security until a "
                "superuser runs: ALTER FUNCTION %s LEAKPROOF;",
                ILIKE_FUNCTION,
            )


def downgrade() -> None:
    if _is_postgresql() and _is_superuser():
        op.execute(f"ALTER FUNCTION {ILIKE_FUNCTION} NOT LEAKPROOF")
    with op.batch_alter_table("location_prices", schema=None) as batch_op:
        batch_op.drop_index("ix_location_prices_location")

    op.drop_table("location_prices")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index("ix_products_search")
        batch_op.drop_index("ix_products_price")
        batch_op.drop_index("ix_products_parent")
        batch_op.drop_index("ix_products_name")
        batch_op.drop_index("ix_products_category")

    op.drop_table("products")
    with op.batch_alter_table("categories", schema=None) as batch_op:
        batch_op.drop_index("ix_categories_parent")

    op.drop_table("categories")
