from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RoleCreate")


@_attrs_define
class RoleCreate:
    """
    Attributes:
        name (str):
        description (str | Unset):  Default: ''.
        permissions (list[str] | Unset):
    """

    name: str
    description: str | Unset = ""
    permissions: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        description = self.description

        permissions: list[str] | Unset = UNSET
        if not isinstance(self.permissions, Unset):
            permissions = self.permissions

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if permissions is not UNSET:
            field_dict["permissions"] = permissions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        description = d.pop("description", UNSET)

        permissions = cast(list[str], d.pop("permissions", UNSET))

        role_create = cls(
            name=name,
            description=description,
            permissions=permissions,
        )

        return role_create
