from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HourCell")


@_attrs_define
class HourCell:
    """
    Attributes:
        weekday (int): ISO weekday in the report's zone: 1 Monday ... 7 Sunday
        hour (int): Local hour of the day, 0-23
        orders (int):
        revenue (int):
    """

    weekday: int
    hour: int
    orders: int
    revenue: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        weekday = self.weekday

        hour = self.hour

        orders = self.orders

        revenue = self.revenue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "weekday": weekday,
                "hour": hour,
                "orders": orders,
                "revenue": revenue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        weekday = d.pop("weekday")

        hour = d.pop("hour")

        orders = d.pop("orders")

        revenue = d.pop("revenue")

        hour_cell = cls(
            weekday=weekday,
            hour=hour,
            orders=orders,
            revenue=revenue,
        )

        hour_cell.additional_properties = d
        return hour_cell

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
