from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OwnerIn")


@_attrs_define
class OwnerIn:
    """
    Attributes:
        email (str):
        password (str):
        full_name (str | Unset):  Default: ''.
    """

    email: str
    password: str
    full_name: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        full_name = self.full_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
                "password": password,
            }
        )
        if full_name is not UNSET:
            field_dict["full_name"] = full_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        full_name = d.pop("full_name", UNSET)

        owner_in = cls(
            email=email,
            password=password,
            full_name=full_name,
        )

        return owner_in
