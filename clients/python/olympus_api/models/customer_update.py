from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer_address import CustomerAddress


T = TypeVar("T", bound="CustomerUpdate")


@_attrs_define
class CustomerUpdate:
    """Only the fields sent change. `email`, `phone`, `notes` and `user_id` may be sent as
    null to clear them; a null anywhere else is refused (leave the field out to keep it).
    `addresses` and `tags`, when sent, replace the whole list (`[]` empties it).

    The `None` defaults are never validated nor read, only the fields the client set are
    (`changes`).

        Attributes:
            name (str | Unset):
            email (None | str | Unset):
            phone (None | str | Unset):
            addresses (list[CustomerAddress] | Unset):
            tags (list[str] | Unset):
            notes (None | str | Unset):
            marketing_consent (bool | Unset):
            user_id (None | Unset | UUID):
    """

    name: str | Unset = UNSET
    email: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    addresses: list[CustomerAddress] | Unset = UNSET
    tags: list[str] | Unset = UNSET
    notes: None | str | Unset = UNSET
    marketing_consent: bool | Unset = UNSET
    user_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        addresses: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.addresses, Unset):
            addresses = []
            for addresses_item_data in self.addresses:
                addresses_item = addresses_item_data.to_dict()
                addresses.append(addresses_item)

        tags: list[str] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        marketing_consent = self.marketing_consent

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        elif isinstance(self.user_id, UUID):
            user_id = str(self.user_id)
        else:
            user_id = self.user_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if addresses is not UNSET:
            field_dict["addresses"] = addresses
        if tags is not UNSET:
            field_dict["tags"] = tags
        if notes is not UNSET:
            field_dict["notes"] = notes
        if marketing_consent is not UNSET:
            field_dict["marketing_consent"] = marketing_consent
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_address import CustomerAddress  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        _addresses = d.pop("addresses", UNSET)
        addresses: list[CustomerAddress] | Unset = UNSET
        if _addresses is not UNSET:
            addresses = []
            for addresses_item_data in _addresses:
                addresses_item = CustomerAddress.from_dict(addresses_item_data)

                addresses.append(addresses_item)

        tags = cast(list[str], d.pop("tags", UNSET))

        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        marketing_consent = d.pop("marketing_consent", UNSET)

        def _parse_user_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                user_id_type_0 = UUID(data)

                return user_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))

        customer_update = cls(
            name=name,
            email=email,
            phone=phone,
            addresses=addresses,
            tags=tags,
            notes=notes,
            marketing_consent=marketing_consent,
            user_id=user_id,
        )

        return customer_update
