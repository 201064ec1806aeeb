from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.passkey_out_device_type import (
    PasskeyOutDeviceType,
    check_passkey_out_device_type,
)

T = TypeVar("T", bound="PasskeyOut")


@_attrs_define
class PasskeyOut:
    """
    Attributes:
        id (UUID):
        name (str):
        created_at (datetime.datetime):
        last_used_at (datetime.datetime | None):
        device_type (PasskeyOutDeviceType): `multi_device`: a synced passkey
        backed_up (bool):
        transports (list[str]):
        aaguid (str): The authenticator model's AAGUID (zeros when unknown)
    """

    id: UUID
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    device_type: PasskeyOutDeviceType
    backed_up: bool
    transports: list[str]
    aaguid: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        created_at = self.created_at.isoformat()

        last_used_at: None | str
        if isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        device_type: str = self.device_type

        backed_up = self.backed_up

        transports = self.transports

        aaguid = self.aaguid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "created_at": created_at,
                "last_used_at": last_used_at,
                "device_type": device_type,
                "backed_up": backed_up,
                "transports": transports,
                "aaguid": aaguid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        name = d.pop("name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_last_used_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_used_at = _parse_last_used_at(d.pop("last_used_at"))

        device_type = check_passkey_out_device_type(d.pop("device_type"))

        backed_up = d.pop("backed_up")

        transports = cast(list[str], d.pop("transports"))

        aaguid = d.pop("aaguid")

        passkey_out = cls(
            id=id,
            name=name,
            created_at=created_at,
            last_used_at=last_used_at,
            device_type=device_type,
            backed_up=backed_up,
            transports=transports,
            aaguid=aaguid,
        )

        passkey_out.additional_properties = d
        return passkey_out

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
