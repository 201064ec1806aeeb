from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.mfa_factor_out_type import MfaFactorOutType, check_mfa_factor_out_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="MfaFactorOut")


@_attrs_define
class MfaFactorOut:
    """
    Attributes:
        type_ (MfaFactorOutType):
        created_at (datetime.datetime):
        confirmed_at (datetime.datetime):
        last_used_at (datetime.datetime | None):
        id (None | Unset | UUID): The passkey's id (passkeys only)
        name (None | str | Unset): The passkey's name (passkeys only)
    """

    type_: MfaFactorOutType
    created_at: datetime.datetime
    confirmed_at: datetime.datetime
    last_used_at: datetime.datetime | None
    id: None | Unset | UUID = UNSET
    name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str = self.type_

        created_at = self.created_at.isoformat()

        confirmed_at = self.confirmed_at.isoformat()

        last_used_at: None | str
        if isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        elif isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "created_at": created_at,
                "confirmed_at": confirmed_at,
                "last_used_at": last_used_at,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = check_mfa_factor_out_type(d.pop("type"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        confirmed_at = datetime.datetime.fromisoformat(d.pop("confirmed_at"))

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

        def _parse_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_0 = UUID(data)

                return id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        mfa_factor_out = cls(
            type_=type_,
            created_at=created_at,
            confirmed_at=confirmed_at,
            last_used_at=last_used_at,
            id=id,
            name=name,
        )

        mfa_factor_out.additional_properties = d
        return mfa_factor_out

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
