"""inventory: stock levels per sellable unit and location, the append-only ledger of
movements (on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE of it), reservations
and their lines; each table under row-level security on PostgreSQL

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from olympus.core.tenancy import rls_statements

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("stock_levels", "stock_movements", "reservations", "reservation_lines")
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION olympus_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


def _role() -> str:
    """DATABASE_APP_ROLE, as `olympus migrate` passes it."""
    return str(context.config.attributes.get("app_role") or "olympus_app")


def upgrade() -> None:
    op.create_table(
        "reservations",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'committed', 'released', 'expired')",
            name=op.f("ck_reservations_status"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "location_id"],
            ["locations.tenant_id", "locations.id"],
            name=op.f("fk_reservations_tenant_id_location_id_locations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_reservations_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_reservations")),
    )
    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.create_index("ix_reservations_due", ["status", "expires_at"], unique=False)

    op.create_table(
        "reservation_lines",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("reservation_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_reservation_lines_quantity")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["products.tenant_id", "products.id"],
            name=op.f("fk_reservation_lines_tenant_id_product_id_products"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "reservation_id"],
            ["reservations.tenant_id", "reservations.id"],
            name=op.f("fk_reservation_lines_tenant_id_reservation_id_reservations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_reservation_lines_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "reservation_id", "product_id", name=op.f("pk_reservation_lines")
        ),
    )
    op.create_table(
        "stock_levels",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("on_hand", sa.BigInteger(), nullable=False),
        sa.Column("reserved", sa.BigInteger(), nullable=False),
        sa.Column("low_stock_threshold", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "low_stock_threshold IS NULL OR low_stock_threshold >= 0",
            name=op.f("ck_stock_levels_threshold"),
        ),
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_stock_levels_on_hand")),
        sa.CheckConstraint(
            "reserved >= 0 AND reserved <= on_hand", name=op.f("ck_stock_levels_reserved")
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "location_id"],
            ["locations.tenant_id", "locations.id"],
            name=op.f("fk_stock_levels_tenant_id_location_id_locations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "product_id"],
            ["products.tenant_id", "products.id"],
            name=op.f("fk_stock_levels_tenant_id_product_id_products"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_levels_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "tenant_id", "location_id", "product_id", name=op.f("pk_stock_levels")
        ),
    )
    with op.batch_alter_table("stock_levels", schema=None) as batch_op:
        batch_op.create_index("ix_stock_levels_product", ["tenant_id", "product_id"], unique=False)

    op.create_table(
        "stock_movements",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("location_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("on_hand_delta", sa.BigInteger(), nullable=False),
        sa.Column("reserved_delta", sa.BigInteger(), nullable=False),
        sa.Column("on_hand_after", sa.BigInteger(), nullable=False),
        sa.Column("reserved_after", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("reference_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('receipt', 'sale', 'adjustment', 'transfer_out', 'transfer_in', 'reservation', 'release')",
            name=op.f("ck_stock_movements_kind"),
        ),
        sa.CheckConstraint("on_hand_after >= 0", name=op.f("ck_stock_movements_on_hand_after")),
        sa.CheckConstraint(
            "reserved_after >= 0 AND reserved_after <= on_hand_after",
            name=op.f("ck_stock_movements_reserved_after"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "location_id", "product_id"],
            ["stock_levels.tenant_id", "stock_levels.location_id", "stock_levels.product_id"],
            name=op.f("fk_stock_movements_tenant_id_location_id_product_id_stock_levels"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_stock_movements_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_stock_movements")),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stock_movements_level",
            ["tenant_id", "product_id", "location_id", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_stock_movements_product", ["tenant_id", "product_id", "id"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for statement in rls_statements(table, _role()):
                op.execute(statement)
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute(
            "CREATE TRIGGER stock_movements_append_only BEFORE UPDATE OR DELETE ON "
            "stock_movements FOR EACH ROW EXECUTE FUNCTION olympus_ledger_append_only()"
        )
        op.execute(
            "CREATE TRIGGER stock_movements_no_truncate BEFORE TRUNCATE ON stock_movements "
            "FOR EACH STATEMENT EXECUTE FUNCTION olympus_ledger_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS stock_movements_no_truncate ON stock_movements")
        op.execute("DROP TRIGGER IF EXISTS stock_movements_append_only ON stock_movements")
        op.execute("DROP FUNCTION IF EXISTS olympus_ledger_append_only()")
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movements_product")
        batch_op.drop_index("ix_stock_movements_level")

    op.drop_table("stock_movements")
    with op.batch_alter_table("stock_levels", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_levels_product")

    op.drop_table("stock_levels")
    op.drop_table("reservation_lines")
    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.drop_index("ix_reservations_due")

    op.drop_table("reservations")
