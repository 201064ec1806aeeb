"""Response bodies of the security event log."""

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from olympus.platform.security_events.models import SecurityEventKind


class SecurityEventOut(BaseModel):
    """One aggregated security event: `count` occurrences of one kind, account, client
    address (and permission) between `first_seen` and `last_seen`."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    kind: SecurityEventKind
    user_id: uuid.UUID | None = Field(description="The account, when it is known")
    email_hash: str = Field(
        description="Keyed hash (HMAC-SHA256, hex) of the email tried, when there was one; "
        "search for it with the `email` filter"
    )
    email_hint: str = Field(description="The email tried, masked: `j***@example.com`")
    ip: str = Field(description="The client address")
    user_agent: str = Field(description="The client's User-Agent, cut to 200 characters")
    route: str = Field(description="Method and route template of the latest occurrence")
    permission: str = Field(description="The permission asked, for `permission_denied`")
    reason: str = Field(
        description="What happened, in a word: `wrong_password`, `unknown_account`, "
        "`locked`, `account_disabled`, `token_revoked`, `invalid_token`, ..."
    )
    request_id: str = Field(description="The request id of the latest occurrence")
    first_seen: datetime
    last_seen: datetime
    count: int = Field(description="Occurrences counted in this row")
