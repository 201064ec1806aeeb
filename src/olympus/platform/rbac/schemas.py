"""Request and response bodies of roles, permissions and grants."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from olympus.core.schemas import StrictBody

ROLE_NAME_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"


class PermissionOut(BaseModel):
    name: str
    description: str


class PermissionCatalogue(BaseModel):
    items: list[PermissionOut]


class RoleCreate(StrictBody):
    name: str = Field(min_length=1, max_length=64, pattern=ROLE_NAME_PATTERN)
    description: str = Field(default="", max_length=500)
    permissions: list[str] = Field(default_factory=list, max_length=200)


class RoleUpdate(StrictBody):
    name: str | None = Field(default=None, min_length=1, max_length=64, pattern=ROLE_NAME_PATTERN)
    description: str | None = Field(default=None, max_length=500)
    permissions: list[str] | None = Field(default=None, max_length=200)


class RoleOut(BaseModel):
    id: uuid.UUID
    name: str
    description: str
    permissions: list[str]
    is_system: bool
    created_at: datetime
    updated_at: datetime


class GrantCreate(StrictBody):
    role_id: uuid.UUID
    location_id: uuid.UUID | None = Field(
        default=None, description="Grant the role at this location only"
    )


class GrantOut(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    role_id: uuid.UUID
    role_name: str
    location_id: uuid.UUID | None
    created_at: datetime
