from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrderItemOut")


@_attrs_define
class OrderItemOut:
    """
    Attributes:
        id (UUID):
        product_id (UUID):
        sku (str):
        name (str):
        quantity (int):
        unit_price (int):
        subtotal (int): unit_price * quantity
        discount (int):
        tax (int):
        line_total (int): subtotal - discount (+ tax when prices exclude it)
        tax_rate (str): Per cent, as text ("20", "8.5").
        fulfilled_quantity (int):
    """

    id: UUID
    product_id: UUID
    sku: str
    name: str
    quantity: int
    unit_price: int
    subtotal: int
    discount: int
    tax: int
    line_total: int
    tax_rate: str
    fulfilled_quantity: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        product_id = str(self.product_id)

        sku = self.sku

        name = self.name

        quantity = self.quantity

        unit_price = self.unit_price

        subtotal = self.subtotal

        discount = self.discount

        tax = self.tax

        line_total = self.line_total

        tax_rate = self.tax_rate

        fulfilled_quantity = self.fulfilled_quantity

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "product_id": product_id,
                "sku": sku,
                "name": name,
                "quantity": quantity,
                "unit_price": unit_price,
                "subtotal": subtotal,
                "discount": discount,
                "tax": tax,
                "line_total": line_total,
                "tax_rate": tax_rate,
                "fulfilled_quantity": fulfilled_quantity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        product_id = UUID(d.pop("product_id"))

        sku = d.pop("sku")

        name = d.pop("name")

        quantity = d.pop("quantity")

        unit_price = d.pop("unit_price")

        subtotal = d.pop("subtotal")

        discount = d.pop("discount")

        tax = d.pop("tax")

        line_total = d.pop("line_total")

        tax_rate = d.pop("tax_rate")

        fulfilled_quantity = d.pop("fulfilled_quantity")

        order_item_out = cls(
            id=id,
            product_id=product_id,
            sku=sku,
            name=name,
            quantity=quantity,
            unit_price=unit_price,
            subtotal=subtotal,
            discount=discount,
            tax=tax,
            line_total=line_total,
            tax_rate=tax_rate,
            fulfilled_quantity=fulfilled_quantity,
        )

        order_item_out.additional_properties = d
        return order_item_out

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
