"""webhooks: the signing secrets sealed at rest (`sealed_secret`, bytes, in place of the
plain `secret`); the existing ones sealed with the key the service uses for them (from
SECRETS_KEY, or from the signing secret), so the settings must be the service's

Revision ID: 0028
Revises: 0025
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from olympus.config import Settings
from olympus.core.sealing import SecretBox
from olympus.core.tenancy import UNSCOPED_SETTING

revision: str = "0028"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The webhooks' purpose (`olympus.platform.webhooks.service.SECRETS_PURPOSE`), as it was.
PURPOSE = "webhooks/signing-secrets"

webhooks = sa.table(
    "webhooks",
    sa.column("tenant_id", sa.Uuid()),
    sa.column("id", sa.Uuid()),
    sa.column("secret", sa.String()),
    sa.column("sealed_secret", sa.LargeBinary()),
)


def _box() -> SecretBox:
    """The service's settings as `olympus migrate` and the app pass them, else read from
    the environment as the service reads them."""
    settings = context.config.attributes.get("settings")
    if not isinstance(settings, Settings):
        settings = Settings()
    return SecretBox.from_settings(settings, PURPOSE)


def _every_tenant() -> sa.engine.Connection:
    """The connection, seeing every tenant's rows under row-level security on PostgreSQL."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text(f"SELECT set_config('{UNSCOPED_SETTING}', 'on', true)"))
    return bind


def upgrade() -> None:
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed_secret", sa.LargeBinary(), nullable=True))
    bind = _every_tenant()
    rows = bind.execute(sa.select(webhooks.c.tenant_id, webhooks.c.id, webhooks.c.secret)).all()
    if rows:  # the key is made only when needed (it may be derived from a local file)
        box = _box()
        for tenant_id, webhook_id, secret in rows:
            bind.execute(
                webhooks.update()
                .where(webhooks.c.tenant_id == tenant_id, webhooks.c.id == webhook_id)
                .values(sealed_secret=box.seal(secret))
            )
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.drop_column("secret")
        batch_op.alter_column("sealed_secret", existing_type=sa.LargeBinary(), nullable=False)


def downgrade() -> None:
    """Back in the clear; refused when a secret no longer opens (the key changed: rotate
    those webhooks' secrets, or delete them, first)."""
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("secret", sa.String(length=100), nullable=True))
    bind = _every_tenant()
    rows = bind.execute(
        sa.select(webhooks.c.tenant_id, webhooks.c.id, webhooks.c.sealed_secret)
    ).all()
    if rows:
        box = _box()
        for tenant_id, webhook_id, sealed in rows:
            secret = box.open(bytes(sealed))
            if secret is None:
                raise RuntimeError(
                    f"webhook {webhook_id} (tenant {tenant_id}): its signing secret does not "
                    "open with the configured key; rotate it or delete the webhook first"
                )
            bind.execute(
                webhooks.update()
                .where(webhooks.c.tenant_id == tenant_id, webhooks.c.id == webhook_id)
                .values(secret=secret)
            )
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.drop_column("sealed_secret")
        batch_op.alter_column("secret", existing_type=sa.String(length=100), nullable=False)
