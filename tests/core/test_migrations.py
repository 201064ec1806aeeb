"""The Alembic migrations build, on a fresh database of either engine, exactly the schema the
models describe, and undo it again."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from olympus.config import Settings
from olympus.core.migrations import alembic_config, upgrade_async
from olympus.models import metadata
from olympus.platform.webhooks.service import secret_box
from tests.fixtures.apps import IN_CI, POSTGRES_ADMIN_URL


@pytest.fixture
async def fresh_postgres() -> AsyncIterator[str]:
    """An empty PostgreSQL database of this test's own, dropped afterwards."""
    name = f"olympus_migr_{uuid.uuid4().hex[:10]}"
    try:
        admin = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        if IN_CI:
            raise
        pytest.skip(f"PostgreSQL unreachable ({exc})")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql+asyncpg", database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


async def inspect(url: str) -> tuple[list[Any], set[str], str | None]:
    """The differences from the models, the tables, and the revision of a database."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            differences = await conn.run_sync(schema_differences)
            tables = set(await conn.run_sync(lambda c: c.dialect.get_table_names(c)))
            revision = await conn.run_sync(
                lambda c: MigrationContext.configure(c).get_current_revision()
            )
    finally:
        await engine.dispose()
    return differences, tables, revision


def head() -> str:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"the migrations have diverged into several heads: {heads}"
    return heads[0]


async def downgrade_async(url: str, revision: str) -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(url), revision)


def test_the_migrations_form_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None
    assert {r.revision for r in revisions} >= {"0001", "0002"}
    assert head() == revisions[0].revision


async def check_round_trip(url: str) -> None:
    await upgrade_async(url)
    differences, tables, revision = await inspect(url)
    assert differences == [], differences
    assert revision == head()
    assert set(metadata.tables) <= tables

    await downgrade_async(url, "base")
    _, tables, revision = await inspect(url)
    assert revision is None
    assert tables <= {"alembic_version"}

    await upgrade_async(url)
    differences, _, revision = await inspect(url)
    assert differences == [] and revision == head()


async def test_sqlite_migrates_to_the_models_and_back(tmp_path: Path) -> None:
    await check_round_trip(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")


async def test_the_comparison_sees_a_missing_migration(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
    await upgrade_async(url, "0001")
    differences, _, revision = await inspect(url)
    assert revision == "0001"
    added = {d[1].name for d in differences if d[0] == "add_table"}
    assert "idempotency_keys" in added


async def test_postgres_migrates_to_the_models_and_back(fresh_postgres: str) -> None:
    await check_round_trip(fresh_postgres)


# --- 0028: the webhooks' signing secrets sealed ----------------------------------------------


def _key_settings() -> Settings:
    return Settings(_env_file=None, jwt_secret="m" * 48)


_TENANTS = sa.table(
    "tenants",
    *(sa.column(c, sa.String()) for c in ("slug", "name", "status")),
    sa.column("id", sa.Uuid()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_PLAIN_WEBHOOKS = sa.table(
    "webhooks",
    *(sa.column(c, sa.String()) for c in ("url", "description", "secret")),
    *(sa.column(c, sa.Uuid()) for c in ("tenant_id", "id")),
    sa.column("events", sa.JSON()),
    sa.column("active", sa.Boolean()),
    sa.column("consecutive_failures", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


async def _plain_webhook(url: str, secret: str) -> None:
    """A tenant and its webhook as the database held them before 0028."""
    now = datetime.now(UTC)
    tenant_id = uuid.uuid4()
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                _TENANTS.insert().values(
                    id=tenant_id,
                    slug=f"old-{tenant_id.hex[:8]}",
                    name="Old",
                    status="active",
                    created_at=now,
                    updated_at=now,
                )
            )
            await conn.execute(
                _PLAIN_WEBHOOKS.insert().values(
                    tenant_id=tenant_id,
                    id=uuid.uuid4(),
                    url="https://hooks.example.com/",
                    events=["*"],
                    description="",
                    secret=secret,
                    active=True,
                    consecutive_failures=0,
                    created_at=now,
                    updated_at=now,
                )
            )
    finally:
        await engine.dispose()


async def _column(url: str, name: str) -> list[Any]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return list((await conn.execute(sa.text(f"SELECT {name} FROM webhooks"))).scalars())
    finally:
        await engine.dispose()


async def check_secrets_sealed(url: str) -> None:
    """Upgrading seals the plain secrets with the service's key; downgrading opens them."""
    settings = _key_settings()
    await upgrade_async(url, "0025")
    await _plain_webhook(url, "whsec_plain_one")
    await _plain_webhook(url, "whsec_plain_two")
    await upgrade_async(url, head(), settings=settings)

    sealed = await _column(url, "sealed_secret")
    assert all(b"whsec_plain" not in bytes(s) for s in sealed)
    box = secret_box(settings)  # the app's box opens what the migration sealed
    assert sorted(str(box.open(bytes(s))) for s in sealed) == ["whsec_plain_one", "whsec_plain_two"]
    differences, _, revision = await inspect(url)
    assert revision == head() and differences == [], differences

    config = alembic_config(url, settings=settings)
    await asyncio.to_thread(command.downgrade, config, "0025")
    assert sorted(await _column(url, "secret")) == ["whsec_plain_one", "whsec_plain_two"]


async def test_sqlite_seals_the_existing_webhook_secrets(tmp_path: Path) -> None:
    await check_secrets_sealed(f"sqlite+aiosqlite:///{tmp_path / 'secrets.db'}")


async def test_postgres_seals_the_existing_webhook_secrets(fresh_postgres: str) -> None:
    await check_secrets_sealed(fresh_postgres)
