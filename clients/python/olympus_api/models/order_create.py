from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.order_item_in import OrderItemIn


T = TypeVar("T", bound="OrderCreate")


@_attrs_define
class OrderCreate:
    """
    Attributes:
        location_id (UUID): Where the sale happens; stock is held there.
        items (list[OrderItemIn]):
        customer_id (None | Unset | UUID):
        discount_codes (list[str] | Unset):
    """

    location_id: UUID
    items: list[OrderItemIn]
    customer_id: None | Unset | UUID = UNSET
    discount_codes: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        location_id = str(self.location_id)

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        customer_id: None | str | Unset
        if isinstance(self.customer_id, Unset):
            customer_id = UNSET
        elif isinstance(self.customer_id, UUID):
            customer_id = str(self.customer_id)
        else:
            customer_id = self.customer_id

        discount_codes: list[str] | Unset = UNSET
        if not isinstance(self.discount_codes, Unset):
            discount_codes = self.discount_codes

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "location_id": location_id,
                "items": items,
            }
        )
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id
        if discount_codes is not UNSET:
            field_dict["discount_codes"] = discount_codes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_item_in import OrderItemIn  # noqa: PLC0415

        d = dict(src_dict)
        location_id = UUID(d.pop("location_id"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = OrderItemIn.from_dict(items_item_data)

            items.append(items_item)

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

        discount_codes = cast(list[str], d.pop("discount_codes", UNSET))

        order_create = cls(
            location_id=location_id,
            items=items,
            customer_id=customer_id,
            discount_codes=discount_codes,
        )

        return order_create
