from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.hour_cell import HourCell


T = TypeVar("T", bound="HoursReport")


@_attrs_define
class HoursReport:
    """
    Attributes:
        items (list[HourCell]): All 168 weekday x hour cells, empty ones with zeros
        timezone (str):
        from_ (str):
        to (str):
    """

    items: list[HourCell]
    timezone: str
    from_: str
    to: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        timezone = self.timezone

        from_ = self.from_

        to = self.to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "timezone": timezone,
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.hour_cell import HourCell  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = HourCell.from_dict(items_item_data)

            items.append(items_item)

        timezone = d.pop("timezone")

        from_ = d.pop("from")

        to = d.pop("to")

        hours_report = cls(
            items=items,
            timezone=timezone,
            from_=from_,
            to=to,
        )

        hours_report.additional_properties = d
        return hours_report

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
