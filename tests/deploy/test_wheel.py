"""The wheel carries everything the service needs: built from the checkout, installed into a
fresh virtualenv, then `olympus migrate` and `olympus serve` run from an empty folder against
PostgreSQL, with no file of the checkout in reach. This is the part of the container image's
build that runs where there is no container daemon.

The new virtualenv gets the dependencies of the test environment through a path file (they
are not the subject here, and installing them again would take minutes); its own
site-packages comes first, so `olympus` is the wheel's copy, not the checkout's."""

import asyncio
import os
import site
import subprocess
import sys
import time
import venv
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.fixtures.apps import (
    IN_CI,
    TEST_SECRET,
    _create_postgres_database,
    _drop_postgres_database,
)
from tests.fixtures.servers import free_port

REPO = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.deploy, pytest.mark.postgres]


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--quiet", "-w", out, REPO, cwd=out,
    )  # fmt: skip
    [built] = out.glob("olympus_core-*.whl")
    return built


def test_the_wheel_carries_the_migrations_and_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    versions = (REPO / "migrations" / "versions").glob("*.py")
    migrations = {f"olympus/_migrations/versions/{p.name}" for p in versions}
    assert migrations and migrations <= names
    assert {
        "olympus/_migrations/env.py",
        "olympus/_migrations/script.py.mako",
        "olympus/auth/common-passwords.txt.gz",
    } <= names
    data_files = {
        str(p.relative_to(REPO / "src"))
        for p in (REPO / "src/olympus").rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    }
    assert data_files <= names
    if IN_CI:  # built before the tests (`make dashboard`), ignored by git, shipped all the same
        assert "olympus/static/dashboard/index.html" in names


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the wheel installed; its `bin` folder."""
    home = tmp_path_factory.mktemp("venv") / "olympus"
    venv.create(home, with_pip=False, symlinks=True)
    python = home / "bin" / "python"
    purelib = _run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=home
    ).strip()
    # The test environment's packages, after the virtualenv's own (see the module's note).
    dependencies = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "test-dependencies.pth").write_text("\n".join(dependencies) + "\n")
    _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet",
        wheel, cwd=home,
    )  # fmt: skip
    return home / "bin"


@pytest.fixture
async def database() -> AsyncIterator[str]:
    try:
        url = await _create_postgres_database()
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    try:
        yield url.replace("postgresql+asyncpg://", "postgresql://")
    finally:
        await _drop_postgres_database(url)


async def test_migrate_and_serve_from_an_empty_folder(
    installed: Path, database: str, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {
        "PATH": f"{installed}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ENVIRONMENT": "production",
        "DATABASE_URL": database,
        "JWT_SECRET": TEST_SECRET,
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "LOG_LEVEL": "INFO",
        "API_DOCS": "true",  # served from the wheel's own assets
    }
    where = await asyncio.to_thread(
        _run, installed / "python", "-c", "import olympus; print(olympus.__file__)",
        cwd=empty, env=env,
    )  # fmt: skip
    assert where.startswith(str(installed.parent)), where  # the wheel's copy

    migrated = await asyncio.to_thread(_run, installed / "olympus", "migrate", cwd=empty, env=env)
    assert migrated.startswith("applied 0001 → "), migrated

    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603, ASYNC220 (our own installed command)
            [str(installed / "olympus"), "serve"], cwd=empty, env=env, stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{env['PORT']}"
        async with httpx.AsyncClient(base_url=base, timeout=5) as client:
            deadline = time.monotonic() + 120
            while True:
                assert server.poll() is None, log.read_text()
                try:
                    ready = await client.get("/ready")
                    if ready.status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, log.read_text()
                await asyncio.sleep(0.3)
            assert ready.json()["checks"] == {"database": "ok"}
            assert (await client.get("/health")).json() == {"status": "ok"}
            docs = await client.get("/docs")
            assert docs.status_code == 200, docs.text
            asset = await client.get("/static/docs/swagger-ui-bundle.js")
            assert asset.status_code == 200 and len(asset.content) > 10_000
            if IN_CI or (REPO / "src/olympus/static/dashboard/index.html").is_file():
                page = await client.get("/dashboard/")  # the dashboard, from the wheel
                assert page.status_code == 200, page.text
                assert "script-src 'self'" in page.headers["content-security-policy"]
            login = await client.post(
                "/api/v1/auth/login",
                json={"tenant": "nobody", "email": "a@example.com", "password": "x" * 12},
            )
            assert login.status_code in {401, 404}, login.text  # the API answers, no 500
    finally:
        server.terminate()
        await asyncio.to_thread(server.wait, 30)
    # uvicorn shuts down gracefully, then ends by the signal it was sent
    assert server.returncode in {0, -15}, log.read_text()
    assert "Application shutdown complete" in log.read_text()
    assert "Traceback" not in log.read_text()
    assert os.listdir(empty) == []  # nothing written beside it in production
