"""Running the Alembic migrations (`olympus migrate`, and the embedded default at start)."""

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

from olympus.config import Settings


def script_location() -> Path:
    """`migrations/` of a source checkout, or the copy packaged inside a wheel."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package.parent.parent / "migrations", package / "_migrations"):
        if (candidate / "env.py").exists():
            return candidate
    raise RuntimeError("the migrations folder is missing from this installation")


DEFAULT_APP_ROLE = "olympus_app"


def alembic_config(
    database_url: str, *, app_role: str = "", settings: Settings | None = None
) -> Config:
    """`app_role`: the PostgreSQL role the service runs as (DATABASE_APP_ROLE). `settings`:
    the service's, for migrations that seal stored secrets with its keys (without them,
    such a migration reads the settings from the environment, as the service would)."""
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["database_url"] = database_url
    config.attributes["app_role"] = app_role or DEFAULT_APP_ROLE
    if settings is not None:
        config.attributes["settings"] = settings
    return config


def upgrade(
    database_url: str,
    revision: str = "head",
    *,
    app_role: str = "",
    settings: Settings | None = None,
) -> None:
    command.upgrade(alembic_config(database_url, app_role=app_role, settings=settings), revision)


async def upgrade_async(
    database_url: str,
    revision: str = "head",
    *,
    app_role: str = "",
    settings: Settings | None = None,
) -> None:
    """Alembic runs its own event loop; give it a thread."""
    await asyncio.to_thread(upgrade, database_url, revision, app_role=app_role, settings=settings)
