from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.authentication_credential_json import AuthenticationCredentialJSON


T = TypeVar("T", bound="PasskeyAuthenticationRequest")


@_attrs_define
class PasskeyAuthenticationRequest:
    """
    Attributes:
        credential (AuthenticationCredentialJSON): What `navigator.credentials.get()` answered, as `toJSON()` gives it.
        mfa_token (None | str | Unset):
        tenant (None | str | Unset):
    """

    credential: AuthenticationCredentialJSON
    mfa_token: None | str | Unset = UNSET
    tenant: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        credential = self.credential.to_dict()

        mfa_token: None | str | Unset
        if isinstance(self.mfa_token, Unset):
            mfa_token = UNSET
        else:
            mfa_token = self.mfa_token

        tenant: None | str | Unset
        if isinstance(self.tenant, Unset):
            tenant = UNSET
        else:
            tenant = self.tenant

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "credential": credential,
            }
        )
        if mfa_token is not UNSET:
            field_dict["mfa_token"] = mfa_token
        if tenant is not UNSET:
            field_dict["tenant"] = tenant

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.authentication_credential_json import AuthenticationCredentialJSON  # noqa: PLC0415

        d = dict(src_dict)
        credential = AuthenticationCredentialJSON.from_dict(d.pop("credential"))

        def _parse_mfa_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mfa_token = _parse_mfa_token(d.pop("mfa_token", UNSET))

        def _parse_tenant(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tenant = _parse_tenant(d.pop("tenant", UNSET))

        passkey_authentication_request = cls(
            credential=credential,
            mfa_token=mfa_token,
            tenant=tenant,
        )

        return passkey_authentication_request
