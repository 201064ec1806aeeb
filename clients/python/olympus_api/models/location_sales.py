from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LocationSales")


@_attrs_define
class LocationSales:
    """
    Attributes:
        orders (int): Orders paid (counted once, when their payments covered their total)
        revenue (int): Totals of those orders: after discounts, tax included
        refunds (int): Refunds that succeeded in the period (of any order)
        net_revenue (int): revenue - refunds
        items_sold (int): Units on the lines of the orders paid
        average_order_value (int): revenue / orders, rounded half up; 0 without orders
        discount_total (int): Discounts given on the orders paid
        tax_total (int): Tax included in the revenue
        location_id (UUID):
        name (str):
        code (str):
    """

    orders: int
    revenue: int
    refunds: int
    net_revenue: int
    items_sold: int
    average_order_value: int
    discount_total: int
    tax_total: int
    location_id: UUID
    name: str
    code: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = self.orders

        revenue = self.revenue

        refunds = self.refunds

        net_revenue = self.net_revenue

        items_sold = self.items_sold

        average_order_value = self.average_order_value

        discount_total = self.discount_total

        tax_total = self.tax_total

        location_id = str(self.location_id)

        name = self.name

        code = self.code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
                "revenue": revenue,
                "refunds": refunds,
                "net_revenue": net_revenue,
                "items_sold": items_sold,
                "average_order_value": average_order_value,
                "discount_total": discount_total,
                "tax_total": tax_total,
                "location_id": location_id,
                "name": name,
                "code": code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        orders = d.pop("orders")

        revenue = d.pop("revenue")

        refunds = d.pop("refunds")

        net_revenue = d.pop("net_revenue")

        items_sold = d.pop("items_sold")

        average_order_value = d.pop("average_order_value")

        discount_total = d.pop("discount_total")

        tax_total = d.pop("tax_total")

        location_id = UUID(d.pop("location_id"))

        name = d.pop("name")

        code = d.pop("code")

        location_sales = cls(
            orders=orders,
            revenue=revenue,
            refunds=refunds,
            net_revenue=net_revenue,
            items_sold=items_sold,
            average_order_value=average_order_value,
            discount_total=discount_total,
            tax_total=tax_total,
            location_id=location_id,
            name=name,
            code=code,
        )

        location_sales.additional_properties = d
        return location_sales

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
