"""discounts: codes and automatic discounts with their terms and usage limits, and the ledger
of their uses by orders; each table under row-level security on PostgreSQL

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from olympus.core.tenancy import rls_statements

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES = ("discounts", "discount_uses")


def _role() -> str:
    """DATABASE_APP_ROLE, as `olympus migrate` passes it."""
    return str(context.config.attributes.get("app_role") or "olympus_app")


def upgrade() -> None:
    op.create_table(
        "discounts",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("code_key", sa.String(length=40), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("min_subtotal", sa.BigInteger(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("usage_limit", sa.Integer(), nullable=True),
        sa.Column("usage_limit_per_customer", sa.Integer(), nullable=True),
        sa.Column("used_count", sa.Integer(), nullable=False),
        sa.Column("product_ids", sa.JSON(), nullable=False),
        sa.Column("category_ids", sa.JSON(), nullable=False),
        sa.Column("buy_quantity", sa.Integer(), nullable=True),
        sa.Column("get_quantity", sa.Integer(), nullable=True),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "type IN ('percentage', 'fixed', 'buy_x_get_y')", name=op.f("ck_discounts_type")
        ),
        sa.CheckConstraint("status IN ('active', 'archived')", name=op.f("ck_discounts_status")),
        sa.CheckConstraint("value > 0", name=op.f("ck_discounts_value")),
        sa.CheckConstraint("min_subtotal >= 0", name=op.f("ck_discounts_min_subtotal")),
        sa.CheckConstraint("used_count >= 0", name=op.f("ck_discounts_used_count")),
        sa.CheckConstraint(
            "usage_limit IS NULL OR used_count <= usage_limit",
            name=op.f("ck_discounts_used_within_limit"),
        ),
        sa.CheckConstraint(
            "(code_key IS NULL) = automatic", name=op.f("ck_discounts_code_or_automatic")
        ),
        sa.CheckConstraint(
            "starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at",
            name=op.f("ck_discounts_window"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_discounts_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_discounts")),
        sa.UniqueConstraint("tenant_id", "code_key", name=op.f("uq_discounts_tenant_id_code_key")),
    )
    with op.batch_alter_table("discounts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_discounts_automatic", ["tenant_id", "automatic", "status"], unique=False
        )

    op.create_table(
        "discount_uses",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("discount_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id", "discount_id"],
            ["discounts.tenant_id", "discounts.id"],
            name=op.f("fk_discount_uses_tenant_id_discount_id_discounts"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "customer_id"],
            ["customers.tenant_id", "customers.id"],
            name=op.f("fk_discount_uses_tenant_id_customer_id_customers"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_discount_uses_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_discount_uses")),
        sa.UniqueConstraint(
            "tenant_id",
            "discount_id",
            "order_id",
            name=op.f("uq_discount_uses_tenant_id_discount_id_order_id"),
        ),
    )
    with op.batch_alter_table("discount_uses", schema=None) as batch_op:
        batch_op.create_index("ix_discount_uses_order", ["tenant_id", "order_id"], unique=False)
        batch_op.create_index(
            "ix_discount_uses_customer",
            ["tenant_id", "discount_id", "customer_id"],
            unique=False,
        )

    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for statement in rls_statements(table, _role()):
                op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("discount_uses", schema=None) as batch_op:
        batch_op.drop_index("ix_discount_uses_customer")
        batch_op.drop_index("ix_discount_uses_order")

    op.drop_table("discount_uses")
    with op.batch_alter_table("discounts", schema=None) as batch_op:
        batch_op.drop_index("ix_discounts_automatic")

    op.drop_table("discounts")
