"""Request and response bodies of categories."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from olympus.commerce.catalog.schemas.fields import CategoryName, Position, unset
from olympus.core.schemas import StrictBody


class CategoryCreate(StrictBody):
    name: CategoryName
    parent_id: uuid.UUID | None = None
    position: Position = 0


class CategoryUpdate(StrictBody):
    """Only the fields sent change; `parent_id` null moves the category to the top level."""

    name: CategoryName = Field(default_factory=unset)
    parent_id: uuid.UUID | None = Field(default_factory=unset)
    position: Position = Field(default_factory=unset)


class CategoryOut(BaseModel):
    id: uuid.UUID
    parent_id: uuid.UUID | None
    name: str
    path: str = Field(description="The names from the top level down, joined by '/'.")
    position: int
    created_at: datetime
    updated_at: datetime
