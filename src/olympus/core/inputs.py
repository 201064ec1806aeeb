"""Rules every request input follows, checked once per request before routing, so every
route, today's and tomorrow's, holds them:

- the rule bodies follow, held for the path and the query too: no NUL character
  (PostgreSQL text can't hold U+0000, and SQLite would store it): 422 `validation_error`
  instead of a failure in the database. Header values can't carry NUL: the HTTP parser
  refuses them;
- a body over the size limit (`MAX_REQUEST_BYTES`, or a route's own) is refused with 413
  `request_too_large` before it is read whole. The framework counts the bytes; a refusal it
  sends before the route runs (a `Content-Length` over the limit) is rewritten here as the
  problem document every other error is."""

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from olympus.core.errors import problem_response

_MESSAGE = "must not contain NUL characters"


class RequestInputGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            loc = _nul_location(scope)
            if loc is not None:
                response = problem_response(
                    422,
                    "validation_error",
                    f"{'.'.join(loc)}: {_MESSAGE}",
                    title="Validation failed",
                    extra={"errors": [{"loc": list(loc), "msg": _MESSAGE}]},
                )
                await response(scope, receive, send)
                return
            await self.app(scope, receive, _problem_for_early_413(scope, receive, send))
            return
        await self.app(scope, receive, send)


def _problem_for_early_413(scope: Scope, receive: Receive, send: Send) -> Send:
    replacing = False

    async def send_problem(message: Message) -> None:
        nonlocal replacing
        if message["type"] == "http.response.start" and message["status"] == 413:
            headers = dict(message.get("headers", []))
            if not headers.get(b"content-type", b"").startswith(b"application/problem+json"):
                replacing = True
                response = problem_response(
                    413, "request_too_large", "The request body is larger than this endpoint takes"
                )
                await response(scope, receive, send)
                return
        if replacing:
            return  # the framework's plain-text body, replaced above
        await send(message)

    return send_problem


def _nul_location(scope: Scope) -> tuple[str, ...] | None:
    if "\x00" in scope["path"]:
        return ("path",)
    raw: bytes = scope["query_string"]
    if b"%00" not in raw and b"\x00" not in raw:  # the common case: nothing to parse
        return None
    for name, value in parse_qsl(raw.decode("latin-1"), keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return ("query", name.replace("\x00", ""))
    return None
