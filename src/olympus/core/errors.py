"""Domain errors and their rendering as RFC 9457 problem details (`application/problem+json`)."""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from http import HTTPStatus
from typing import Any, ClassVar

import orjson
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("olympus.errors")


class DomainError(Exception):
    """A failure the caller can act on. Subclasses declare a stable `code` and HTTP `status`."""

    code: ClassVar[str] = "error"
    status: ClassVar[int] = 400
    title: ClassVar[str] = "Request failed"
    # The few errors that must still commit what the transaction did before they were
    # raised (a reused refresh token revokes its session *and* answers 401).
    keeps_changes: ClassVar[bool] = False
    headers: dict[str, str]

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None):
        self.detail = detail or self.title
        self.headers = headers or {}
        super().__init__(self.detail)

    def extra(self) -> dict[str, Any]:
        """Further members of the problem document, for errors that carry data."""
        return {}


class NotFound(DomainError):
    code = "not_found"
    status = 404
    title = "Not found"


class Conflict(DomainError):
    code = "conflict"
    status = 409
    title = "Conflict"


class Unauthenticated(DomainError):
    code = "not_authenticated"
    status = 401
    title = "Authentication required"

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None):
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer", **(headers or {})})


class Forbidden(DomainError):
    code = "forbidden"
    status = 403
    title = "Permission denied"


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 422
    title = "Invalid input"


class TooManyRequests(DomainError):
    code = "too_many_requests"
    status = 429
    title = "Too many requests"


class ServiceUnavailable(DomainError):
    code = "service_unavailable"
    status = 503
    title = "Service unavailable"


class DatabaseBusy(ServiceUnavailable):
    """The embedded database's write lock could not be had in time; nothing was written."""

    code = "database_busy"
    title = "Database busy"


class TenantNotSet(RuntimeError):
    """A tenant-owned table was queried with no tenant in scope: a programming error that
    fails closed rather than reading across tenants."""


class ReadOnlyUnitOfWork(RuntimeError):
    """A reading unit of work was asked to change rows: a programming error (the handler
    should have taken a writing one)."""


class ProblemDetail(BaseModel):
    """An RFC 9457 problem document, as every error response of the API."""

    type: str
    title: str
    status: int
    detail: str
    code: str


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str


class ValidationProblem(ProblemDetail):
    errors: list[ValidationIssue]


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"https://olympus.dev/problems/{code.replace('_', '-')}",
        "title": title or _status_title(status),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if extra:
        body.update(extra)
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def _status_title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


_HTTP_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    415: "unsupported_media_type",
}


def responses(*errors: type[DomainError]) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry of a route: documents each error it may answer with its codes."""
    by_status: dict[int, list[type[DomainError]]] = {}
    for err in errors:
        by_status.setdefault(err.status, []).append(err)
    out: dict[int | str, dict[str, Any]] = {}
    for status, errs in sorted(by_status.items()):
        codes = ", ".join(dict.fromkeys(f"`{e.code}`" for e in errs))  # each code once
        out[status] = {
            "model": ProblemDetail,
            "description": f"{_status_title(status)}: {codes}",
            "content": {PROBLEM_JSON: {}},
        }
    return out


def _loc(parts: Sequence[Any]) -> list[str | int]:
    return [p if isinstance(p, int) else str(p) for p in parts]


def _validation_issues(errors: Iterable[Any]) -> list[dict[str, Any]]:
    issues = []
    for err in errors:
        msg = str(err.get("msg", "invalid"))
        if err.get("type") == "extra_forbidden":
            msg = "unknown field"
        issues.append({"loc": _loc(err.get("loc", ())), "msg": msg})
    return issues


_COMPONENTS = "#/components/schemas/"
_FASTAPI_VALIDATION = _COMPONENTS + "HTTPValidationError"


def _document_problems(app: FastAPI) -> None:
    """Document failures as they are sent: `application/problem+json` with the problem
    schema (the validation problem for 422), instead of FastAPI's `application/json` and
    its own validation error shape."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _problems_as_sent(build())
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def _problems_as_sent(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ProblemDetail, ValidationProblem):
        definition = model.model_json_schema(ref_template=_COMPONENTS + "{model}")
        components.update(definition.pop("$defs", {}))
        components[model.__name__] = definition
    problem = {"$ref": _COMPONENTS + ProblemDetail.__name__}
    validation = {"$ref": _COMPONENTS + ValidationProblem.__name__}
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            validates = "requestBody" in operation or "parameters" in operation
            body_types = operation.get("requestBody", {}).get("content", {})
            if "application/json" in body_types:
                operation.setdefault("responses", {})["415"] = {
                    "description": "Unsupported Media Type: `unsupported_media_type`",
                    "content": {PROBLEM_JSON: {"schema": problem}},
                }
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                refs = {str(media.get("schema", {}).get("$ref")) for media in content.values()}
                if _FASTAPI_VALIDATION in refs:
                    response["description"] = "Validation failed: `validation_error`"
                    response["content"] = {PROBLEM_JSON: {"schema": validation}}
                elif problem["$ref"] in refs:
                    # A route's own 422 replaced FastAPI's; a validation problem is a problem
                    # document too, so the problem schema covers both.
                    if status == "422" and validates:
                        response["description"] += ", `validation_error`"
                    response["content"] = {PROBLEM_JSON: {"schema": problem}}
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)


def _allowed_methods(request: Request) -> str:
    """Every method of every route at this path (RFC 9110 15.5.6): the router answers 405
    with the methods of the first route that matched the path only, and each method of a
    path is a route of its own."""
    by_parameters: dict[int, set[str]] = {}
    for route in _leaf_routes(request.app.router.routes):
        # FULL or PARTIAL: the path is this route's (PARTIAL: not with this method).
        if route.matches(request.scope)[0] is not Match.NONE:
            # `/products/import` also matches `/products/{id}`; the path the schema lists for
            # it is the literal one, so routes with fewer parameters win.
            parameters = len(getattr(route, "param_convertors", None) or ())
            methods = by_parameters.setdefault(parameters, set())
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(by_parameters[min(by_parameters)])) if by_parameters else ""


def _leaf_routes(routes: Iterable[Any]) -> Iterator[Any]:
    """The routes of included routers too (each router carries its own full prefix)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _leaf_routes(included.routes)
        else:
            yield route


_UNPARSABLE_BODY = "There was an error parsing the body"


def _sent_json(request: Request) -> bool:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


async def _json_error_detail(request: Request, error: Mapping[str, Any]) -> str:
    """Where a body stops being JSON, as a line and a column (the parser's offset alone
    reads like a field name)."""
    loc = error.get("loc", ())
    offset = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    reason = str(error.get("ctx", {}).get("error", "")).strip() or "invalid JSON"
    if offset is None:
        return f"The body is not valid JSON ({reason})"
    text = (await request.body())[:offset].decode("utf-8", "replace")
    line = text.count("\n") + 1
    column = offset - text.rfind("\n")  # rfind is -1 on the first line
    return f"The body is not valid JSON at line {line}, column {column} ({reason})"


def install_error_handlers(
    app: FastAPI, *, observe: Callable[[Request, DomainError], None] | None = None
) -> None:
    """Every failure, expected or not, answers problem+json with a stable code (and the
    OpenAPI schema documents it so). `observe` sees every domain error before it is
    answered (the security event log); it must not wait, and a failure in it is logged,
    never answered."""
    _document_problems(app)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        if observe is not None:
            try:
                observe(request, exc)
            except Exception:
                log.exception("error_observer_failed", code=exc.code)
        return problem_response(
            exc.status,
            exc.code,
            exc.detail,
            title=exc.title,
            headers=exc.headers,
            extra=exc.extra(),
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if (
            # ("body",), or ("body", <model>) for a body that is one of several models
            any(tuple(err.get("loc", ()))[:1] == ("body",) for err in errors)
            and not _sent_json(request)
            and await request.body()  # no body at all: a missing body, said below
        ):
            return problem_response(
                415,
                "unsupported_media_type",
                "Send the body as JSON, with Content-Type: application/json",
                headers={"Accept": "application/json"},
            )
        bad_json = next((e for e in errors if e.get("type") == "json_invalid"), None)
        if bad_json is not None:
            detail = await _json_error_detail(request, bad_json)
            return problem_response(
                422,
                "validation_error",
                detail,
                title="Validation failed",
                extra={"errors": [{"loc": ["body"], "msg": detail}]},
            )
        issues = _validation_issues(errors)
        first = issues[0] if issues else None
        detail = (
            f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
            if first
            else "The request is not valid"
        )
        return problem_response(
            422, "validation_error", detail, title="Validation failed", extra={"errors": issues}
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
            # The body's bytes are not text (not UTF-8): a validation failure like any other
            # malformed body, so the answer is the 422 every route documents.
            detail = "The body is not valid JSON: it is not UTF-8 text"
            return problem_response(
                422,
                "validation_error",
                detail,
                title="Validation failed",
                extra={"errors": [{"loc": ["body"], "msg": detail}]},
            )
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        detail = exc.detail if isinstance(exc.detail, str) else _status_title(exc.status_code)
        if exc.status_code == 404 and detail == "Not Found":
            detail = "No resource at this path"
        headers = exc.headers
        if exc.status_code == 405:
            headers = {**(headers or {}), "Allow": _allowed_methods(request)}
        return problem_response(exc.status_code, code, detail, headers=headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled_error", path=request.url.path, error_type=type(exc).__name__)
        # This answer is sent from outside every middleware, so the request id that ties it
        # to the logged exception is added here.
        request_id = getattr(request.state, "request_id", None)
        return problem_response(
            500,
            "internal_error",
            "An unexpected error occurred",
            headers={"X-Request-ID": request_id} if request_id else None,
        )
