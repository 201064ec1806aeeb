from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.location_stock_out import LocationStockOut


T = TypeVar("T", bound="StockOut")


@_attrs_define
class StockOut:
    """
    Attributes:
        product_id (UUID): The sellable unit: a plain product or a variant.
        on_hand (int):
        reserved (int):
        available (int):
        locations (list[LocationStockOut]):
    """

    product_id: UUID
    on_hand: int
    reserved: int
    available: int
    locations: list[LocationStockOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        on_hand = self.on_hand

        reserved = self.reserved

        available = self.available

        locations = []
        for locations_item_data in self.locations:
            locations_item = locations_item_data.to_dict()
            locations.append(locations_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "on_hand": on_hand,
                "reserved": reserved,
                "available": available,
                "locations": locations,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.location_stock_out import LocationStockOut  # noqa: PLC0415

        d = dict(src_dict)
        product_id = UUID(d.pop("product_id"))

        on_hand = d.pop("on_hand")

        reserved = d.pop("reserved")

        available = d.pop("available")

        locations = []
        _locations = d.pop("locations")
        for locations_item_data in _locations:
            locations_item = LocationStockOut.from_dict(locations_item_data)

            locations.append(locations_item)

        stock_out = cls(
            product_id=product_id,
            on_hand=on_hand,
            reserved=reserved,
            available=available,
            locations=locations,
        )

        stock_out.additional_properties = d
        return stock_out

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
