"""Every failure answers an RFC 9457 problem document with a stable code, and never leaks a
stack trace or the text of an unexpected exception."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from olympus.app import create_app
from olympus.core.errors import Conflict, DomainError
from tests.fixtures.apps import Backend, make_settings
from tests.fixtures.problems import assert_problem

LOGIN = "/api/v1/auth/login"


async def test_unknown_route_is_a_404_problem(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/no-such-thing")
    body = assert_problem(r, 404, "not_found")
    assert body["type"].startswith("https://")


async def test_wrong_method_is_a_405_problem(client: httpx.AsyncClient) -> None:
    r = await client.get(LOGIN)
    assert_problem(r, 405, "method_not_allowed")
    assert "POST" in r.headers["allow"]


async def test_malformed_json_is_a_validation_problem(client: httpx.AsyncClient) -> None:
    r = await client.post(
        LOGIN, content=b'{"tenant": "acme", "email": ', headers={"content-type": "application/json"}
    )
    body = assert_problem(r, 422, "validation_error")
    assert body["errors"], body
    for issue in body["errors"]:
        assert set(issue) == {"loc", "msg"}
        assert issue["loc"][0] == "body"


async def test_wrong_types_name_each_field(client: httpx.AsyncClient) -> None:
    r = await client.post(LOGIN, json={"tenant": ["acme"], "email": "not-an-email", "password": 7})
    body = assert_problem(r, 422, "validation_error")
    locs = {tuple(issue["loc"]) for issue in body["errors"]}
    assert {("body", "tenant"), ("body", "email"), ("body", "password")} <= locs
    assert all(isinstance(issue["msg"], str) and issue["msg"] for issue in body["errors"])
    assert body["detail"].startswith("body.")


async def test_unknown_and_missing_fields_are_validation_problems(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post(
        LOGIN,
        json={"tenant": "acme", "email": "a@example.com", "password": "x", "tenant_id": "1"},
    )
    body = assert_problem(r, 422, "validation_error")
    assert {"loc": ["body", "tenant_id"], "msg": "unknown field"} in body["errors"]

    r = await client.post(LOGIN, json={})
    body = assert_problem(r, 422, "validation_error")
    assert {tuple(i["loc"]) for i in body["errors"]} >= {("body", "tenant"), ("body", "email")}


class ShelfFull(Conflict):
    code = "shelf_full"
    title = "Shelf full"

    def extra(self) -> dict[str, object]:
        return {"capacity": 3}


@pytest.fixture
async def throwaway_app(tmp_path: Path) -> AsyncIterator[FastAPI]:
    """A fresh app (not the shared one) with routes that fail on purpose; no request it
    gets touches the database, so it is not started."""
    embedded = Backend("sqlite", f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}", "")
    application = create_app(make_settings(embedded, tmp_path))

    @application.get("/test/crash")
    async def crash() -> None:
        raise RuntimeError("password=hunter2 at db.internal:5432")

    @application.get("/test/domain")
    async def domain() -> None:
        raise ShelfFull("No room for item 4", headers={"Retry-After": "30"})

    @application.get("/test/bare-domain")
    async def bare_domain() -> None:
        raise DomainError()

    yield application


async def test_unexpected_exception_is_an_opaque_500(throwaway_app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=throwaway_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        r = await client.get("/test/crash", headers={"X-Request-ID": "trace-500"})

    body = assert_problem(r, 500, "internal_error")
    assert set(body) == {"type", "title", "status", "detail", "code"}
    for leaked in ("hunter2", "db.internal", "RuntimeError", "Traceback", "crash", ".py"):
        assert leaked not in r.text
    # The operator can still find the logged exception by the request id.
    assert r.headers["x-request-id"] == "trace-500"


async def test_domain_errors_declare_code_status_headers_and_extras(
    throwaway_app: FastAPI,
) -> None:
    transport = httpx.ASGITransport(app=throwaway_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        r = await client.get("/test/domain")
        bare = await client.get("/test/bare-domain")

    body = assert_problem(r, 409, "shelf_full")
    assert body["title"] == "Shelf full"
    assert body["detail"] == "No room for item 4"
    assert body["capacity"] == 3
    assert r.headers["retry-after"] == "30"
    assert_problem(bare, 400, "error")
