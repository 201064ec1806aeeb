"""Base classes of request and response bodies shared by every domain."""

from pydantic import BaseModel, ConfigDict


class StrictBody(BaseModel):
    """A request body: unknown fields are refused (422), so a client can't set what it doesn't
    own (`tenant_id`, `role`, `status`, prices)."""

    model_config = ConfigDict(extra="forbid")
