"""events: a committed transaction that wrote events notifies the relays (LISTEN
olympus_events), so every replica's relay publishes at once instead of at its next poll

Revision ID: 0018
Revises: 0014
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # the embedded SQLite has one process: its relay is woken in process
    # One notification per statement; PostgreSQL folds identical notifications of one
    # transaction into one and delivers it at commit (never for a rolled-back one).
    op.execute(
        """
        CREATE FUNCTION olympus_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('olympus_events', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER events_notify AFTER INSERT ON events "
        "FOR EACH STATEMENT EXECUTE FUNCTION olympus_events_notify()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS events_notify ON events")
    op.execute("DROP FUNCTION IF EXISTS olympus_events_notify()")
