"""Request and response bodies of the webhooks API."""

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, StrictBool, StringConstraints

from olympus.core.event_types import EventData, declare
from olympus.core.schemas import StrictBody

MAX_PATTERNS = 50
# An event type or a pattern of them: dot-separated lower-case words, `*` as a wildcard.
PATTERN = r"^(\*|[a-z0-9_*]{1,50}(\.[a-z0-9_*]{1,50}){0,4})$"

Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    Field(
        description=(
            "Where the events are POSTed: `https`, resolving to public addresses only "
            "(checked here and again at every delivery)."
        ),
        examples=["https://hooks.example.com/olympus"],
    ),
]
EventPattern = Annotated[str, StringConstraints(pattern=PATTERN)]


def _distinct(patterns: list[str]) -> list[str]:
    return list(dict.fromkeys(patterns))


Patterns = Annotated[
    list[EventPattern],
    Field(
        min_length=1,
        max_length=MAX_PATTERNS,
        description=(
            "Event types to receive; `*` matches any part (`order.*`, `*` for every event)."
        ),
        examples=[["order.*", "payment.processed"]],
    ),
    AfterValidator(_distinct),
]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class WebhookCreate(StrictBody):
    url: Url
    events: Patterns
    description: Description = ""
    active: StrictBool = True


def _unset() -> Any:
    return None


class WebhookUpdate(StrictBody):
    """Only the fields sent change (null is refused: leave a field out to keep it).
    `active: true` resumes an endpoint that was disabled, with its failure count reset."""

    url: Url = Field(default_factory=_unset)
    events: Patterns = Field(default_factory=_unset)
    description: Description = Field(default_factory=_unset)
    active: StrictBool = Field(default_factory=_unset)

    def changes(self) -> dict[str, Any]:
        return {field: getattr(self, field) for field in self.model_fields_set}


class WebhookOut(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    url: str
    events: list[str]
    description: str
    active: bool
    consecutive_failures: int = Field(description="Failed delivery attempts in a row")
    disabled_at: datetime | None = Field(
        description="When the endpoint was disabled for failing (null: it was not)"
    )
    needs_secret_rotation: bool = Field(
        description=(
            "The stored signing secret no longer opens with the service's key (the key "
            "changed): nothing is sent, each attempt fails with `last_error` saying so, until "
            "the secret is rotated (`rotate-secret`)"
        )
    )
    created_at: datetime
    updated_at: datetime


class WebhookWithSecret(WebhookOut):
    secret: str = Field(
        description=(
            "The signing secret: shown only in this answer (and by rotate-secret). "
            "Verify `Olympus-Signature` with it."
        )
    )


class DeliveryOut(BaseModel):
    id: uuid.UUID
    webhook_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    status: str = Field(description="`pending`, `succeeded` or `failed`")
    attempts: int
    next_attempt_at: datetime | None = Field(description="Pending only: the next attempt")
    last_attempt_at: datetime | None
    last_status_code: int | None = Field(
        description="The receiver's last HTTP status (null: no answer, see `last_error`)"
    )
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime


# --- events -------------------------------------------------------------------------------------

_WEBHOOK = "01a22426-c1d4-7806-b911-f5d6e7f8091a"
_DESCRIBED = {
    "url": "https://erp.example.com/olympus",
    "events": ["order.*", "payment.processed"],
    "description": "Orders to the ERP",
    "active": True,
}


class WebhookChangedData(EventData):
    webhook_id: uuid.UUID
    changes: dict[str, Any] = Field(
        description="created and deleted: the webhook's `url`, `events`, `description`, "
        "`active`; updated: the new values of those that changed; disabled: `active`, "
        "`consecutive_failures`, `last_status_code`, `last_error`; rotated: empty"
    )


class WebhookPingData(EventData):
    webhook_id: uuid.UUID


declare(
    "webhook.created",
    WebhookChangedData,
    description="A webhook was created (its secret is never in an event).",
    example={"webhook_id": _WEBHOOK, "changes": _DESCRIBED},
)
declare(
    "webhook.updated",
    WebhookChangedData,
    description="A webhook's fields changed.",
    example={"webhook_id": _WEBHOOK, "changes": {"events": ["order.*"]}},
)
declare(
    "webhook.deleted",
    WebhookChangedData,
    description="A webhook was deleted with its delivery log.",
    example={"webhook_id": _WEBHOOK, "changes": _DESCRIBED},
)
declare(
    "webhook.secret_rotated",
    WebhookChangedData,
    description="A webhook's signing secret was replaced.",
    example={"webhook_id": _WEBHOOK, "changes": {}},
)
declare(
    "webhook.disabled",
    WebhookChangedData,
    description="A webhook that kept failing was disabled automatically.",
    example={
        "webhook_id": _WEBHOOK,
        "changes": {
            "active": False,
            "consecutive_failures": 50,
            "last_status_code": 503,
            "last_error": None,
        },
    },
)
declare(
    "webhook.ping",
    WebhookPingData,
    description="A test event sent to one webhook only (`POST /api/v1/webhooks/{id}/ping`); "
    "never in the outbox nor on Redis.",
    example={"webhook_id": _WEBHOOK},
)
