from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MfaChallengeResponse")


@_attrs_define
class MfaChallengeResponse:
    """A right password for a user with a second factor: no tokens yet, the second step
    (`POST /api/v1/auth/mfa/verify`) completes the sign-in.

        Attributes:
            mfa_token (str): Single use, bound to this sign-in, valid 5 minutes
            methods (list[str]): What the second step accepts
            expires_in (int): Seconds until `mfa_token` expires
            mfa_required (bool | Unset):  Default: True.
    """

    mfa_token: str
    methods: list[str]
    expires_in: int
    mfa_required: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        mfa_token = self.mfa_token

        methods = self.methods

        expires_in = self.expires_in

        mfa_required = self.mfa_required

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mfa_token": mfa_token,
                "methods": methods,
                "expires_in": expires_in,
            }
        )
        if mfa_required is not UNSET:
            field_dict["mfa_required"] = mfa_required

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        mfa_token = d.pop("mfa_token")

        methods = cast(list[str], d.pop("methods"))

        expires_in = d.pop("expires_in")

        mfa_required = d.pop("mfa_required", UNSET)

        mfa_challenge_response = cls(
            mfa_token=mfa_token,
            methods=methods,
            expires_in=expires_in,
            mfa_required=mfa_required,
        )

        mfa_challenge_response.additional_properties = d
        return mfa_challenge_response

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
