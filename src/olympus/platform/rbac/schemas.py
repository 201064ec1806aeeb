"""Request and response bodies of roles, permissions and grants."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from olympus.core.event_types import Changes, EventData, declare
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


# --- events -------------------------------------------------------------------------------------

_ROLE = "01a22426-2d3a-7e6c-9f77-5b3c4d5e6f70"
_USER = "01a22425-9825-71d9-b2e3-215e65422676"


class RoleCreatedData(EventData):
    role_id: uuid.UUID
    name: str
    permissions: list[str]


class RoleUpdatedData(EventData):
    role_id: uuid.UUID
    changes: Changes = Field(description="`name`, `description`, `permissions`: `{from, to}`")


class RoleDeletedData(EventData):
    role_id: uuid.UUID
    name: str


class RoleGrantedData(EventData):
    user_id: uuid.UUID
    role_id: uuid.UUID
    role: str = Field(description="the role's name")
    location_id: uuid.UUID | None = Field(description="the location it holds at (null: all)")


class RoleRevokedData(EventData):
    user_id: uuid.UUID
    role_id: uuid.UUID
    role: str = Field(description="the role's name")


declare(
    "role.created",
    RoleCreatedData,
    description="A custom role was created.",
    example={"role_id": _ROLE, "name": "barista", "permissions": ["orders:read", "orders:write"]},
)
declare(
    "role.updated",
    RoleUpdatedData,
    description="A role was renamed, described or given other permissions.",
    example={
        "role_id": _ROLE,
        "changes": {
            "permissions": {"from": ["orders:read"], "to": ["orders:read", "orders:write"]}
        },
    },
)
declare(
    "role.deleted",
    RoleDeletedData,
    description="A custom role was deleted.",
    example={"role_id": _ROLE, "name": "barista"},
)
declare(
    "role.granted",
    RoleGrantedData,
    description="A user was granted a role, everywhere or at one location.",
    example={
        "user_id": _USER,
        "role_id": _ROLE,
        "role": "barista",
        "location_id": "01a22426-1c2f-7d5b-8e66-4a2b3c4d5e6f",
    },
)
declare(
    "role.revoked",
    RoleRevokedData,
    description="A user's grants of a role were revoked (at one location, or all).",
    example={"user_id": _USER, "role_id": _ROLE, "role": "barista"},
)
