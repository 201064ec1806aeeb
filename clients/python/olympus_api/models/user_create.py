from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserCreate")


@_attrs_define
class UserCreate:
    """
    Attributes:
        email (str):
        full_name (str | Unset):  Default: ''.
        password (None | str | Unset): Omit to invite: the user gets an email to choose their password
        role_ids (list[UUID] | Unset): Roles granted tenant-wide
    """

    email: str
    full_name: str | Unset = ""
    password: None | str | Unset = UNSET
    role_ids: list[UUID] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        full_name = self.full_name

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        role_ids: list[str] | Unset = UNSET
        if not isinstance(self.role_ids, Unset):
            role_ids = []
            for role_ids_item_data in self.role_ids:
                role_ids_item = str(role_ids_item_data)
                role_ids.append(role_ids_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
            }
        )
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if password is not UNSET:
            field_dict["password"] = password
        if role_ids is not UNSET:
            field_dict["role_ids"] = role_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        full_name = d.pop("full_name", UNSET)

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        _role_ids = d.pop("role_ids", UNSET)
        role_ids: list[UUID] | Unset = UNSET
        if _role_ids is not UNSET:
            role_ids = []
            for role_ids_item_data in _role_ids:
                role_ids_item = UUID(role_ids_item_data)

                role_ids.append(role_ids_item)

        user_create = cls(
            email=email,
            full_name=full_name,
            password=password,
            role_ids=role_ids,
        )

        return user_create
