"""The OpenAPI schema as a client generator reads it (bearer security where a token is needed,
the shared dependencies' errors on every route, one title per code, readable operation ids),
docs that load nothing from outside, the home page, and parse errors that say what is wrong."""

import importlib
import pkgutil
import re
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

import olympus
from olympus.core.errors import DomainError
from tests.fixtures.accounts import TenantInfo, login_owner
from tests.fixtures.problems import assert_problem

CODES = re.compile(r"`([a-z0-9_]+)`")


def _codes(operation: dict[str, Any], status: str) -> set[str]:
    return set(CODES.findall(operation["responses"].get(status, {}).get("description", "")))


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]


@pytest.fixture
def schema(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def test_bearer_security_is_declared_where_a_token_is_needed(schema: dict[str, Any]) -> None:
    scheme = schema["components"]["securitySchemes"]["bearerAuth"]
    assert scheme == scheme | {"type": "http", "scheme": "bearer"}
    operations = {(p, m): op for p, m, op in _operations(schema)}
    assert operations[("/api/v1/products", "get")]["security"] == [{"bearerAuth": []}]
    assert operations[("/api/v1/auth/me", "get")]["security"] == [{"bearerAuth": []}]
    for public in (("/api/v1/auth/login", "post"), ("/health", "get"), ("/ready", "get")):
        assert "security" not in operations[public], public
    # Every operation that answers `invalid_token` needs a token, and says so (but those that
    # spend a refresh token, in the body or in the dashboard's cookie).
    refreshes = {"/api/v1/auth/refresh", "/dashboard/session/refresh"}
    for path, method, op in _operations(schema):
        if "invalid_token" in _codes(op, "401") and path not in refreshes:
            assert op.get("security") == [{"bearerAuth": []}], (path, method)


def test_shared_dependencies_list_their_errors_on_every_route(schema: dict[str, Any]) -> None:
    ops = {(p, m): op for p, m, op in _operations(schema)}
    for key in (("/api/v1/permissions", "get"), ("/api/v1/settings", "get")):
        assert {"invalid_token", "tenant_suspended", "not_authenticated"} <= _codes(
            ops[key], "401"
        ) | _codes(ops[key], "403"), key
    for path, _method, op in _operations(schema):
        if op.get("security"):
            every = set().union(*(_codes(op, s) for s in op["responses"]))
            assert {"not_authenticated", "invalid_token", "tenant_suspended"} <= every, path
    tenant_update = ops[("/api/v1/tenants/{tenant_id}", "patch")]
    description = tenant_update["responses"]["403"]["description"]
    assert description.count("`permission_denied`") == 1


def test_one_title_per_code() -> None:
    for module in pkgutil.walk_packages(olympus.__path__, "olympus."):
        importlib.import_module(module.name)

    def every(cls: type[DomainError]) -> list[type[DomainError]]:
        return [c for sub in cls.__subclasses__() for c in (sub, *every(sub))]

    titles: dict[str, set[str]] = {}
    for error in every(DomainError):
        titles.setdefault(error.code, set()).add(error.title)
    assert {code: t for code, t in titles.items() if len(t) > 1} == {}


def test_operation_ids_are_unique_and_readable(schema: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in _operations(schema)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids), ids
    ops = {(p, m): op["operationId"] for p, m, op in _operations(schema)}
    assert ops[("/api/v1/products", "get")] == "products_list"
    assert ops[("/api/v1/products", "post")] == "product_create"
    assert ops[("/api/v1/auth/login", "post")] == "auth_login"


def test_body_routes_document_the_unsupported_media_type(schema: dict[str, Any]) -> None:
    for path, method, op in _operations(schema):
        if "application/json" in op.get("requestBody", {}).get("content", {}):
            assert _codes(op, "415") == {"unsupported_media_type"}, (path, method)


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_docs_load_only_local_assets(client: httpx.AsyncClient, page: str) -> None:
    r = await client.get(page)
    assert r.status_code == 200
    parser = _Assets()
    parser.feed(r.text)
    assert parser.urls
    for url in parser.urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.content


async def test_the_home_page_links_docs_health_and_version(client: httpx.AsyncClient) -> None:
    r = await client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    for link in ('href="/docs"', 'href="/health"', olympus.__version__):
        assert link in r.text


async def test_docs_and_assets_are_labelled_in_the_metrics(client: httpx.AsyncClient) -> None:
    await client.get("/docs")
    await client.get("/openapi.json")
    await client.get("/static/docs/swagger-ui.css")
    metrics = (await client.get("/metrics")).text
    for route in ("/docs", "/openapi.json", "/static/docs/{path}"):
        assert f'route="{route}"' in metrics, route
    r = await client.get("/metrics")
    assert r.headers["content-type"].startswith("text/plain")


async def test_a_json_error_names_its_line_and_column(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/v1/auth/login",
        content=b'{"tenant": "acme",\n  "email": ,}',
        headers={"content-type": "application/json"},
    )
    body = assert_problem(r, 422, "validation_error")
    assert "line 2, column 12" in body["detail"], body["detail"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_a_body_that_is_not_json_is_415(
    client: httpx.AsyncClient, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    r = await client.post("/api/v1/auth/login", content=b'{"tenant": "x"}', headers=headers)
    assert_problem(r, 415, "unsupported_media_type")


async def test_a_body_that_is_not_utf8_is_a_validation_error(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/api/v1/auth/login",
        content=b'{"tenant": "\xff"}',
        headers={"content-type": "application/json"},
    )
    assert_problem(r, 422, "validation_error")


async def test_a_query_date_time_must_be_rfc3339(
    client: httpx.AsyncClient, tenant: TenantInfo
) -> None:
    owner = await login_owner(client, tenant)
    for value in ("0.5", "1700000000", "2026-01-01"):
        r = await client.get("/api/v1/audit-logs", headers=owner.headers, params={"to": value})
        assert_problem(r, 422, "validation_error")
    r = await client.get(
        "/api/v1/audit-logs", headers=owner.headers, params={"to": "2026-01-01T00:00:00Z"}
    )
    assert r.status_code == 200
