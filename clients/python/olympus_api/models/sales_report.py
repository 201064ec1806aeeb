from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.interval import Interval, check_interval

if TYPE_CHECKING:
    from ..models.sales_figures import SalesFigures
    from ..models.sales_period import SalesPeriod


T = TypeVar("T", bound="SalesReport")


@_attrs_define
class SalesReport:
    """
    Attributes:
        series (list[SalesPeriod]): Every period of the window, empty ones with zeros
        totals (SalesFigures):
        interval (Interval):
        timezone (str): The zone periods are counted in
        from_ (str): Start of the window (inclusive), UTC
        to (str): End of the window (exclusive), UTC
    """

    series: list[SalesPeriod]
    totals: SalesFigures
    interval: Interval
    timezone: str
    from_: str
    to: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        series = []
        for series_item_data in self.series:
            series_item = series_item_data.to_dict()
            series.append(series_item)

        totals = self.totals.to_dict()

        interval: str = self.interval

        timezone = self.timezone

        from_ = self.from_

        to = self.to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "series": series,
                "totals": totals,
                "interval": interval,
                "timezone": timezone,
                "from": from_,
                "to": to,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sales_figures import SalesFigures  # noqa: PLC0415
        from ..models.sales_period import SalesPeriod  # noqa: PLC0415

        d = dict(src_dict)
        series = []
        _series = d.pop("series")
        for series_item_data in _series:
            series_item = SalesPeriod.from_dict(series_item_data)

            series.append(series_item)

        totals = SalesFigures.from_dict(d.pop("totals"))

        interval = check_interval(d.pop("interval"))

        timezone = d.pop("timezone")

        from_ = d.pop("from")

        to = d.pop("to")

        sales_report = cls(
            series=series,
            totals=totals,
            interval=interval,
            timezone=timezone,
            from_=from_,
            to=to,
        )

        sales_report.additional_properties = d
        return sales_report

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
