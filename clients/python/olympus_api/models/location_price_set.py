from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="LocationPriceSet")


@_attrs_define
class LocationPriceSet:
    """
    Attributes:
        price (int): In the currency's minor units (cents).
    """

    price: int

    def to_dict(self) -> dict[str, Any]:
        price = self.price

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "price": price,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        price = d.pop("price")

        location_price_set = cls(
            price=price,
        )

        return location_price_set
