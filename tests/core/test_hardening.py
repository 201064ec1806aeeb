"""Client input never causes a 5xx, whatever a query string, a path or a token holds; 405
answers name every method of the path; the API docs can be turned off (and are, by default,
in production)."""

import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from olympus.app import create_app
from tests.auth.test_tokens import bearer, claims_of, forge, header_of
from tests.fixtures.accounts import Account, TenantInfo, login_owner, make_operator
from tests.fixtures.apps import Backend, MovableClock, make_settings
from tests.fixtures.problems import assert_problem


async def test_a_date_beyond_utc_is_a_validation_error(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    for params in (
        {"from": "9999-12-31T23:59:59-14:00"},
        {"to": "0001-01-01T00:00:00+14:00"},
    ):
        r = await client.get("/api/v1/audit-logs", headers=owner.headers, params=params)
        assert_problem(r, 422, "validation_error")


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/users", "q=a%00b"),
        ("/api/v1/locations", "q=%00"),
        ("/api/v1/audit-logs", "action=%00"),
        ("/api/v1/roles", "cursor=%00"),
    ],
)
async def test_a_nul_character_in_a_query_is_a_validation_error(
    client: httpx.AsyncClient, tenant: TenantInfo, path: str, query: str
) -> None:
    owner = await login_owner(client, tenant)
    r = await client.get(f"{path}?{query}", headers=owner.headers)
    body = assert_problem(r, 422, "validation_error")
    assert body["errors"][0]["loc"][0] == "query"


async def test_a_nul_character_in_a_path_is_a_validation_error(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    r = await client.get("/api/v1/locations/a%00b", headers=owner.headers)
    assert_problem(r, 422, "validation_error")


EVIL_VALUES = [
    "\x00",
    "a\x00b",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "x" * 5000,
    "%",
    "' OR 1=1 --",
    "*",
    "\u202e\ud7ff",
    "",
]


def _query_routes(app: FastAPI) -> list[tuple[str, str, list[str]]]:
    schema = app.openapi()
    routes = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            if names:
                routes.append((method.upper(), path, names))
    return routes


async def test_no_query_value_causes_a_server_error(
    app: FastAPI, client: httpx.AsyncClient, clock: MovableClock
) -> None:
    """Every query parameter of every route, as a platform operator (who may call them
    all), with values that broke parsers and databases elsewhere."""
    operator = await make_operator(app, clock, client)
    routes = _query_routes(app)
    assert len(routes) >= 6
    for method, template, names in routes:
        path = template
        for name in ("tenant_id", "user_id", "role_id", "location_id", "id"):
            path = path.replace("{" + name + "}", str(uuid.uuid4()))
        for name in names:
            for value in EVIL_VALUES:
                r = await client.request(
                    method, path, params={name: value}, headers=operator.headers
                )
                assert r.status_code < 500, (method, path, name, value, r.text)


async def test_405_names_every_method_of_the_path(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    r = await client.delete("/api/v1/users", headers=owner.headers)
    assert_problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "GET, POST"
    r = await client.post(f"/api/v1/users/{uuid.uuid4()}", headers=owner.headers)
    assert_problem(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "DELETE, GET, PATCH"


async def _docs_status(settings_overrides: dict[str, Any], backend: Backend, tmp: Any) -> set[int]:
    application = create_app(make_settings(backend, tmp, **settings_overrides), bootstrap=False)
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        return {(await c.get(path)).status_code for path in ("/docs", "/redoc", "/openapi.json")}


async def test_the_api_docs_are_off_in_production_unless_asked_for(
    backend: Backend, tmp_path: Any
) -> None:
    assert await _docs_status({"environment": "development"}, backend, tmp_path) == {200}
    assert await _docs_status({"environment": "production"}, backend, tmp_path) == {404}
    on = {"environment": "production", "api_docs": True}
    assert await _docs_status(on, backend, tmp_path) == {200}
    off = {"environment": "development", "api_docs": False}
    assert await _docs_status(off, backend, tmp_path) == {404}


async def test_a_token_whose_exp_is_a_string_is_refused(
    client: httpx.AsyncClient, account: Account
) -> None:
    claims = claims_of(account)
    claims["exp"] = str(claims["exp"])
    r = await client.get("/api/v1/auth/me", headers=bearer(forge(header_of(account), claims)))
    assert_problem(r, 401, "invalid_token")


@pytest.mark.parametrize("path", ["/api/v1/settings", "/api/v1/users/me/preferences",
                                  "/api/v1/permissions"])  # fmt: skip
async def test_a_token_of_an_account_that_does_not_exist_reads_nothing(
    client: httpx.AsyncClient, account: Account, path: str
) -> None:
    claims = claims_of(account) | {"sub": str(uuid.uuid4()), "sid": str(uuid.uuid4())}
    r = await client.get(path, headers=bearer(forge(header_of(account), claims)))
    assert_problem(r, 401, "invalid_token")


async def _body_status(
    backend: Backend, tmp: Any, content: Any, headers: dict[str, str] | None = None
) -> httpx.Response:
    settings = make_settings(backend, tmp, max_request_bytes=2048)
    application = create_app(settings, bootstrap=False)
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        return await c.post(
            "/api/v1/auth/login",
            content=content,
            headers={"content-type": "application/json", **(headers or {})},
        )


async def test_a_body_over_the_limit_is_413_before_it_is_read(
    backend: Backend, tmp_path: Any
) -> None:
    declared = await _body_status(backend, tmp_path, b'{"tenant": "' + b"x" * 5000 + b'"}')
    assert_problem(declared, 413, "request_too_large")

    async def chunks() -> Any:  # no Content-Length: counted as it arrives
        for _ in range(10):
            yield b"x" * 1000

    streamed = await _body_status(backend, tmp_path, chunks())
    assert_problem(streamed, 413, "request_too_large")
