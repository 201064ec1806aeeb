"""orders: orders with their items and timeline, and the per-tenant order counter; each table
under row-level security on PostgreSQL

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from olympus.core.tenancy import rls_statements

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES = ("order_counters", "orders", "order_items", "order_timeline")
STATUSES = (
    "'pending', 'paid', 'partially_fulfilled', 'fulfilled', 'completed', 'cancelled', "
    "'partially_refunded', 'refunded'"
)


def _role() -> str:
    """DATABASE_APP_ROLE, as `olympus migrate` passes it."""
    return str(context.config.attributes.get("app_role") or "olympus_app")


def _tenant_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id"],
        ["tenants.id"],
        name=op.f(f"fk_{table}_tenant_id_tenants"),
        ondelete="RESTRICT",
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["tenant_id", column],
        [f"{target}.tenant_id", f"{target}.id"],
        name=op.f(f"fk_{table}_tenant_id_{column}_{target}"),
        ondelete="RESTRICT",
    )


def upgrade() -> None:
    op.create_table(
        "order_counters",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("last_number", sa.BigInteger(), nullable=False),
        _tenant_fk("order_counters"),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_order_counters")),
    )

    op.create_table(
        "orders",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("cart_id", sa.Uuid(), nullable=True),
        sa.Column("reservation_id", sa.Uuid(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("prices_include_tax", sa.Boolean(), nullable=False),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("discount_total", sa.BigInteger(), nullable=False),
        sa.Column("tax_total", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("paid_total", sa.BigInteger(), nullable=False),
        sa.Column("refunded_total", sa.BigInteger(), nullable=False),
        sa.Column("discounts", sa.JSON(), nullable=False),
        sa.Column("cancel_reason", sa.String(length=500), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"status IN ({STATUSES})", name=op.f("ck_orders_status")),
        sa.CheckConstraint("channel IN ('pos', 'online')", name=op.f("ck_orders_channel")),
        sa.CheckConstraint(
            "subtotal >= 0 AND discount_total >= 0 AND tax_total >= 0 AND total >= 0",
            name=op.f("ck_orders_amounts"),
        ),
        sa.CheckConstraint(
            "paid_total >= 0 AND paid_total <= total", name=op.f("ck_orders_paid_total")
        ),
        sa.CheckConstraint(
            "refunded_total >= 0 AND refunded_total <= paid_total",
            name=op.f("ck_orders_refunded_total"),
        ),
        _fk("orders", "location_id", "locations"),
        _fk("orders", "customer_id", "customers"),
        _fk("orders", "reservation_id", "reservations"),
        _tenant_fk("orders"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_orders")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_orders_tenant_id_number")),
        sa.UniqueConstraint("tenant_id", "cart_id", name=op.f("uq_orders_tenant_id_cart_id")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index("ix_orders_location", ["tenant_id", "location_id", "id"])
        batch_op.create_index("ix_orders_customer", ["tenant_id", "customer_id", "id"])
        batch_op.create_index("ix_orders_status", ["tenant_id", "status", "id"])

    op.create_table(
        "order_items",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("subtotal", sa.BigInteger(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("line_total", sa.BigInteger(), nullable=False),
        sa.Column("tax_rate", sa.String(length=20), nullable=False),
        sa.Column("fulfilled_quantity", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_order_items_quantity")),
        sa.CheckConstraint(
            "fulfilled_quantity >= 0 AND fulfilled_quantity <= quantity",
            name=op.f("ck_order_items_fulfilled"),
        ),
        sa.CheckConstraint(
            "unit_price >= 0 AND subtotal >= 0 AND discount >= 0 AND tax >= 0 AND line_total >= 0",
            name=op.f("ck_order_items_amounts"),
        ),
        _fk("order_items", "order_id", "orders"),
        _fk("order_items", "product_id", "products"),
        _tenant_fk("order_items"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_order_items")),
    )
    with op.batch_alter_table("order_items", schema=None) as batch_op:
        batch_op.create_index("ix_order_items_order", ["tenant_id", "order_id", "position"])

    op.create_table(
        "order_timeline",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('created', 'transition', 'payment', 'refund', 'fulfilment', 'note')",
            name=op.f("ck_order_timeline_kind"),
        ),
        _fk("order_timeline", "order_id", "orders"),
        _tenant_fk("order_timeline"),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_order_timeline")),
    )
    with op.batch_alter_table("order_timeline", schema=None) as batch_op:
        batch_op.create_index("ix_order_timeline_order", ["tenant_id", "order_id", "id"])

    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for statement in rls_statements(table, _role()):
                op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("order_timeline", schema=None) as batch_op:
        batch_op.drop_index("ix_order_timeline_order")
    op.drop_table("order_timeline")
    with op.batch_alter_table("order_items", schema=None) as batch_op:
        batch_op.drop_index("ix_order_items_order")
    op.drop_table("order_items")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_status")
        batch_op.drop_index("ix_orders_customer")
        batch_op.drop_index("ix_orders_location")
    op.drop_table("orders")
    op.drop_table("order_counters")
