"""What the OpenAPI schema says beyond what FastAPI infers, so that generated clients can be
trusted: the bearer security scheme on the operations that need a token, the errors that
shared dependencies raise listed on every route that uses them, and readable operation ids.

A dependency declares what it adds with `@documents(...)`; the routes using it, directly or
through other dependencies, get it in the schema without listing it by hand."""

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from olympus.core.errors import DomainError, _leaf_routes, responses

BEARER_SCHEME = "bearerAuth"
_MARK = "__olympus_openapi__"
_CODES = re.compile(r"`([a-z0-9_]+)`")
_VERBS = (
    "list", "create", "get", "update", "delete", "archive", "restore", "set", "remove",
    "search", "read", "change", "grant", "revoke", "suspend", "deactivate", "erase", "export",
    "import", "adjust", "release", "commit", "cancel", "fulfill", "complete", "add", "process",
    "refund", "rotate", "redeliver", "ping", "checkout", "apply", "confirm", "verify",
)  # fmt: skip

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class _Documented:
    errors: tuple[type[DomainError], ...] = ()
    bearer: bool = False
    responses: Mapping[int, dict[str, Any]] = field(default_factory=dict)
    headers: Mapping[str, dict[str, Any]] = field(default_factory=dict)


def documents(
    *errors: type[DomainError],
    bearer: bool = False,
    responses: Mapping[int, dict[str, Any]] | None = None,
    headers: Mapping[str, dict[str, Any]] | None = None,
) -> Callable[[F], F]:
    """Mark a dependency: every route that depends on it may answer `errors` (and needs a
    bearer token when `bearer`); `responses` are further answers it may give (a 304) and
    `headers` the headers it puts on the route's successful answer (an `ETag`)."""

    def mark(func: F) -> F:
        known: _Documented = getattr(func, _MARK, _Documented())
        setattr(
            func,
            _MARK,
            _Documented(
                (*known.errors, *errors),
                known.bearer or bearer,
                {**known.responses, **(responses or {})},
                {**known.headers, **(headers or {})},
            ),
        )
        return func

    return mark


def operation_id(route: APIRoute) -> str:
    """`list_products` → `products_list`, `create_order` → `order_create`; a name without a
    leading verb is put under its first tag (`login` → `auth_login`)."""
    verb, _, rest = route.name.partition("_")
    if rest and verb in _VERBS:
        return f"{rest}_{verb}"
    tag = str(route.tags[0]) if route.tags else "api"
    return f"{tag.replace('-', '_')}_{route.name}"


def _calls(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def _declared(route: APIRoute) -> _Documented:
    errors: list[type[DomainError]] = []
    bearer = False
    answers: dict[int, dict[str, Any]] = {}
    headers: dict[str, dict[str, Any]] = {}
    for call in _calls(route.dependant):
        mark: _Documented | None = getattr(call, _MARK, None)
        if mark is not None:
            errors.extend(mark.errors)
            bearer = bearer or mark.bearer
            answers.update(mark.responses)
            headers.update(mark.headers)
    return _Documented(tuple(errors), bearer, answers, headers)


def _add_answers(
    operation: dict[str, Any],
    answers: Mapping[int, dict[str, Any]],
    headers: Mapping[str, dict[str, Any]],
) -> None:
    documented = operation.setdefault("responses", {})
    for status, entry in answers.items():
        documented.setdefault(str(status), dict(entry))
    for status, entry in documented.items():
        if status == "200" and headers:
            entry["headers"] = {**entry.get("headers", {}), **headers}


def _merge(operation: dict[str, Any], errors: list[type[DomainError]]) -> None:
    documented = operation.setdefault("responses", {})
    for status, entry in responses(*errors).items():
        key = str(status)
        if key not in documented:
            entry = dict(entry)
            entry.pop("model", None)
            entry["content"] = {"application/problem+json": {"schema": _PROBLEM_REF}}
            documented[key] = entry
            continue
        present = documented[key]
        codes = dict.fromkeys(_CODES.findall(present.get("description", "")))
        codes.update(dict.fromkeys(_CODES.findall(entry["description"])))
        phrase = present.get("description", "").split(":", 1)[0] or entry["description"]
        present["description"] = f"{phrase}: " + ", ".join(f"`{c}`" for c in codes)


_PROBLEM_REF = {"$ref": "#/components/schemas/ProblemDetail"}


def complete(app: FastAPI, schema: dict[str, Any]) -> None:
    """Add the security scheme and the dependencies' errors to a generated schema."""
    schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[BEARER_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token from `POST /api/v1/auth/login`",
    }
    paths = schema.get("paths", {})
    for route in _leaf_routes(app.router.routes):
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        declared = _declared(route)
        for method in route.methods or ():
            operation = paths.get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            if declared.errors:
                _merge(operation, list(declared.errors))
            _add_answers(operation, declared.responses, declared.headers)
            if declared.bearer:
                operation["security"] = [{BEARER_SCHEME: []}]
            operation["responses"] = dict(sorted(operation.get("responses", {}).items()))


def install(app: FastAPI) -> None:
    """Complete the app's schema once, when it is first built."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            complete(app, schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
