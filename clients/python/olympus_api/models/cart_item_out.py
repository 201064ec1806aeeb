from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CartItemOut")


@_attrs_define
class CartItemOut:
    """
    Attributes:
        id (UUID):
        product_id (UUID):
        sku (None | str): Null when the unit is gone or now has variants.
        name (None | str):
        quantity (int):
        unit_price (int): At the cart's location, in minor units.
        subtotal (int): `unit_price` times `quantity`.
        discount (int): What the discounts take off this line.
        tax (int): The line's tax (included in it when prices include tax).
        line_total (int): What the line costs after discounts, with tax.
        problem (None | str): Why the line can't be sold now (`product_not_found`, `product_not_sellable`,
            `location_currency_mismatch`): it is priced at 0 and checkout refuses it.
    """

    id: UUID
    product_id: UUID
    sku: None | str
    name: None | str
    quantity: int
    unit_price: int
    subtotal: int
    discount: int
    tax: int
    line_total: int
    problem: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        product_id = str(self.product_id)

        sku: None | str
        sku = self.sku

        name: None | str
        name = self.name

        quantity = self.quantity

        unit_price = self.unit_price

        subtotal = self.subtotal

        discount = self.discount

        tax = self.tax

        line_total = self.line_total

        problem: None | str
        problem = self.problem

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
                "problem": problem,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        product_id = UUID(d.pop("product_id"))

        def _parse_sku(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sku = _parse_sku(d.pop("sku"))

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        quantity = d.pop("quantity")

        unit_price = d.pop("unit_price")

        subtotal = d.pop("subtotal")

        discount = d.pop("discount")

        tax = d.pop("tax")

        line_total = d.pop("line_total")

        def _parse_problem(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        problem = _parse_problem(d.pop("problem"))

        cart_item_out = cls(
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
            problem=problem,
        )

        cart_item_out.additional_properties = d
        return cart_item_out

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
