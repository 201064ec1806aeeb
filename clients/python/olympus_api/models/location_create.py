from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.location_create_currency import (
    LocationCreateCurrency,
    check_location_create_currency,
)
from ..models.location_kind import LocationKind, check_location_kind
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="LocationCreate")


@_attrs_define
class LocationCreate:
    """
    Attributes:
        name (str):
        code (str): Unique in the tenant; stored upper case.
        timezone (str): An IANA time zone.
        currency (LocationCreateCurrency): An active ISO 4217 currency code, in upper or lower case (upper-cased on the
            way in).
        kind (LocationKind | Unset):
        address (Address | Unset): A postal address; every part is optional.
    """

    name: str
    code: str
    timezone: str
    currency: LocationCreateCurrency
    kind: LocationKind | Unset = UNSET
    address: Address | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        code = self.code

        timezone = self.timezone

        currency: str = self.currency

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind

        address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.address, Unset):
            address = self.address.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "code": code,
                "timezone": timezone,
                "currency": currency,
            }
        )
        if kind is not UNSET:
            field_dict["kind"] = kind
        if address is not UNSET:
            field_dict["address"] = address

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        code = d.pop("code")

        timezone = d.pop("timezone")

        currency = check_location_create_currency(d.pop("currency"))

        _kind = d.pop("kind", UNSET)
        kind: LocationKind | Unset
        if isinstance(_kind, Unset):
            kind = UNSET
        else:
            kind = check_location_kind(_kind)

        _address = d.pop("address", UNSET)
        address: Address | Unset
        if isinstance(_address, Unset):
            address = UNSET
        else:
            address = Address.from_dict(_address)

        location_create = cls(
            name=name,
            code=code,
            timezone=timezone,
            currency=currency,
            kind=kind,
            address=address,
        )

        return location_create
