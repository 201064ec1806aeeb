"""Cursor pagination: `?limit=&cursor=` in, `{"items": [...], "next_cursor": ...}` out.
A cursor is an opaque, URL-safe encoding of the sort key of the last item returned."""

import base64
import uuid
from typing import Annotated, Any, Generic, TypeVar

import orjson
from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from olympus.core.errors import InvalidInput
from olympus.core.openapi import documents

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class InvalidCursor(InvalidInput):
    code = "invalid_cursor"
    title = "Invalid cursor"


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


class PageParams(BaseModel):
    limit: int
    cursor: dict[str, Any] | None


def encode_cursor(key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(key)).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = orjson.loads(raw)
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise InvalidCursor("The cursor is not one this API issued") from exc
    if not isinstance(value, dict) or not value:
        raise InvalidCursor("The cursor is not one this API issued")
    return value


@documents(InvalidCursor)
async def _page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="How many items at most (1-200).")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None, Query(max_length=512, description="`next_cursor` of the previous page.")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=decode_cursor(cursor) if cursor else None)


PageParamsDep = Annotated[PageParams, Depends(_page_params)]


def cursor_uuid(cursor: dict[str, Any], field: str = "id") -> uuid.UUID:
    """The id a cursor carries, for lists ordered by their time-ordered id."""
    try:
        return uuid.UUID(str(cursor[field]))
    except (KeyError, ValueError) as exc:
        raise InvalidCursor("The cursor is not one this API issued") from exc


async def fetch_page(
    session: AsyncSession,
    stmt: Select[tuple[T]],
    page: PageParams,
    id_column: InstrumentedAttribute[uuid.UUID],
    *,
    newest_first: bool = False,
) -> tuple[list[T], str | None]:
    """One page of a list ordered by its time-ordered id, and the cursor of the next page
    (None on the last): the statement carries the filters, this adds order, cursor and limit."""
    order = id_column.desc() if newest_first else id_column.asc()
    stmt = stmt.order_by(order).limit(page.limit + 1)
    if page.cursor:
        after = cursor_uuid(page.cursor)
        stmt = stmt.where(id_column < after if newest_first else id_column > after)
    rows = list((await session.scalars(stmt)).all())
    if len(rows) <= page.limit:
        return rows, None
    rows = rows[: page.limit]
    return rows, encode_cursor({"id": str(getattr(rows[-1], id_column.key))})
