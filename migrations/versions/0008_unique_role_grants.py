"""one grant of a role per user and place

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("role_grants", schema=None) as batch_op:
        batch_op.create_index(
            "uq_role_grants_at_location",
            ["tenant_id", "user_id", "role_id", "location_id"],
            unique=True,
            sqlite_where=sa.text("location_id IS NOT NULL"),
            postgresql_where=sa.text("location_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_role_grants_tenant_wide",
            ["tenant_id", "user_id", "role_id"],
            unique=True,
            sqlite_where=sa.text("location_id IS NULL"),
            postgresql_where=sa.text("location_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("role_grants", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_role_grants_tenant_wide",
            sqlite_where=sa.text("location_id IS NULL"),
            postgresql_where=sa.text("location_id IS NULL"),
        )
        batch_op.drop_index(
            "uq_role_grants_at_location",
            sqlite_where=sa.text("location_id IS NOT NULL"),
            postgresql_where=sa.text("location_id IS NOT NULL"),
        )
