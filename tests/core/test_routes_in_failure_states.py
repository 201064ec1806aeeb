"""Every route of the application, put in each failure state that applies to it — no token,
an invalid token, an expired token, a suspended tenant, a missing permission, an id that is
not the caller's tenant's, a body that is not JSON, a content type other than JSON, a stale
`If-Match` — answers a status and code its OpenAPI operation declares, so a client generated
from the schema knows every answer it can get."""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from olympus.auth.tokens import TokenSigner
from olympus.core.clock import FrozenClock
from olympus.core.errors import _leaf_routes
from tests.core.test_conditional_requests import KINDS, Kind
from tests.fixtures.accounts import (
    AccountFactory,
    TenantFactory,
    login_owner,
    make_operator,
)
from tests.fixtures.apps import MovableClock

CODES = re.compile(r"`([a-z0-9_]+)`")
PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
# Routes that end the caller's own session: called last would do, but they answer only what
# every bearer route answers, which the other routes cover.
ENDS_SESSION = {("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/auth/logout-all")}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def secured(self) -> bool:
        return bool(self.spec.get("security"))

    @property
    def takes_json(self) -> bool:
        body = self.spec.get("requestBody", {}).get("content", {})
        return "application/json" in body

    def codes(self, status: int) -> set[str]:
        entry = self.spec["responses"].get(str(status), {})
        return set(CODES.findall(entry.get("description", "")))

    def url(self, **values: str) -> str:
        return PARAM.sub(lambda m: values.get(m.group(1), str(uuid.uuid4())), self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _operations(app: FastAPI) -> Iterator[Operation]:
    paths = app.openapi()["paths"]
    for route in _leaf_routes(app.router.routes):
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for method in sorted(route.methods or ()):
            spec = paths.get(route.path_format, {}).get(method.lower())
            if spec is not None:
                yield Operation(method, route.path_format, spec)


def assert_declared(op: Operation, r: httpx.Response, state: str) -> None:
    """The answer's status is one the operation lists, and so is its problem code."""
    where = f"{op} in state {state!r} answered {r.status_code}: {r.text[:300]}"
    assert str(r.status_code) in op.spec["responses"], where
    if r.headers.get("content-type", "").startswith("application/problem+json"):
        assert r.json()["code"] in op.codes(r.status_code), where


async def _call(
    client: httpx.AsyncClient,
    op: Operation,
    headers: dict[str, str] | None = None,
    **kwargs: Any,
) -> httpx.Response:
    return await client.request(op.method, op.url(), headers=headers or {}, **kwargs)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def operations(app: FastAPI) -> list[Operation]:
    return list(_operations(app))


async def test_every_route_is_covered(operations: list[Operation]) -> None:
    # A sanity check of the walk: the API's routes are all there, with their specs.
    assert len(operations) > 100
    assert any(op.path == "/api/v1/products/{product_id}" for op in operations)


async def test_without_a_token_or_with_a_bad_one(
    client: httpx.AsyncClient,
    app: FastAPI,
    operations: list[Operation],
    make_tenant: TenantFactory,
) -> None:
    owner = await login_owner(client, await make_tenant())
    past = FrozenClock(datetime.now(UTC) - timedelta(hours=2))
    signer = TokenSigner(app.state.auth.settings, past)
    expired = signer.issue(
        user_id=uuid.UUID(owner.user_id),
        tenant_id=owner.tenant_id,
        session_id=uuid.UUID(owner.session_id),
    )
    states = {
        "no token": {},
        "invalid token": _bearer("not-a-token"),
        "expired token": _bearer(expired),
    }
    for op in operations:
        if not op.secured:
            continue
        for state, headers in states.items():
            r = await _call(client, op, headers)
            assert r.status_code == 401, f"{op} {state}: {r.status_code} {r.text[:200]}"
            assert_declared(op, r, state)


async def test_a_suspended_tenant(
    client: httpx.AsyncClient,
    app: FastAPI,
    clock: MovableClock,
    operations: list[Operation],
    make_tenant: TenantFactory,
) -> None:
    tenant = await make_tenant()
    owner = await login_owner(client, tenant)
    operator = await make_operator(app, clock, client)
    r = await client.delete(f"/api/v1/tenants/{tenant.id}", headers=operator.headers)
    assert r.status_code == 204, r.text
    for op in operations:
        if op.secured:
            r = await _call(client, op, owner.headers)
            assert r.status_code == 401, f"{op}: {r.status_code} {r.text[:200]}"
            assert_declared(op, r, "suspended tenant")


async def test_a_missing_permission(
    client: httpx.AsyncClient,
    operations: list[Operation],
    make_tenant: TenantFactory,
    make_account: AccountFactory,
) -> None:
    member = await make_account(await make_tenant())  # registered: the customer role only
    refused = 0
    for op in operations:
        if not op.secured or (op.method, op.path) in ENDS_SESSION:
            continue
        if "permission_denied" not in op.codes(403):
            continue
        r = await _call(client, op, member.headers)
        assert_declared(op, r, "missing permission")
        refused += r.status_code == 403
    assert refused > 50


async def test_ids_that_are_not_the_callers_tenants(
    client: httpx.AsyncClient, operations: list[Operation], make_tenant: TenantFactory
) -> None:
    owner = await login_owner(client, await make_tenant())
    for op in operations:
        if not op.secured or "{" not in op.path or (op.method, op.path) in ENDS_SESSION:
            continue
        r = await _call(client, op, owner.headers)
        assert_declared(op, r, "unknown id")


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
async def test_another_tenants_object_is_not_found(
    client: httpx.AsyncClient,
    app: FastAPI,
    make_tenant: TenantFactory,
    kind: Kind,
) -> None:
    ours = await login_owner(client, await make_tenant())
    theirs = await login_owner(client, await make_tenant())
    it = await kind.make(client, theirs)
    if "{" not in _operation_of(app, _specs(app), "GET", it.read).path:
        pytest.skip("a tenant's own settings have no id in their path")
    specs = _specs(app)
    for method, url in (("GET", it.read), (kind.method, it.change), ("DELETE", it.delete)):
        if url is None:
            continue
        op = _operation_of(app, specs, method, url)
        body = kind.change() if method == kind.method else None
        r = await client.request(method, url, json=body, headers=ours.headers)
        assert r.status_code == 404, f"{op}: {r.status_code} {r.text[:200]}"
        assert_declared(op, r, "another tenant's id")


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
async def test_a_stale_if_match(
    client: httpx.AsyncClient, app: FastAPI, make_tenant: TenantFactory, kind: Kind
) -> None:
    owner = await login_owner(client, await make_tenant())
    it = await kind.make(client, owner)
    specs = _specs(app)
    stale = {**owner.headers, "If-Match": '"stale"'}
    for method, url in ((kind.method, it.change), ("DELETE", it.delete)):
        if url is None:
            continue
        op = _operation_of(app, specs, method, url)
        body = kind.change() if method == kind.method else None
        r = await client.request(method, url, json=body, headers=stale)
        assert r.status_code == 412, f"{op}: {r.status_code} {r.text[:200]}"
        assert_declared(op, r, "stale If-Match")
        parameters = {p["name"] for p in op.spec.get("parameters", []) if p["in"] == "header"}
        assert "if-match" in {p.lower() for p in parameters}, op


def _specs(app: FastAPI) -> dict[tuple[str, str], Operation]:
    return {(op.method, op.path): op for op in _operations(app)}


def _operation_of(
    app: FastAPI, specs: dict[tuple[str, str], Operation], method: str, url: str
) -> Operation:
    for (m, path), op in specs.items():
        pattern = "^" + PARAM.sub(r"[^/]+", path) + "$"
        if m == method and re.match(pattern, url):
            return op
    raise AssertionError(f"no route for {method} {url}")


async def test_a_body_that_is_not_json_or_not_sent_as_json(
    client: httpx.AsyncClient, operations: list[Operation], make_tenant: TenantFactory
) -> None:
    owner = await login_owner(client, await make_tenant())
    for op in operations:
        if not op.takes_json:
            continue
        headers = owner.headers if op.secured else {}
        r = await _call(
            client,
            op,
            {**headers, "Content-Type": "application/json"},
            content=b'{"name": ',
        )
        # (a permission the owner lacks, a platform operator's, is checked before the body)
        assert r.status_code in (422, 403), f"{op}: {r.status_code} {r.text[:200]}"
        assert_declared(op, r, "malformed JSON")
        r = await _call(client, op, {**headers, "Content-Type": "text/plain"}, content=b"name")
        assert r.status_code in (415, 403), f"{op}: {r.status_code} {r.text[:200]}"
        assert_declared(op, r, "wrong content type")
