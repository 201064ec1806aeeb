from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.passkey_out import PasskeyOut


T = TypeVar("T", bound="PasskeyRegisteredResponse")


@_attrs_define
class PasskeyRegisteredResponse:
    """
    Attributes:
        passkey (PasskeyOut):
        recovery_codes (list[str] | None): Ten single-use codes, shown only now, when this passkey is the first second
            factor of the account; otherwise null
    """

    passkey: PasskeyOut
    recovery_codes: list[str] | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        passkey = self.passkey.to_dict()

        recovery_codes: list[str] | None
        if isinstance(self.recovery_codes, list):
            recovery_codes = self.recovery_codes

        else:
            recovery_codes = self.recovery_codes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "passkey": passkey,
                "recovery_codes": recovery_codes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.passkey_out import PasskeyOut  # noqa: PLC0415

        d = dict(src_dict)
        passkey = PasskeyOut.from_dict(d.pop("passkey"))

        def _parse_recovery_codes(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                recovery_codes_type_0 = cast(list[str], data)

                return recovery_codes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        recovery_codes = _parse_recovery_codes(d.pop("recovery_codes"))

        passkey_registered_response = cls(
            passkey=passkey,
            recovery_codes=recovery_codes,
        )

        passkey_registered_response.additional_properties = d
        return passkey_registered_response

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
