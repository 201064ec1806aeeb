"""Conditional requests (RFC 9110 section 13): strong entity tags computed from a resource's
representation, `If-None-Match` on reads (304 when the client's copy is current) and
`If-Match` on changes (412 `precondition_failed` when it is not).

The tag is a hash of the representation's canonical JSON (keys sorted, no spaces), so it
changes exactly when what a client would read changes, and every replica computes the same
one without storing anything. A change checks `If-Match` against the representation read
*under the row lock the change then holds*: of two editors sending the same tag, the second
waits for the first, reads what it left, and is refused."""

import hashlib
import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import orjson
import sqlalchemy as sa
from fastapi import Depends, FastAPI, Header, Request
from pydantic import BaseModel
from starlette.responses import Response

from olympus.core.db import Base, WriteUnitOfWork
from olympus.core.errors import DomainError
from olympus.core.locking import lock_rows
from olympus.core.openapi import documents

R = TypeVar("R")

ETAG_HEADER = {
    "ETag": {
        "description": (
            "A strong entity tag of this representation: send it back in `If-None-Match` "
            "(304 when unchanged) or `If-Match` (412 when it changed meanwhile)"
        ),
        "schema": {"type": "string"},
    }
}
NOT_MODIFIED = {
    304: {
        "description": "Not Modified: the representation still has the tag sent in "
        "`If-None-Match` (no body)",
        "headers": ETAG_HEADER,
    }
}


class PreconditionFailed(DomainError):
    code = "precondition_failed"
    status = 412
    title = "Precondition failed"


class NotModified(Exception):
    """Raised by a read whose representation still has the tag the client holds; answered
    304 with that tag and no body."""

    def __init__(self, etag: str) -> None:
        super().__init__(etag)
        self.etag = etag


def canonical_json(representation: Any) -> bytes:
    """The representation as canonical JSON: a model as it is serialised for the client, a
    `Response` by its JSON body, anything else as JSON; keys sorted, no whitespace."""
    if isinstance(representation, BaseModel):
        plain = representation.model_dump(mode="json", by_alias=True)
    elif isinstance(representation, Response):
        plain = orjson.loads(representation.body)
    else:
        plain = orjson.loads(orjson.dumps(representation, default=str))
    return orjson.dumps(plain, option=orjson.OPT_SORT_KEYS)


def etag_of(representation: Any) -> str:
    """The strong entity tag of a representation (a quoted string)."""
    return '"' + hashlib.sha256(canonical_json(representation)).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def _tag_on(representation: R, response: Response, etag: str) -> R:
    target = representation if isinstance(representation, Response) else response
    target.headers["ETag"] = etag
    return representation


@documents(responses=NOT_MODIFIED, headers=ETAG_HEADER)
class IfNoneMatch:
    """The dependency of a read of a resource that can be changed: `tag(representation)`
    puts its `ETag` on the answer, and answers 304 instead when the client's `If-None-Match`
    names that tag (weak comparison, `*` matches any)."""

    def __init__(
        self,
        response: Response,
        if_none_match: Annotated[
            str | None,
            Header(
                description="Answer 304 with no body when the representation still has "
                "one of these entity tags",
            ),
        ] = None,
    ) -> None:
        self._response = response
        self._header = if_none_match

    def tag(self, representation: R) -> R:
        etag = etag_of(representation)
        if self._header is not None:
            held = {t.removeprefix("W/") for t in _tags(self._header)}
            if "*" in held or etag in held:
                raise NotModified(etag)
        return _tag_on(representation, self._response, etag)


@documents(PreconditionFailed, headers=ETAG_HEADER)
class IfMatch:
    """The dependency of a change (PATCH, PUT, DELETE) of a resource with an entity tag.
    Without `If-Match` nothing is checked. With it, `check` locks the resource's row, reads
    its representation and refuses the change (412 `precondition_failed`) unless the tag
    sent is that representation's (strong comparison; `*` matches any). `tag(answer)` puts
    the new tag on the answer."""

    def __init__(
        self,
        response: Response,
        if_match: Annotated[
            str | None,
            Header(
                description="Change only if the resource still has one of these entity "
                "tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed",
            ),
        ] = None,
    ) -> None:
        self._response = response
        self._header = if_match

    @property
    def given(self) -> bool:
        return self._header is not None

    async def check(
        self,
        uow: WriteUnitOfWork,
        model: type[Base] | None,
        *criteria: sa.ColumnElement[bool],
        current: Callable[[], Any],
    ) -> None:
        """Lock the rows of `model` matching `criteria` (the resource's own row, or the row
        its changes take turns on), then compare the tag of `current()` (its representation,
        read after the lock) with `If-Match`. Call it before anything reads the resource in
        this transaction, so what is compared is what the lock holds. `model` None: `current`
        takes the domain's own lock itself (a document whose row a first change creates)."""
        if self._header is None:
            return
        if model is not None:
            await lock_rows(uow, model, *criteria)
        representation = await _awaited(current())
        sent = _tags(self._header)
        if "*" in sent:
            return
        if etag_of(representation) not in sent:  # a weak tag never matches: strong comparison
            raise PreconditionFailed(
                "The resource changed since the version named in If-Match: read it again "
                "and apply the change to what it is now"
            )

    def tag(self, representation: R) -> R:
        return _tag_on(representation, self._response, etag_of(representation))


IfNoneMatchDep = Annotated[IfNoneMatch, Depends()]
IfMatchDep = Annotated[IfMatch, Depends()]


def install(app: FastAPI) -> None:
    """Answer 304 for the reads that raise `NotModified`."""

    @app.exception_handler(NotModified)
    async def _not_modified(request: Request, exc: NotModified) -> Response:
        return Response(status_code=304, headers={"ETag": exc.etag})


async def _awaited(value: Awaitable[R] | R) -> R:
    if inspect.isawaitable(value):
        return await value
    return value
