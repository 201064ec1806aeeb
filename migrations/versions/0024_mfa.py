"""mfa: TOTP factors, recovery codes and pending second steps of sign-in, each under
row-level security on PostgreSQL; how a session was signed in (`amr`) and whether it may
only enrol a factor (`scope`); whether a user has a second factor (`mfa_enabled`)

Revision ID: 0024
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from olympus.core.tenancy import rls_statements

revision: str = "0024"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES = ("mfa_factors", "mfa_recovery_codes", "mfa_challenges")


def _role() -> str:
    """DATABASE_APP_ROLE, as `olympus migrate` passes it."""
    return str(context.config.attributes.get("app_role") or "olympus_app")


def _owned_by_user(table: str) -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(
            ["tenant_id", "user_id"],
            ["users.tenant_id", "users.id"],
            name=op.f(f"fk_{table}_tenant_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f(f"fk_{table}_tenant_id_tenants"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("tenant_id", "id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("mfa_enabled", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("amr", sa.String(length=40), server_default="pwd", nullable=False)
        )
        batch_op.add_column(sa.Column("scope", sa.String(length=20), nullable=True))

    op.create_table(
        "mfa_factors",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("secret_encrypted", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_step", sa.BigInteger(), nullable=True),
        *_owned_by_user("mfa_factors"),
        sa.UniqueConstraint(
            "tenant_id", "user_id", "kind", name=op.f("uq_mfa_factors_tenant_id_user_id_kind")
        ),
    )
    op.create_table(
        "mfa_recovery_codes",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        *_owned_by_user("mfa_recovery_codes"),
        sa.UniqueConstraint(
            "tenant_id",
            "user_id",
            "code_hash",
            name=op.f("uq_mfa_recovery_codes_tenant_id_user_id_code_hash"),
        ),
    )
    op.create_table(
        "mfa_challenges",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=500), nullable=False),
        *_owned_by_user("mfa_challenges"),
        sa.UniqueConstraint(
            "tenant_id", "token_hash", name=op.f("uq_mfa_challenges_tenant_id_token_hash")
        ),
    )

    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            for statement in rls_statements(table, _role()):
                op.execute(statement)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.drop_column("scope")
        batch_op.drop_column("amr")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("mfa_enabled")
