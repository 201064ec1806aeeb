from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GrantOut")


@_attrs_define
class GrantOut:
    """
    Attributes:
        id (UUID):
        user_id (UUID):
        role_id (UUID):
        role_name (str):
        location_id (None | UUID):
        created_at (datetime.datetime):
    """

    id: UUID
    user_id: UUID
    role_id: UUID
    role_name: str
    location_id: None | UUID
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        user_id = str(self.user_id)

        role_id = str(self.role_id)

        role_name = self.role_name

        location_id: None | str
        if isinstance(self.location_id, UUID):
            location_id = str(self.location_id)
        else:
            location_id = self.location_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "user_id": user_id,
                "role_id": role_id,
                "role_name": role_name,
                "location_id": location_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        user_id = UUID(d.pop("user_id"))

        role_id = UUID(d.pop("role_id"))

        role_name = d.pop("role_name")

        def _parse_location_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                location_id_type_0 = UUID(data)

                return location_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        location_id = _parse_location_id(d.pop("location_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        grant_out = cls(
            id=id,
            user_id=user_id,
            role_id=role_id,
            role_name=role_name,
            location_id=location_id,
            created_at=created_at,
        )

        grant_out.additional_properties = d
        return grant_out

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
