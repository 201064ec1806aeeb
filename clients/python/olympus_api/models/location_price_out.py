from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LocationPriceOut")


@_attrs_define
class LocationPriceOut:
    """
    Attributes:
        product_id (UUID):
        location_id (UUID):
        price (int):
        updated_at (datetime.datetime):
    """

    product_id: UUID
    location_id: UUID
    price: int
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        location_id = str(self.location_id)

        price = self.price

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "location_id": location_id,
                "price": price,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = UUID(d.pop("product_id"))

        location_id = UUID(d.pop("location_id"))

        price = d.pop("price")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        location_price_out = cls(
            product_id=product_id,
            location_id=location_id,
            price=price,
            updated_at=updated_at,
        )

        location_price_out.additional_properties = d
        return location_price_out

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
