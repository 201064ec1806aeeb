"""Answers built as plain documents, sent as JSON without a model per row."""

import uuid
from typing import Any

import orjson
from fastapi import Response, status


def _id_text(value: Any) -> str:
    # The PostgreSQL driver's UUIDs are a subclass that orjson does not take as its own.
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_response(document: Any, status_code: int = status.HTTP_200_OK) -> Response:
    """Answers built as plain documents go out as they are (the list's items need no model
    per row); their shape is the route's `response_model`, which the tests hold them to."""
    return Response(
        orjson.dumps(document, default=_id_text, option=orjson.OPT_UTC_Z),
        status_code=status_code,
        media_type="application/json",
    )
