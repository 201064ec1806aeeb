from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MfaFactorOut")


@_attrs_define
class MfaFactorOut:
    """
    Attributes:
        type_ (Literal['totp']):
        created_at (datetime.datetime):
        confirmed_at (datetime.datetime):
        last_used_at (datetime.datetime | None):
    """

    type_: Literal["totp"]
    created_at: datetime.datetime
    confirmed_at: datetime.datetime
    last_used_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        created_at = self.created_at.isoformat()

        confirmed_at = self.confirmed_at.isoformat()

        last_used_at: None | str
        if isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

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

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["totp"], d.pop("type"))
        if type_ != "totp":
            raise ValueError(f"type must match const 'totp', got '{type_}'")

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

        mfa_factor_out = cls(
            type_=type_,
            created_at=created_at,
            confirmed_at=confirmed_at,
            last_used_at=last_used_at,
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
