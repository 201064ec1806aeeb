"""webhooks: a tenant's endpoints and their deliveries, under row-level security on
PostgreSQL; the owner and admin roles of existing tenants get `webhooks:manage`

Revision ID: 0022
Revises: 0019
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from olympus.core.tenancy import UNSCOPED_SETTING, rls_statements

revision: str = "0022"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("webhooks", "webhook_deliveries")
PERMISSION = "webhooks:manage"


def _role() -> str:
    """DATABASE_APP_ROLE, as `olympus migrate` passes it."""
    return str(context.config.attributes.get("app_role") or "olympus_app")


def upgrade() -> None:
    op.create_table(
        "webhooks",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_webhooks_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_webhooks")),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("webhook_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'failed')",
            name=op.f("ck_webhook_deliveries_status"),
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_webhook_deliveries_attempts")),
        sa.ForeignKeyConstraint(
            ["tenant_id", "webhook_id"],
            ["webhooks.tenant_id", "webhooks.id"],
            name=op.f("fk_webhook_deliveries_tenant_id_webhook_id_webhooks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_webhook_deliveries_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint(
            "tenant_id",
            "webhook_id",
            "event_id",
            name=op.f("uq_webhook_deliveries_tenant_id_webhook_id_event_id"),
        ),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_deliveries_due", ["status", "next_attempt_at"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for statement in rls_statements(table, _role()):
                op.execute(statement)
    _grant_to_system_roles()


def _grant_to_system_roles() -> None:
    """Owners and admins hold every permission: existing tenants' get the new one too."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # every tenant's roles, under row-level security
        bind.execute(sa.text(f"SELECT set_config('{UNSCOPED_SETTING}', 'on', true)"))
    roles = sa.table(
        "roles",
        sa.column("tenant_id", sa.Uuid()),
        sa.column("id", sa.Uuid()),
        sa.column("name", sa.String()),
        sa.column("is_system", sa.Boolean()),
        sa.column("permissions", sa.JSON()),
    )
    rows = bind.execute(
        sa.select(roles.c.tenant_id, roles.c.id, roles.c.permissions).where(
            roles.c.is_system.is_(True), roles.c.name.in_(["owner", "admin"])
        )
    ).all()
    for tenant_id, role_id, permissions in rows:
        current = json.loads(permissions) if isinstance(permissions, str) else list(permissions)
        if PERMISSION in current:
            continue
        bind.execute(
            roles.update()
            .where(roles.c.tenant_id == tenant_id, roles.c.id == role_id)
            .values(permissions=sorted([*current, PERMISSION]))
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_deliveries_due")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhooks")
