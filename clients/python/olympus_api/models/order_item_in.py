from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="OrderItemIn")


@_attrs_define
class OrderItemIn:
    """
    Attributes:
        product_id (UUID): A sellable unit: a plain product or a variant.
        quantity (int): Units, at least one.
    """

    product_id: UUID
    quantity: int

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        quantity = self.quantity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "product_id": product_id,
                "quantity": quantity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = UUID(d.pop("product_id"))

        quantity = d.pop("quantity")

        order_item_in = cls(
            product_id=product_id,
            quantity=quantity,
        )

        return order_item_in
