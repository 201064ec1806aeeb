from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomerAddress")


@_attrs_define
class CustomerAddress:
    """A postal address of a customer: `line1` and `country` are required, the other parts
    optional. At most one address of a customer is the default for shipping, one for billing
    (the same address may be both).

        Attributes:
            line1 (str):
            country (str): ISO 3166-1 alpha-2.
            line2 (None | str | Unset):
            city (None | str | Unset):
            region (None | str | Unset):
            postal_code (None | str | Unset):
            label (None | str | Unset):
            default_shipping (bool | Unset):  Default: False.
            default_billing (bool | Unset):  Default: False.
    """

    line1: str
    country: str
    line2: None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    region: None | str | Unset = UNSET
    postal_code: None | str | Unset = UNSET
    label: None | str | Unset = UNSET
    default_shipping: bool | Unset = False
    default_billing: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        line1 = self.line1

        country = self.country

        line2: None | str | Unset
        if isinstance(self.line2, Unset):
            line2 = UNSET
        else:
            line2 = self.line2

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region

        postal_code: None | str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        default_shipping = self.default_shipping

        default_billing = self.default_billing

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "line1": line1,
                "country": country,
            }
        )
        if line2 is not UNSET:
            field_dict["line2"] = line2
        if city is not UNSET:
            field_dict["city"] = city
        if region is not UNSET:
            field_dict["region"] = region
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if label is not UNSET:
            field_dict["label"] = label
        if default_shipping is not UNSET:
            field_dict["default_shipping"] = default_shipping
        if default_billing is not UNSET:
            field_dict["default_billing"] = default_billing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        line1 = d.pop("line1")

        country = d.pop("country")

        def _parse_line2(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        line2 = _parse_line2(d.pop("line2", UNSET))

        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))

        def _parse_postal_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postal_code", UNSET))

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))

        default_shipping = d.pop("default_shipping", UNSET)

        default_billing = d.pop("default_billing", UNSET)

        customer_address = cls(
            line1=line1,
            country=country,
            line2=line2,
            city=city,
            region=region,
            postal_code=postal_code,
            label=label,
            default_shipping=default_shipping,
            default_billing=default_billing,
        )

        return customer_address
