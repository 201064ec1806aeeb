"""A running service for the clients' end-to-end tests: `olympus serve` on a loopback port
(SQLite, in-process cache), a platform operator made at start-up and a tenant with its owner
made through the API."""

import os
import shutil
import signal
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.fixtures.accounts import PASSWORD
from tests.fixtures.apps import IN_CI, TEST_SECRET
from tests.fixtures.servers import start_serve

ROOT = Path(__file__).resolve().parents[2]
TYPESCRIPT = ROOT / "clients" / "typescript"


@dataclass(frozen=True)
class Service:
    url: str
    tenant: str
    email: str
    password: str


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    data_dir = tmp_path_factory.mktemp("service")
    operator = f"operator-{uuid.uuid4().hex[:8]}@example.com"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_"))},
        "ENVIRONMENT": "test",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite+aiosqlite:///{data_dir / 'olympus.db'}",
        "REDIS_URL": "",
        "SMTP_URL": "",
        "JWT_SECRET": TEST_SECRET,
        "LOG_LEVEL": "WARNING",
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_TIME_COST": "1",
        "OLYMPUS_ADMIN_EMAIL": operator,
        "OLYMPUS_ADMIN_PASSWORD": PASSWORD,
    }
    serve = start_serve(env, data_dir)
    try:
        serve.wait_ready(60)
        slug = f"c-{uuid.uuid4().hex[:10]}"
        owner = f"owner@{slug}.example.com"
        with httpx.Client(base_url=serve.url, timeout=30) as http:
            signed_in = http.post(
                "/api/v1/auth/login",
                json={"tenant": "platform", "email": operator, "password": PASSWORD},
            )
            assert signed_in.status_code == 200, signed_in.text
            token = signed_in.json()["access_token"]
            made = http.post(
                "/api/v1/tenants",
                headers={"Authorization": f"Bearer {token}"},
                json={
                    "slug": slug,
                    "name": "Client Shop",
                    "owner": {"email": owner, "password": PASSWORD, "full_name": "Owner"},
                },
            )
            assert made.status_code == 201, made.text
        yield Service(serve.url, slug, owner, PASSWORD)
    finally:
        serve.stop(signal.SIGINT)


def _major_version(node: str) -> int:
    answer = subprocess.run(  # noqa: S603 (the node found on the PATH)
        [node, "--version"], capture_output=True, text=True, timeout=30
    )
    digits = answer.stdout.strip().lstrip("v").split(".")[0]
    return int(digits) if digits.isdigit() else 0


def node_or_skip() -> str:
    """The `node` executable (Node >= 18) with the TypeScript client's packages installed;
    without them the test is skipped, or fails under CI=true."""
    node = shutil.which("node")
    missing = ""
    if node is None:
        missing = "node is not installed (apt-get install nodejs npm)"
    elif _major_version(node) < 18:
        missing = f"node is older than 18 ({node})"
    elif not (TYPESCRIPT / "node_modules" / "openapi-fetch").exists():
        missing = "clients/typescript has no node_modules (run `npm ci` there)"
    if missing:
        if IN_CI:
            pytest.fail(f"{missing}; CI=true requires it", pytrace=False)
        pytest.skip(missing)
    assert node is not None
    return node
