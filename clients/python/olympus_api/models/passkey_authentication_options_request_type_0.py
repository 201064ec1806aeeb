from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PasskeyAuthenticationOptionsRequestType0")


@_attrs_define
class PasskeyAuthenticationOptionsRequestType0:
    """
    Attributes:
        mfa_token (str):
        tenant (None | Unset):
        email (None | Unset):
    """

    mfa_token: str
    tenant: None | Unset = UNSET
    email: None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mfa_token = self.mfa_token

        tenant = self.tenant

        email = self.email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mfa_token": mfa_token,
            }
        )
        if tenant is not UNSET:
            field_dict["tenant"] = tenant
        if email is not UNSET:
            field_dict["email"] = email

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mfa_token = d.pop("mfa_token")

        tenant = d.pop("tenant", UNSET)

        email = d.pop("email", UNSET)

        passkey_authentication_options_request_type_0 = cls(
            mfa_token=mfa_token,
            tenant=tenant,
            email=email,
        )

        passkey_authentication_options_request_type_0.additional_properties = d
        return passkey_authentication_options_request_type_0

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
