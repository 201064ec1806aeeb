"""The operational endpoints (health, readiness, metrics, OpenAPI) and what every request gets
(a request id, CORS)."""

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from olympus.app import create_app
from olympus.config import Settings
from tests.fixtures.apps import IN_CI, POSTGRES_ADMIN_URL, Backend, make_settings
from tests.fixtures.problems import assert_problem

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A dedicated app, started and stopped like a server would."""
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


def sqlite_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings of a dedicated app on its own SQLite file."""
    embedded = Backend("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}", "")
    return make_settings(embedded, tmp_path, **overrides)


async def test_health(client: httpx.AsyncClient) -> None:
    r = await client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


async def test_ready_checks_each_dependency(client: httpx.AsyncClient, backend: Backend) -> None:
    r = await client.get("/ready")
    assert r.status_code == 200
    expected = {"database": "ok", "redis": "ok"} if backend.redis_url else {"database": "ok"}
    body = r.json()
    assert {k: body[k] for k in ("status", "checks")} == {"status": "ok", "checks": expected}
    assert body["outbox"]["pending"] >= 0


async def test_ready_names_redis_when_it_is_down(tmp_path: Path) -> None:
    # Redis down at start must not stop the process: it serves, and says it is not ready.
    settings = sqlite_settings(tmp_path, redis_url=CLOSED_PORT_REDIS)
    async with serving(settings) as client:
        assert (await client.get("/health")).status_code == 200
        r = await client.get("/ready")
    assert r.status_code == 503
    body = r.json()
    assert (body["status"], body["checks"]) == (
        "unavailable",
        {"database": "ok", "redis": "unavailable"},
    )


async def test_ready_names_the_database_when_it_is_gone(tmp_path: Path) -> None:
    name = f"olympus_ready_{uuid.uuid4().hex[:10]}"
    try:
        admin = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        if IN_CI:
            raise
        pytest.skip(f"PostgreSQL unreachable ({exc})")
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql+asyncpg", database=name)
        own = Backend("postgres", url.render_as_string(hide_password=False), "")
        async with serving(make_settings(own, tmp_path)) as client:
            assert (await client.get("/ready")).status_code == 200
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            r = await client.get("/ready")
            assert r.status_code == 503
            assert r.json() == {
                "status": "unavailable",
                "checks": {"database": "unavailable"},
                "outbox": None,
            }
            assert (await client.get("/health")).status_code == 200
        # ...and it still shut down cleanly without its database.
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def request_count(metrics_text: str, **labels: str) -> float:
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            if sample.name == "olympus_http_requests_total" and sample.labels == labels:
                return float(sample.value)
    return 0.0


async def test_metrics_count_requests_by_route_template_and_status(
    client: httpx.AsyncClient,
) -> None:
    labels = {
        "method": "DELETE",
        "route": "/api/v1/auth/sessions/{session_id}",
        "status": "401",
    }
    before = request_count((await client.get("/metrics")).text, **labels)
    for _ in range(2):
        r = await client.delete(f"/api/v1/auth/sessions/{uuid.uuid4()}")
        assert r.status_code == 401
    await client.get(f"/api/v1/nowhere/{uuid.uuid4()}")

    r = await client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert request_count(r.text, **labels) == before + 2
    # Raw paths never become labels: one series per template, one for every unmatched path.
    assert "/api/v1/nowhere/" not in r.text
    assert request_count(r.text, method="GET", route="<unmatched>", status="404") >= 1
    assert "olympus_http_request_duration_seconds_bucket" in r.text


async def test_a_valid_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    r = await client.get("/health", headers={"X-Request-ID": "req-42.retry:1"})
    assert r.headers["x-request-id"] == "req-42.retry:1"


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Request-ID": "has spaces"}, {"X-Request-ID": "x" * 129}, {"X-Request-ID": ""}],
    ids=["absent", "spaces", "too-long", "empty"],
)
async def test_a_missing_or_invalid_request_id_is_replaced(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    first = await client.get("/health", headers=headers)
    second = await client.get("/health", headers=headers)
    for r in (first, second):
        assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_errors_carry_the_request_id_too(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/auth/me", headers={"X-Request-ID": "trace-401"})
    assert_problem(r, 401, "not_authenticated")
    assert r.headers["x-request-id"] == "trace-401"


async def test_cors_preflight_allows_only_configured_origins(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path, cors_origins="https://shop.example.com")
    preflight = {"Access-Control-Request-Method": "POST"}
    async with serving(settings) as client:
        allowed = await client.options(
            "/api/v1/auth/login",
            headers={
                **preflight,
                "Origin": "https://shop.example.com",
                "Access-Control-Request-Headers": "content-type, idempotency-key",
            },
        )
        refused = await client.options(
            "/api/v1/auth/login", headers={**preflight, "Origin": "https://evil.example.net"}
        )
        simple = await client.get("/health", headers={"Origin": "https://shop.example.com"})
        foreign = await client.get("/health", headers={"Origin": "https://evil.example.net"})

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://shop.example.com"
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "idempotency-key" in allowed.headers["access-control-allow-headers"].lower()
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    assert simple.headers["access-control-allow-origin"] == "https://shop.example.com"
    assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()
    assert "access-control-allow-origin" not in foreign.headers


async def test_no_cors_headers_without_configured_origins(client: httpx.AsyncClient) -> None:
    r = await client.get("/health", headers={"Origin": "https://shop.example.com"})
    assert "access-control-allow-origin" not in r.headers


AUTH_PATHS = {
    "/api/v1/auth/register": "post",
    "/api/v1/auth/login": "post",
    "/api/v1/auth/refresh": "post",
    "/api/v1/auth/logout": "post",
    "/api/v1/auth/logout-all": "post",
    "/api/v1/auth/me": "get",
    "/api/v1/auth/sessions": "get",
    "/api/v1/auth/sessions/{session_id}": "delete",
    "/api/v1/auth/verify-email": "post",
    "/api/v1/auth/verify-email/resend": "post",
    "/api/v1/auth/password-reset/request": "post",
    "/api/v1/auth/password-reset/confirm": "post",
    "/api/v1/auth/password/change": "post",
    "/.well-known/jwks.json": "get",
    "/health": "get",
    "/ready": "get",
    "/metrics": "get",
}


def resolve(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    found: dict[str, Any] = schema
    for part in ref.removeprefix("#/").split("/"):
        found = found[part]
    return found


async def test_openapi_lists_the_auth_paths_and_their_problems(
    client: httpx.AsyncClient,
) -> None:
    r = await client.get("/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    assert schema["openapi"].startswith("3.")
    for path, method in AUTH_PATHS.items():
        assert method in schema["paths"].get(path, {}), f"{method.upper()} {path} missing"

    login = schema["paths"]["/api/v1/auth/login"]["post"]["responses"]
    assert "invalid_credentials" in login["401"]["description"]
    assert "too_many_attempts" in login["429"]["description"]
    # Failures are documented as they are sent: problem+json with its schema.
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for status, response in operation["responses"].items():
                if int(status) < 400 or path == "/ready":  # 503 there is the Readiness body
                    continue
                where = f"{method.upper()} {path} {status}"
                assert set(response["content"]) == {"application/problem+json"}, where
                ref = response["content"]["application/problem+json"]["schema"]["$ref"]
                properties = resolve(schema, ref)["properties"]
                assert {"type", "title", "status", "detail", "code"} <= set(properties), where
    validation = login["422"]["content"]["application/problem+json"]["schema"]["$ref"]
    assert "errors" in resolve(schema, validation)["properties"]


async def test_docs_page(client: httpx.AsyncClient) -> None:
    r = await client.get("/docs")
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    assert "/openapi.json" in r.text
