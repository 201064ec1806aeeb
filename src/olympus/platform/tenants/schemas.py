"""Request and response bodies of the tenants API."""

import re
import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from olympus.core.event_types import Changes, EventData, declare
from olympus.core.schemas import EmailAddress, StrictBody

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")
RESERVED_SLUGS = frozenset(
    {
        "platform", "api", "admin", "administrator", "root", "system", "www", "olympus",
        "auth", "login", "static", "assets", "docs", "health", "ready", "metrics", "support",
        "help", "status", "mail", "email", "billing", "internal", "default", "null",
    }
)  # fmt: skip


def validate_slug(value: str) -> str:
    if not SLUG_PATTERN.match(value):
        raise ValueError("a slug has 3-63 characters: lowercase letters, digits and inner hyphens")
    if value in RESERVED_SLUGS:
        raise ValueError(f"the slug {value!r} is reserved")
    return value


class OwnerIn(StrictBody):
    email: EmailAddress
    password: str = Field(min_length=1, max_length=1024)
    full_name: str = Field(default="", max_length=200)


class TenantCreate(StrictBody):
    slug: str = Field(min_length=3, max_length=63, examples=["acme"])
    name: str = Field(min_length=1, max_length=200)
    owner: OwnerIn

    _slug = field_validator("slug")(validate_slug)


class TenantUpdate(StrictBody):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    status: Literal["active", "suspended"] | None = Field(
        default=None, description="Platform operators only"
    )


class TenantOut(BaseModel):
    id: uuid.UUID
    slug: str
    name: str
    status: str
    created_at: datetime
    updated_at: datetime


class TenantCreated(TenantOut):
    owner_id: uuid.UUID


# --- events -------------------------------------------------------------------------------------

_TENANT = "01a22425-97bc-73f0-ba29-a611e2d75121"


class TenantCreatedData(EventData):
    tenant_id: uuid.UUID
    slug: str
    name: str
    owner_id: uuid.UUID = Field(description="the tenant's first owner")


class TenantChangedData(EventData):
    tenant_id: uuid.UUID
    changes: Changes = Field(description="`name`, `status`: `{from, to}`")


declare(
    "tenant.created",
    TenantCreatedData,
    description="A tenant was created with its first owner (in the new tenant).",
    example={
        "tenant_id": _TENANT,
        "slug": "acme",
        "name": "Acme Coffee",
        "owner_id": "01a22425-9825-71d9-b2e3-215e65422676",
    },
)
declare(
    "tenant.updated",
    TenantChangedData,
    description="A tenant was renamed.",
    example={"tenant_id": _TENANT, "changes": {"name": {"from": "Acme", "to": "Acme Coffee"}}},
)
declare(
    "tenant.suspended",
    TenantChangedData,
    description="A tenant was suspended: its tokens are refused and nobody signs in.",
    example={
        "tenant_id": _TENANT,
        "changes": {"status": {"from": "active", "to": "suspended"}},
    },
)
declare(
    "tenant.reactivated",
    TenantChangedData,
    description="A suspended tenant was let in again.",
    example={
        "tenant_id": _TENANT,
        "changes": {"status": {"from": "suspended", "to": "active"}},
    },
)
