"""reservations: an owner (`owner_kind`, `owner_id`) for the reservations held for an order,
so that only the order moves their stock; the reservations of existing orders get theirs

Revision ID: 0027
Revises: 0026
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from olympus.core.tenancy import UNSCOPED_SETTING

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_kind", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("owner_id", sa.Uuid(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_reservations_owner_kind"), "owner_kind IN ('order')"
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_reservations_owner"), "(owner_kind IS NULL) = (owner_id IS NULL)"
        )
    _own_existing_order_reservations()


def _own_existing_order_reservations() -> None:
    """Every tenant's orders, under row-level security on PostgreSQL."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text(f"SELECT set_config('{UNSCOPED_SETTING}', 'on', true)"))
    reservations = sa.table(
        "reservations",
        sa.column("tenant_id", sa.Uuid()),
        sa.column("id", sa.Uuid()),
        sa.column("owner_kind", sa.String()),
        sa.column("owner_id", sa.Uuid()),
    )
    orders = sa.table(
        "orders",
        sa.column("tenant_id", sa.Uuid()),
        sa.column("id", sa.Uuid()),
        sa.column("reservation_id", sa.Uuid()),
    )
    order_of = (
        sa.select(orders.c.id)
        .where(
            orders.c.tenant_id == reservations.c.tenant_id,
            orders.c.reservation_id == reservations.c.id,
        )
        .limit(1)
        .scalar_subquery()
    )
    bind.execute(
        reservations.update()
        .where(order_of.is_not(None))
        .values(owner_kind="order", owner_id=order_of)
    )


def downgrade() -> None:
    with op.batch_alter_table("reservations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_reservations_owner"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_reservations_owner_kind"), type_="check")
        batch_op.drop_column("owner_id")
        batch_op.drop_column("owner_kind")
