from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CartDiscountOut")


@_attrs_define
class CartDiscountOut:
    """
    Attributes:
        discount_id (UUID):
        name (str):
        code (None | str): Null for an automatic discount.
        amount (int):
    """

    discount_id: UUID
    name: str
    code: None | str
    amount: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        discount_id = str(self.discount_id)

        name = self.name

        code: None | str
        code = self.code

        amount = self.amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "discount_id": discount_id,
                "name": name,
                "code": code,
                "amount": amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        discount_id = UUID(d.pop("discount_id"))

        name = d.pop("name")

        def _parse_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code = _parse_code(d.pop("code"))

        amount = d.pop("amount")

        cart_discount_out = cls(
            discount_id=discount_id,
            name=name,
            code=code,
            amount=amount,
        )

        cart_discount_out.additional_properties = d
        return cart_discount_out

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
