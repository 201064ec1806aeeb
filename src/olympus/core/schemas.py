"""Base classes of request and response bodies, and the input types of query parameters,
shared by every domain."""

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, field_validator


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


# A timestamp in a query: with its offset, and within the years every engine stores.
QueryDatetime = Annotated[AwareDatetime, AfterValidator(_in_utc)]
