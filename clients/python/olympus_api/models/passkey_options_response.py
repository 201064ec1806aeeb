from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.passkey_options_response_public_key import (
        PasskeyOptionsResponsePublicKey,
    )


T = TypeVar("T", bound="PasskeyOptionsResponse")


@_attrs_define
class PasskeyOptionsResponse:
    """
    Attributes:
        public_key (PasskeyOptionsResponsePublicKey): WebAuthn options as JSON (camelCase, base64url): pass them to
            `PublicKeyCredential.parseCreationOptionsFromJSON()` / `parseRequestOptionsFromJSON()`, then to
            `navigator.credentials.create/get`
        expires_in (int): Seconds the challenge is accepted for (once)
    """

    public_key: PasskeyOptionsResponsePublicKey
    expires_in: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        public_key = self.public_key.to_dict()

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "public_key": public_key,
                "expires_in": expires_in,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.passkey_options_response_public_key import (
            PasskeyOptionsResponsePublicKey,  # noqa: PLC0415
        )

        d = dict(src_dict)
        public_key = PasskeyOptionsResponsePublicKey.from_dict(d.pop("public_key"))

        expires_in = d.pop("expires_in")

        passkey_options_response = cls(
            public_key=public_key,
            expires_in=expires_in,
        )

        passkey_options_response.additional_properties = d
        return passkey_options_response

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
