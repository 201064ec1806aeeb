from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.location_kind import LocationKind, check_location_kind
from ..models.location_update_currency import (
    LocationUpdateCurrency,
    check_location_update_currency,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="LocationUpdate")


@_attrs_define
class LocationUpdate:
    """Only the fields sent change; `address`, when sent, replaces the whole address.

    Every field is required in the model (so an explicit null is refused like any wrong
    type) yet may be left out: the `None` defaults are never validated nor read, only the
    fields the client set are (`changes`).

        Attributes:
            name (str | Unset):
            code (str | Unset): Unique in the tenant; stored upper case.
            kind (LocationKind | Unset):
            address (Address | Unset): A postal address; every part is optional.
            timezone (str | Unset): An IANA time zone.
            currency (LocationUpdateCurrency | Unset): An active ISO 4217 currency code, in upper or lower case (upper-cased
                on the way in).
    """

    name: str | Unset = UNSET
    code: str | Unset = UNSET
    kind: LocationKind | Unset = UNSET
    address: Address | Unset = UNSET
    timezone: str | Unset = UNSET
    currency: LocationUpdateCurrency | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        code = self.code

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind

        address: dict[str, Any] | Unset = UNSET
        if not isinstance(self.address, Unset):
            address = self.address.to_dict()

        timezone = self.timezone

        currency: str | Unset = UNSET
        if not isinstance(self.currency, Unset):
            currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if code is not UNSET:
            field_dict["code"] = code
        if kind is not UNSET:
            field_dict["kind"] = kind
        if address is not UNSET:
            field_dict["address"] = address
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if currency is not UNSET:
            field_dict["currency"] = currency

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        code = d.pop("code", UNSET)

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

        timezone = d.pop("timezone", UNSET)

        _currency = d.pop("currency", UNSET)
        currency: LocationUpdateCurrency | Unset
        if isinstance(_currency, Unset):
            currency = UNSET
        else:
            currency = check_location_update_currency(_currency)

        location_update = cls(
            name=name,
            code=code,
            kind=kind,
            address=address,
            timezone=timezone,
            currency=currency,
        )

        return location_update
