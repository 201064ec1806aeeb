from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.cart_channel import CartChannel, check_cart_channel
from ..types import UNSET, Unset

T = TypeVar("T", bound="CartCreate")


@_attrs_define
class CartCreate:
    """
    Attributes:
        location_id (UUID): Where the sale happens: prices, tax, stock.
        channel (CartChannel):
        customer_id (None | Unset | UUID): A customer of the tenant.
    """

    location_id: UUID
    channel: CartChannel
    customer_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        location_id = str(self.location_id)

        channel: str = self.channel

        customer_id: None | str | Unset
        if isinstance(self.customer_id, Unset):
            customer_id = UNSET
        elif isinstance(self.customer_id, UUID):
            customer_id = str(self.customer_id)
        else:
            customer_id = self.customer_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "location_id": location_id,
                "channel": channel,
            }
        )
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        location_id = UUID(d.pop("location_id"))

        channel = check_cart_channel(d.pop("channel"))

        def _parse_customer_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                customer_id_type_0 = UUID(data)

                return customer_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        customer_id = _parse_customer_id(d.pop("customer_id", UNSET))

        cart_create = cls(
            location_id=location_id,
            channel=channel,
            customer_id=customer_id,
        )

        return cart_create
