"""Request and response bodies of the users API."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from olympus.core.event_types import Changes, EventData, declare
from olympus.core.schemas import EmailAddress, StrictBody


class UserCreate(StrictBody):
    email: EmailAddress
    full_name: str = Field(default="", max_length=200)
    password: str | None = Field(
        default=None,
        min_length=1,
        max_length=1024,
        description="Omit to invite: the user gets an email to choose their password",
    )
    role_ids: list[uuid.UUID] = Field(
        default_factory=list, max_length=20, description="Roles granted tenant-wide"
    )


class UserUpdate(StrictBody):
    full_name: str | None = Field(default=None, max_length=200)
    is_active: bool | None = Field(
        default=None, description="false deactivates (and signs out); true reactivates"
    )


class RoleGrantRef(BaseModel):
    grant_id: uuid.UUID
    role_id: uuid.UUID
    role_name: str
    location_id: uuid.UUID | None


class UserDetail(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    email: str
    full_name: str
    email_verified: bool
    is_active: bool
    roles: list[RoleGrantRef]
    created_at: datetime
    updated_at: datetime


# --- events -------------------------------------------------------------------------------------


class UserChangedData(EventData):
    user_id: uuid.UUID
    changes: Changes = Field(description="`full_name`, `is_active`: `{from, to}`")


_CHANGE_EXAMPLE = {"user_id": "01a22425-9825-71d9-b2e3-215e65422676"}
declare(
    "user.updated",
    UserChangedData,
    description="An administrator changed a user's profile.",
    example=_CHANGE_EXAMPLE | {"changes": {"full_name": {"from": "Ada", "to": "Ada Lovelace"}}},
)
declare(
    "user.deactivated",
    UserChangedData,
    description="A user was deactivated: they can't sign in and their sessions ended.",
    example=_CHANGE_EXAMPLE | {"changes": {"is_active": {"from": True, "to": False}}},
)
declare(
    "user.reactivated",
    UserChangedData,
    description="A deactivated user was let in again.",
    example=_CHANGE_EXAMPLE | {"changes": {"is_active": {"from": False, "to": True}}},
)
