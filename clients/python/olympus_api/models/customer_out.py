from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.customer_address_out import CustomerAddressOut


T = TypeVar("T", bound="CustomerOut")


@_attrs_define
class CustomerOut:
    """
    Attributes:
        id (UUID):
        tenant_id (UUID):
        name (str):
        email (None | str):
        phone (None | str):
        addresses (list[CustomerAddressOut]):
        tags (list[str]):
        notes (None | str):
        marketing_consent (bool):
        marketing_consent_at (datetime.datetime | None): When the consent last changed (set by the service); null if
            never given.
        user_id (None | UUID):
        erased_at (datetime.datetime | None): Set once the customer's personal data has been erased.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    tenant_id: UUID
    name: str
    email: None | str
    phone: None | str
    addresses: list[CustomerAddressOut]
    tags: list[str]
    notes: None | str
    marketing_consent: bool
    marketing_consent_at: datetime.datetime | None
    user_id: None | UUID
    erased_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        tenant_id = str(self.tenant_id)

        name = self.name

        email: None | str
        email = self.email

        phone: None | str
        phone = self.phone

        addresses = []
        for addresses_item_data in self.addresses:
            addresses_item = addresses_item_data.to_dict()
            addresses.append(addresses_item)

        tags = self.tags

        notes: None | str
        notes = self.notes

        marketing_consent = self.marketing_consent

        marketing_consent_at: None | str
        if isinstance(self.marketing_consent_at, datetime.datetime):
            marketing_consent_at = self.marketing_consent_at.isoformat()
        else:
            marketing_consent_at = self.marketing_consent_at

        user_id: None | str
        if isinstance(self.user_id, UUID):
            user_id = str(self.user_id)
        else:
            user_id = self.user_id

        erased_at: None | str
        if isinstance(self.erased_at, datetime.datetime):
            erased_at = self.erased_at.isoformat()
        else:
            erased_at = self.erased_at

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "name": name,
                "email": email,
                "phone": phone,
                "addresses": addresses,
                "tags": tags,
                "notes": notes,
                "marketing_consent": marketing_consent,
                "marketing_consent_at": marketing_consent_at,
                "user_id": user_id,
                "erased_at": erased_at,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_address_out import CustomerAddressOut  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        tenant_id = UUID(d.pop("tenant_id"))

        name = d.pop("name")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        addresses = []
        _addresses = d.pop("addresses")
        for addresses_item_data in _addresses:
            addresses_item = CustomerAddressOut.from_dict(addresses_item_data)

            addresses.append(addresses_item)

        tags = cast(list[str], d.pop("tags"))

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        marketing_consent = d.pop("marketing_consent")

        def _parse_marketing_consent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                marketing_consent_at_type_0 = datetime.datetime.fromisoformat(data)

                return marketing_consent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        marketing_consent_at = _parse_marketing_consent_at(d.pop("marketing_consent_at"))

        def _parse_user_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                user_id_type_0 = UUID(data)

                return user_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        user_id = _parse_user_id(d.pop("user_id"))

        def _parse_erased_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                erased_at_type_0 = datetime.datetime.fromisoformat(data)

                return erased_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        erased_at = _parse_erased_at(d.pop("erased_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        customer_out = cls(
            id=id,
            tenant_id=tenant_id,
            name=name,
            email=email,
            phone=phone,
            addresses=addresses,
            tags=tags,
            notes=notes,
            marketing_consent=marketing_consent,
            marketing_consent_at=marketing_consent_at,
            user_id=user_id,
            erased_at=erased_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        customer_out.additional_properties = d
        return customer_out

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
