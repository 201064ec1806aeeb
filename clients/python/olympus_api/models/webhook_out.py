from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookOut")


@_attrs_define
class WebhookOut:
    """
    Attributes:
        id (UUID):
        tenant_id (UUID):
        url (str):
        events (list[str]):
        description (str):
        active (bool):
        consecutive_failures (int): Failed delivery attempts in a row
        disabled_at (datetime.datetime | None): When the endpoint was disabled for failing (null: it was not)
        needs_secret_rotation (bool): The stored signing secret no longer opens with the service's key (the key
            changed): nothing is sent, each attempt fails with `last_error` saying so, until the secret is rotated (`rotate-
            secret`)
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    tenant_id: UUID
    url: str
    events: list[str]
    description: str
    active: bool
    consecutive_failures: int
    disabled_at: datetime.datetime | None
    needs_secret_rotation: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        tenant_id = str(self.tenant_id)

        url = self.url

        events = self.events

        description = self.description

        active = self.active

        consecutive_failures = self.consecutive_failures

        disabled_at: None | str
        if isinstance(self.disabled_at, datetime.datetime):
            disabled_at = self.disabled_at.isoformat()
        else:
            disabled_at = self.disabled_at

        needs_secret_rotation = self.needs_secret_rotation

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "url": url,
                "events": events,
                "description": description,
                "active": active,
                "consecutive_failures": consecutive_failures,
                "disabled_at": disabled_at,
                "needs_secret_rotation": needs_secret_rotation,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        tenant_id = UUID(d.pop("tenant_id"))

        url = d.pop("url")

        events = cast(list[str], d.pop("events"))

        description = d.pop("description")

        active = d.pop("active")

        consecutive_failures = d.pop("consecutive_failures")

        def _parse_disabled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disabled_at_type_0 = datetime.datetime.fromisoformat(data)

                return disabled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        disabled_at = _parse_disabled_at(d.pop("disabled_at"))

        needs_secret_rotation = d.pop("needs_secret_rotation")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        webhook_out = cls(
            id=id,
            tenant_id=tenant_id,
            url=url,
            events=events,
            description=description,
            active=active,
            consecutive_failures=consecutive_failures,
            disabled_at=disabled_at,
            needs_secret_rotation=needs_secret_rotation,
            created_at=created_at,
            updated_at=updated_at,
        )

        webhook_out.additional_properties = d
        return webhook_out

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
