from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TopProduct")


@_attrs_define
class TopProduct:
    """
    Attributes:
        product_id (UUID):
        sku (str):
        name (str):
        quantity (int): Units sold in orders paid in the window
        revenue (int): Line totals of those units (after discounts, tax included)
    """

    product_id: UUID
    sku: str
    name: str
    quantity: int
    revenue: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        sku = self.sku

        name = self.name

        quantity = self.quantity

        revenue = self.revenue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "product_id": product_id,
                "sku": sku,
                "name": name,
                "quantity": quantity,
                "revenue": revenue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = UUID(d.pop("product_id"))

        sku = d.pop("sku")

        name = d.pop("name")

        quantity = d.pop("quantity")

        revenue = d.pop("revenue")

        top_product = cls(
            product_id=product_id,
            sku=sku,
            name=name,
            quantity=quantity,
            revenue=revenue,
        )

        top_product.additional_properties = d
        return top_product

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
