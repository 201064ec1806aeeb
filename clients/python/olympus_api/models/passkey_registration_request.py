from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.registration_credential_json import RegistrationCredentialJSON


T = TypeVar("T", bound="PasskeyRegistrationRequest")


@_attrs_define
class PasskeyRegistrationRequest:
    """
    Attributes:
        credential (RegistrationCredentialJSON): What `navigator.credentials.create()` answered, as `toJSON()` gives it.
        name (None | str | Unset):
    """

    credential: RegistrationCredentialJSON
    name: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        credential = self.credential.to_dict()

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "credential": credential,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.registration_credential_json import RegistrationCredentialJSON  # noqa: PLC0415

        d = dict(src_dict)
        credential = RegistrationCredentialJSON.from_dict(d.pop("credential"))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        passkey_registration_request = cls(
            credential=credential,
            name=name,
        )

        return passkey_registration_request
