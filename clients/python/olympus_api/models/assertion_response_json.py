from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssertionResponseJSON")


@_attrs_define
class AssertionResponseJSON:
    """
    Attributes:
        client_data_json (str):
        authenticator_data (str):
        signature (str):
        user_handle (None | str | Unset):
    """

    client_data_json: str
    authenticator_data: str
    signature: str
    user_handle: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        client_data_json = self.client_data_json

        authenticator_data = self.authenticator_data

        signature = self.signature

        user_handle: None | str | Unset
        if isinstance(self.user_handle, Unset):
            user_handle = UNSET
        else:
            user_handle = self.user_handle

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "clientDataJSON": client_data_json,
                "authenticatorData": authenticator_data,
                "signature": signature,
            }
        )
        if user_handle is not UNSET:
            field_dict["userHandle"] = user_handle

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_data_json = d.pop("clientDataJSON")

        authenticator_data = d.pop("authenticatorData")

        signature = d.pop("signature")

        def _parse_user_handle(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user_handle = _parse_user_handle(d.pop("userHandle", UNSET))

        assertion_response_json = cls(
            client_data_json=client_data_json,
            authenticator_data=authenticator_data,
            signature=signature,
            user_handle=user_handle,
        )

        return assertion_response_json
