"""The rule bodies follow, held for the rest of a request too: no NUL character in the path or
in a query parameter (PostgreSQL text can't hold U+0000, and SQLite would store it). Checked
once per request, before routing, so every route, today's and tomorrow's, answers 422
`validation_error` instead of failing in the database. Header values can't carry NUL: the
HTTP parser refuses them."""

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from olympus.core.errors import problem_response

_MESSAGE = "must not contain NUL characters"


class RefuseNulCharacters:
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
        await self.app(scope, receive, send)


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
