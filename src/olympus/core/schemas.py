"""Base classes of request and response bodies, and the input types of query parameters,
shared by every domain."""

import re
from datetime import UTC, datetime
from typing import Annotated, Any

import email_validator
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    WithJsonSchema,
    field_validator,
)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


class StrictBody(BaseModel):
    """A request body: unknown fields are refused (422), so a client can't set what it doesn't
    own (`tenant_id`, `role`, `status`, prices)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        # PostgreSQL text can't hold U+0000: refuse it here (422) rather than fail in the
        # database (500), and answer alike on SQLite.
        if _has_nul(value):
            raise ValueError("must not contain NUL characters")
        return value


def _in_utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("must be a time that exists in UTC (years 1 to 9999)") from None


_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def _rfc3339_text(value: Any) -> Any:
    # Pydantic would also read a number as seconds since 1970: the schema says date-time.
    if isinstance(value, str) and not _RFC3339.match(value):
        raise ValueError("must be an RFC 3339 date-time, e.g. 2026-01-31T09:00:00Z")
    return value


# A timestamp in a query: RFC 3339 with its offset, within the years every engine stores.
QueryDatetime = Annotated[AwareDatetime, BeforeValidator(_rfc3339_text), AfterValidator(_in_utc)]


def _email_address(value: str) -> str:
    # As pydantic's EmailStr, except that the names reserved for testing (RFC 6761: `.test`,
    # like `example.com`) are accepted: the schema says `format: email` and they are
    # addresses of that format. Names that can't be routed (`localhost`, `.invalid`) are not.
    try:
        return email_validator.validate_email(
            value, check_deliverability=False, test_environment=True
        ).normalized
    except email_validator.EmailNotValidError as exc:
        raise ValueError(f"value is not a valid email address: {exc}") from None


# An email address in a request body.
EmailAddress = Annotated[
    str,
    AfterValidator(_email_address),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": 320}),
]
