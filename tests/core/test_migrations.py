"""The Alembic migrations build, on a fresh database of either engine, exactly the schema the
models describe, and undo it again."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from olympus.core.migrations import alembic_config, upgrade_async
from olympus.models import metadata
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
