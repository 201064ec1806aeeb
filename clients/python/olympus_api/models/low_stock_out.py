from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LowStockOut")


@_attrs_define
class LowStockOut:
    """
    Attributes:
        product_id (UUID): The sellable unit: a plain product or a variant.
        sku (str):
        name (str):
        location_id (UUID):
        on_hand (int):
        reserved (int):
        available (int): on_hand - reserved, at or below the threshold
        low_stock_threshold (int):
    """

    product_id: UUID
    sku: str
    name: str
    location_id: UUID
    on_hand: int
    reserved: int
    available: int
    low_stock_threshold: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        sku = self.sku

        name = self.name

        location_id = str(self.location_id)

        on_hand = self.on_hand

        reserved = self.reserved

        available = self.available

        low_stock_threshold = self.low_stock_threshold

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "sku": sku,
                "name": name,
                "location_id": location_id,
                "on_hand": on_hand,
                "reserved": reserved,
                "available": available,
                "low_stock_threshold": low_stock_threshold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = UUID(d.pop("product_id"))

        sku = d.pop("sku")

        name = d.pop("name")

        location_id = UUID(d.pop("location_id"))

        on_hand = d.pop("on_hand")

        reserved = d.pop("reserved")

        available = d.pop("available")

        low_stock_threshold = d.pop("low_stock_threshold")

        low_stock_out = cls(
            product_id=product_id,
            sku=sku,
            name=name,
            location_id=location_id,
            on_hand=on_hand,
            reserved=reserved,
            available=available,
            low_stock_threshold=low_stock_threshold,
        )

        low_stock_out.additional_properties = d
        return low_stock_out

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
