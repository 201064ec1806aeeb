from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.assertion_response_json import AssertionResponseJSON
    from ..models.authentication_credential_json_clientextensionresults import (
        AuthenticationCredentialJSONClientextensionresults,
    )


T = TypeVar("T", bound="AuthenticationCredentialJSON")


@_attrs_define
class AuthenticationCredentialJSON:
    """What `navigator.credentials.get()` answered, as `toJSON()` gives it.

    Attributes:
        id (str):
        raw_id (str):
        type_ (Literal['public-key']):
        response (AssertionResponseJSON):
        authenticator_attachment (None | str | Unset):
        client_extension_results (AuthenticationCredentialJSONClientextensionresults | Unset):
    """

    id: str
    raw_id: str
    type_: Literal["public-key"]
    response: AssertionResponseJSON
    authenticator_attachment: None | str | Unset = UNSET
    client_extension_results: AuthenticationCredentialJSONClientextensionresults | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        raw_id = self.raw_id

        type_ = self.type_

        response = self.response.to_dict()

        authenticator_attachment: None | str | Unset
        if isinstance(self.authenticator_attachment, Unset):
            authenticator_attachment = UNSET
        else:
            authenticator_attachment = self.authenticator_attachment

        client_extension_results: dict[str, Any] | Unset = UNSET
        if not isinstance(self.client_extension_results, Unset):
            client_extension_results = self.client_extension_results.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "rawId": raw_id,
                "type": type_,
                "response": response,
            }
        )
        if authenticator_attachment is not UNSET:
            field_dict["authenticatorAttachment"] = authenticator_attachment
        if client_extension_results is not UNSET:
            field_dict["clientExtensionResults"] = client_extension_results

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.assertion_response_json import AssertionResponseJSON  # noqa: PLC0415
        from ..models.authentication_credential_json_clientextensionresults import (
            AuthenticationCredentialJSONClientextensionresults,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("id")

        raw_id = d.pop("rawId")

        type_ = cast(Literal["public-key"], d.pop("type"))
        if type_ != "public-key":
            raise ValueError(f"type must match const 'public-key', got '{type_}'")

        response = AssertionResponseJSON.from_dict(d.pop("response"))

        def _parse_authenticator_attachment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        authenticator_attachment = _parse_authenticator_attachment(
            d.pop("authenticatorAttachment", UNSET)
        )

        _client_extension_results = d.pop("clientExtensionResults", UNSET)
        client_extension_results: AuthenticationCredentialJSONClientextensionresults | Unset
        if isinstance(_client_extension_results, Unset):
            client_extension_results = UNSET
        else:
            client_extension_results = AuthenticationCredentialJSONClientextensionresults.from_dict(
                _client_extension_results
            )

        authentication_credential_json = cls(
            id=id,
            raw_id=raw_id,
            type_=type_,
            response=response,
            authenticator_attachment=authenticator_attachment,
            client_extension_results=client_extension_results,
        )

        return authentication_credential_json
