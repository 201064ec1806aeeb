from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AttestationResponseJSON")


@_attrs_define
class AttestationResponseJSON:
    """
    Attributes:
        client_data_json (str):
        attestation_object (str):
        authenticator_data (None | str | Unset):
        transports (list[str] | Unset):
        public_key (None | str | Unset):
        public_key_algorithm (int | None | Unset):
    """

    client_data_json: str
    attestation_object: str
    authenticator_data: None | str | Unset = UNSET
    transports: list[str] | Unset = UNSET
    public_key: None | str | Unset = UNSET
    public_key_algorithm: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        client_data_json = self.client_data_json

        attestation_object = self.attestation_object

        authenticator_data: None | str | Unset
        if isinstance(self.authenticator_data, Unset):
            authenticator_data = UNSET
        else:
            authenticator_data = self.authenticator_data

        transports: list[str] | Unset = UNSET
        if not isinstance(self.transports, Unset):
            transports = self.transports

        public_key: None | str | Unset
        if isinstance(self.public_key, Unset):
            public_key = UNSET
        else:
            public_key = self.public_key

        public_key_algorithm: int | None | Unset
        if isinstance(self.public_key_algorithm, Unset):
            public_key_algorithm = UNSET
        else:
            public_key_algorithm = self.public_key_algorithm

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "clientDataJSON": client_data_json,
                "attestationObject": attestation_object,
            }
        )
        if authenticator_data is not UNSET:
            field_dict["authenticatorData"] = authenticator_data
        if transports is not UNSET:
            field_dict["transports"] = transports
        if public_key is not UNSET:
            field_dict["publicKey"] = public_key
        if public_key_algorithm is not UNSET:
            field_dict["publicKeyAlgorithm"] = public_key_algorithm

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_data_json = d.pop("clientDataJSON")

        attestation_object = d.pop("attestationObject")

        def _parse_authenticator_data(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        authenticator_data = _parse_authenticator_data(d.pop("authenticatorData", UNSET))

        transports = cast(list[str], d.pop("transports", UNSET))

        def _parse_public_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        public_key = _parse_public_key(d.pop("publicKey", UNSET))

        def _parse_public_key_algorithm(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        public_key_algorithm = _parse_public_key_algorithm(d.pop("publicKeyAlgorithm", UNSET))

        attestation_response_json = cls(
            client_data_json=client_data_json,
            attestation_object=attestation_object,
            authenticator_data=authenticator_data,
            transports=transports,
            public_key=public_key,
            public_key_algorithm=public_key_algorithm,
        )

        return attestation_response_json
