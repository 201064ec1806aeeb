"""security event log: failed sign-ins, lockouts, refresh-token reuse and refused requests,
aggregated per kind, account, address and window; under row-level security on PostgreSQL

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from olympus.core.tenancy import rls_statements

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _role() -> str:
    """DATABASE_APP_ROLE, as `olympus migrate` passes it."""
    return str(context.config.attributes.get("app_role") or "olympus_app")


def upgrade() -> None:
    op.create_table(
        "security_events",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("account_key", sa.String(length=80), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("email_hint", sa.String(length=120), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.Column("route", sa.String(length=200), nullable=False),
        sa.Column("permission", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_security_events_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_security_events")),
        sa.UniqueConstraint(
            "tenant_id",
            "kind",
            "account_key",
            "ip",
            "permission",
            "window_start",
            name="uq_security_events_aggregate",
        ),
    )
    with op.batch_alter_table("security_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_security_events_tenant_last_seen", ["tenant_id", "last_seen"], unique=False
        )
        batch_op.create_index(
            "ix_security_events_tenant_user", ["tenant_id", "user_id"], unique=False
        )
        batch_op.create_index("ix_security_events_tenant_ip", ["tenant_id", "ip"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        for statement in rls_statements("security_events", _role()):
            op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("security_events", schema=None) as batch_op:
        batch_op.drop_index("ix_security_events_tenant_ip")
        batch_op.drop_index("ix_security_events_tenant_user")
        batch_op.drop_index("ix_security_events_tenant_last_seen")
    op.drop_table("security_events")
