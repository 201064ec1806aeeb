"""Settings from the environment: production refuses to run without a real secret, development
makes one and keeps it, URLs users paste are accepted, lists are parsed."""

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from olympus.config import DEV_SECRET_FILE, ConfigError, Settings, normalise_database_url

LONG_SECRET = "s" * 32


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A clean environment in an empty directory (no `.env` nearby)."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return monkeypatch


def test_production_without_a_secret_is_refused(env: pytest.MonkeyPatch) -> None:
    env.setenv("ENVIRONMENT", "production")
    with pytest.raises(ConfigError, match=r"JWT_SECRET must be set to at least 32 bytes"):
        Settings()


def test_production_with_a_short_secret_is_refused(env: pytest.MonkeyPatch) -> None:
    env.setenv("ENVIRONMENT", "production")
    env.setenv("JWT_SECRET", "s" * 31)
    with pytest.raises(ConfigError, match="JWT_SECRET"):
        Settings()


def test_production_with_a_long_secret_runs(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("ENVIRONMENT", "production")
    env.setenv("JWT_SECRET", LONG_SECRET)
    settings = Settings()
    assert settings.signing_secret == LONG_SECRET
    assert not (tmp_path / DEV_SECRET_FILE).exists()


def test_a_short_secret_is_refused_in_development_too(env: pytest.MonkeyPatch) -> None:
    env.setenv("ENVIRONMENT", "development")
    env.setenv("JWT_SECRET", "short")
    with pytest.raises(ConfigError, match="shorter than 32 bytes"):
        Settings()


def test_development_generates_a_secret_and_keeps_it(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = Settings().signing_secret
    path = tmp_path / DEV_SECRET_FILE
    assert path.read_text().strip() == first
    assert len(first.encode()) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # A restart (a new Settings) signs with the same key, so tokens stay valid.
    assert Settings().signing_secret == first


def test_secrets_differ_between_installations(tmp_path: Path, env: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert Settings(data_dir=a).signing_secret != Settings(data_dir=b).signing_secret


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/shop", "postgresql+asyncpg://u:p@db:5432/shop"),
        ("postgresql://u@db/shop", "postgresql+asyncpg://u@db/shop"),
        ("postgresql+asyncpg://u@db/shop", "postgresql+asyncpg://u@db/shop"),
        ("sqlite:///data/olympus.db", "sqlite+aiosqlite:///data/olympus.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
    ],
)
def test_database_urls_are_normalised(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected


def test_database_url_from_the_environment(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("DATABASE_URL", "postgres://shop@db.internal/olympus")
    settings = Settings()
    assert settings.effective_database_url == "postgresql+asyncpg://shop@db.internal/olympus"
    assert not settings.is_sqlite
    assert not settings.should_auto_migrate

    env.delenv("DATABASE_URL")
    embedded = Settings()
    assert embedded.effective_database_url == f"sqlite+aiosqlite:///{tmp_path / 'olympus.db'}"
    assert embedded.should_auto_migrate


def test_cors_origins_are_a_comma_list(env: pytest.MonkeyPatch) -> None:
    env.setenv("CORS_ORIGINS", "https://shop.example.com, https://admin.example.com ,,")
    assert Settings().cors_origins == ["https://shop.example.com", "https://admin.example.com"]
    env.delenv("CORS_ORIGINS")
    assert Settings().cors_origins == []


def test_a_dotenv_file_is_read(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ENVIRONMENT=test\nPORT=9001\nLOG_LEVEL=debug\n")
    settings = Settings()
    assert (settings.environment, settings.port, settings.log_level) == ("test", 9001, "DEBUG")


@pytest.mark.parametrize(("name", "value"), [("LOG_LEVEL", "LOUD"), ("PORT", "70000")])
def test_invalid_values_are_refused(env: pytest.MonkeyPatch, name: str, value: str) -> None:
    env.setenv(name, value)
    with pytest.raises(ValidationError, match=name.lower()):
        Settings()
