"""row-level security: the application role and a tenant policy on every tenant-owned table
(PostgreSQL only; SQLite relies on the ORM scoping alone)

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from olympus.core.tenancy import app_role_statements, rls_statements

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _role() -> str:
    """DATABASE_APP_ROLE, as `olympus migrate` passes it."""
    return str(context.config.attributes.get("app_role") or "olympus_app")


def _tenant_tables() -> list[str]:
    rows = op.get_bind().execute(
        sa.text(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'tenant_id' "
            "ORDER BY table_name"
        )
    )
    return [row[0] for row in rows]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    role = _role()
    for statement in app_role_statements(role):
        op.execute(statement)
    for table in _tenant_tables():
        for statement in rls_statements(table, role):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _tenant_tables():
        op.execute(f"DROP POLICY IF EXISTS tenant_isolation ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
