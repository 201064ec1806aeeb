from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TaxRateInput")


@_attrs_define
class TaxRateInput:
    """The rate of one tax class, everywhere or at one location (a location's own rate wins
    over the tenant-wide one of the same class).

        Attributes:
            tax_class (str): The tax class of the products it applies to
            rate (float | str): Per cent, up to 4 decimals: 8.875
            location_id (None | Unset | UUID): Only at this location; none: at every location
    """

    tax_class: str
    rate: float | str
    location_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        tax_class = self.tax_class

        rate: float | str
        rate = self.rate

        location_id: None | str | Unset
        if isinstance(self.location_id, Unset):
            location_id = UNSET
        elif isinstance(self.location_id, UUID):
            location_id = str(self.location_id)
        else:
            location_id = self.location_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tax_class": tax_class,
                "rate": rate,
            }
        )
        if location_id is not UNSET:
            field_dict["location_id"] = location_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tax_class = d.pop("tax_class")

        def _parse_rate(data: object) -> float | str:
            return cast(float | str, data)

        rate = _parse_rate(d.pop("rate"))

        def _parse_location_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                location_id_type_0 = UUID(data)

                return location_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        location_id = _parse_location_id(d.pop("location_id", UNSET))

        tax_rate_input = cls(
            tax_class=tax_class,
            rate=rate,
            location_id=location_id,
        )

        return tax_rate_input
