"""The settings of a scaled-out deployment: a transaction-mode pooler and a read replica are
PostgreSQL settings, refused clearly anywhere else."""

import pytest
from pydantic import ValidationError

from olympus.config import ConfigError, Settings
from olympus.core.db import Database

PG = "postgresql://olympus@127.0.0.1:5432/olympus"


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_the_pooler_needs_postgresql() -> None:
    with pytest.raises(ConfigError, match="DATABASE_POOLER and DATABASE_READ_URL need"):
        settings(database_pooler="pgbouncer")
    assert settings(database_url=PG, database_pooler="pgbouncer").database_pooler == "pgbouncer"


def test_only_known_poolers_are_taken() -> None:
    with pytest.raises(ValidationError, match="database_pooler"):
        settings(database_url=PG, database_pooler="pgpool")
    with pytest.raises(ValueError, match="DATABASE_POOLER='pgbouncer' is not supported"):
        Database("sqlite+aiosqlite:///:memory:", pooler="pgbouncer")
    with pytest.raises(ValueError, match="DATABASE_POOLER='pgpool' is not supported"):
        Database("postgresql+asyncpg://x@127.0.0.1/x", pooler="pgpool")


def test_the_read_replica_needs_postgresql() -> None:
    with pytest.raises(ConfigError, match="DATABASE_POOLER and DATABASE_READ_URL need"):
        settings(database_read_url=PG)
    with pytest.raises(ConfigError, match="DATABASE_READ_URL must be a PostgreSQL URL"):
        settings(database_url=PG, database_read_url="sqlite:///replica.db")
    taken = settings(database_url=PG, database_read_url="postgres://reader@replica/olympus")
    assert taken.effective_database_read_url == "postgresql+asyncpg://reader@replica/olympus"
    with pytest.raises(ValueError, match="DATABASE_READ_URL"):
        Database("sqlite+aiosqlite:///:memory:", read_url="postgresql+asyncpg://x@h/x")
