"""Response bodies of the audit log."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditLogOut(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    actor_id: uuid.UUID | None
    action: str
    target_type: str
    target_id: str
    changes: dict[str, Any]
    request_id: str
    ip: str
    created_at: datetime
