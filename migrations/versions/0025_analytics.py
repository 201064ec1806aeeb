"""analytics: hourly rollups of sales, payments and products (and products by day), under
row-level security on PostgreSQL; indexes on when orders were paid and payments and refunds
decided, which the rollups are recomputed from

Revision ID: 0025
Revises: 0021
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

from olympus.core.tenancy import rls_statements

revision: str = "0025"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "analytics_sales_hours",
    "analytics_payment_hours",
    "analytics_product_hours",
    "analytics_product_days",
)


def _role() -> str:
    """DATABASE_APP_ROLE, as `olympus migrate` passes it."""
    return str(context.config.attributes.get("app_role") or "olympus_app")


def _tenant(table: str) -> list[Any]:
    return [
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f(f"fk_{table}_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
    ]


def _counts(*names: str) -> list[sa.Column[int]]:
    return [sa.Column(name, sa.BigInteger(), nullable=False) for name in names]


def upgrade() -> None:
    op.create_table(
        "analytics_sales_hours",
        *_tenant("analytics_sales_hours"),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        *_counts("orders", "revenue", "discount_total", "tax_total", "items_sold", "refunds"),
        sa.PrimaryKeyConstraint(
            "tenant_id", "location_id", "hour", name=op.f("pk_analytics_sales_hours")
        ),
    )
    op.create_index("ix_analytics_sales_hours_hour", "analytics_sales_hours", ["tenant_id", "hour"])
    op.create_table(
        "analytics_payment_hours",
        *_tenant("analytics_payment_hours"),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("processor", sa.String(length=20), nullable=False),
        *_counts("payments", "amount", "refund_count", "refunded"),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "location_id",
            "hour",
            "method",
            "processor",
            name=op.f("pk_analytics_payment_hours"),
        ),
    )
    op.create_index(
        "ix_analytics_payment_hours_hour", "analytics_payment_hours", ["tenant_id", "hour"]
    )
    op.create_table(
        "analytics_product_hours",
        *_tenant("analytics_product_hours"),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("hour", sa.DateTime(timezone=True), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        *_counts("quantity", "revenue"),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "location_id",
            "hour",
            "product_id",
            name=op.f("pk_analytics_product_hours"),
        ),
    )
    op.create_index(
        "ix_analytics_product_hours_hour", "analytics_product_hours", ["tenant_id", "hour"]
    )
    op.create_table(
        "analytics_product_days",
        *_tenant("analytics_product_days"),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.DateTime(timezone=True), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        *_counts("quantity", "revenue"),
        sa.PrimaryKeyConstraint(
            "tenant_id",
            "location_id",
            "day",
            "product_id",
            name=op.f("pk_analytics_product_days"),
        ),
    )
    op.create_index("ix_analytics_product_days_day", "analytics_product_days", ["tenant_id", "day"])
    op.create_index(
        "ix_order_timeline_paid",
        "order_timeline",
        ["tenant_id", "created_at"],
        postgresql_where=sa.text("kind = 'transition' AND to_status = 'paid'"),
        sqlite_where=sa.text("kind = 'transition' AND to_status = 'paid'"),
    )
    op.create_index(
        "ix_payments_captured",
        "payments",
        ["tenant_id", "decided_at"],
        postgresql_where=sa.text("status = 'succeeded'"),
        sqlite_where=sa.text("status = 'succeeded'"),
    )
    op.create_index(
        "ix_payment_refunds_given",
        "payment_refunds",
        ["tenant_id", "decided_at"],
        postgresql_where=sa.text("status = 'succeeded'"),
        sqlite_where=sa.text("status = 'succeeded'"),
    )

    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for statement in rls_statements(table, _role()):
                op.execute(statement)


def downgrade() -> None:
    op.drop_index("ix_payment_refunds_given", table_name="payment_refunds")
    op.drop_index("ix_payments_captured", table_name="payments")
    op.drop_index("ix_order_timeline_paid", table_name="order_timeline")
    for table in reversed(TABLES):
        op.drop_table(table)
