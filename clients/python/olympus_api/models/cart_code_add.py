from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="CartCodeAdd")


@_attrs_define
class CartCodeAdd:
    """
    Attributes:
        code (str): 1-40 letters, digits, `-` and `_`. Matched in any case; unique in the tenant in any case.
    """

    code: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        cart_code_add = cls(
            code=code,
        )

        return cart_code_add
