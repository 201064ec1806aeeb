from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.security_event_kind import SecurityEventKind, check_security_event_kind

T = TypeVar("T", bound="SecurityEventOut")


@_attrs_define
class SecurityEventOut:
    """One aggregated security event: `count` occurrences of one kind, account, client
    address (and permission) between `first_seen` and `last_seen`.

        Attributes:
            id (UUID):
            tenant_id (UUID):
            kind (SecurityEventKind):
            user_id (None | UUID): The account, when it is known
            email_hash (str): Keyed hash (HMAC-SHA256, hex) of the email tried, when there was one; search for it with the
                `email` filter
            email_hint (str): The email tried, masked: `j***@example.com`
            ip (str): The client address
            user_agent (str): The client's User-Agent, cut to 200 characters
            route (str): Method and route template of the latest occurrence
            permission (str): The permission asked, for `permission_denied`
            reason (str): What happened, in a word: `wrong_password`, `unknown_account`, `locked`, `account_disabled`,
                `token_revoked`, `invalid_token`, ...
            request_id (str): The request id of the latest occurrence
            first_seen (datetime.datetime):
            last_seen (datetime.datetime):
            count (int): Occurrences counted in this row
    """

    id: UUID
    tenant_id: UUID
    kind: SecurityEventKind
    user_id: None | UUID
    email_hash: str
    email_hint: str
    ip: str
    user_agent: str
    route: str
    permission: str
    reason: str
    request_id: str
    first_seen: datetime.datetime
    last_seen: datetime.datetime
    count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        tenant_id = str(self.tenant_id)

        kind: str = self.kind

        user_id: None | str
        if isinstance(self.user_id, UUID):
            user_id = str(self.user_id)
        else:
            user_id = self.user_id

        email_hash = self.email_hash

        email_hint = self.email_hint

        ip = self.ip

        user_agent = self.user_agent

        route = self.route

        permission = self.permission

        reason = self.reason

        request_id = self.request_id

        first_seen = self.first_seen.isoformat()

        last_seen = self.last_seen.isoformat()

        count = self.count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "kind": kind,
                "user_id": user_id,
                "email_hash": email_hash,
                "email_hint": email_hint,
                "ip": ip,
                "user_agent": user_agent,
                "route": route,
                "permission": permission,
                "reason": reason,
                "request_id": request_id,
                "first_seen": first_seen,
                "last_seen": last_seen,
                "count": count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        tenant_id = UUID(d.pop("tenant_id"))

        kind = check_security_event_kind(d.pop("kind"))

        def _parse_user_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                user_id_type_0 = UUID(data)

                return user_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        user_id = _parse_user_id(d.pop("user_id"))

        email_hash = d.pop("email_hash")

        email_hint = d.pop("email_hint")

        ip = d.pop("ip")

        user_agent = d.pop("user_agent")

        route = d.pop("route")

        permission = d.pop("permission")

        reason = d.pop("reason")

        request_id = d.pop("request_id")

        first_seen = datetime.datetime.fromisoformat(d.pop("first_seen"))

        last_seen = datetime.datetime.fromisoformat(d.pop("last_seen"))

        count = d.pop("count")

        security_event_out = cls(
            id=id,
            tenant_id=tenant_id,
            kind=kind,
            user_id=user_id,
            email_hash=email_hash,
            email_hint=email_hint,
            ip=ip,
            user_agent=user_agent,
            route=route,
            permission=permission,
            reason=reason,
            request_id=request_id,
            first_seen=first_seen,
            last_seen=last_seen,
            count=count,
        )

        security_event_out.additional_properties = d
        return security_event_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
