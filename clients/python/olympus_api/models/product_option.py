from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ProductOption")


@_attrs_define
class ProductOption:
    """One way the variants of a product differ, with the values it takes.

    Attributes:
        name (str):
        values (list[str]):
    """

    name: str
    values: list[str]

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        values = self.values

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "values": values,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        values = cast(list[str], d.pop("values"))

        product_option = cls(
            name=name,
            values=values,
        )

        return product_option
