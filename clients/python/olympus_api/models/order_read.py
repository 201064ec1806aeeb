from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_read_channel import OrderReadChannel, check_order_read_channel

if TYPE_CHECKING:
    from ..models.applied_discount_out import AppliedDiscountOut
    from ..models.order_item_out import OrderItemOut


T = TypeVar("T", bound="OrderRead")


@_attrs_define
class OrderRead:
    """An order as the API answers it (and `create_order` returns it).

    Attributes:
        id (UUID):
        number (str): Per tenant, increasing, human-readable.
        status (str): pending, paid, partially_fulfilled, fulfilled, completed, cancelled, partially_refunded or
            refunded
        channel (OrderReadChannel):
        location_id (UUID):
        customer_id (None | UUID):
        cart_id (None | UUID):
        items (list[OrderItemOut]):
        discounts (list[AppliedDiscountOut]):
        subtotal (int):
        discount_total (int):
        tax_total (int):
        total (int):
        currency (str):
        prices_include_tax (bool):
        paid_total (int):
        refunded_total (int):
        cancel_reason (None | str):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    number: str
    status: str
    channel: OrderReadChannel
    location_id: UUID
    customer_id: None | UUID
    cart_id: None | UUID
    items: list[OrderItemOut]
    discounts: list[AppliedDiscountOut]
    subtotal: int
    discount_total: int
    tax_total: int
    total: int
    currency: str
    prices_include_tax: bool
    paid_total: int
    refunded_total: int
    cancel_reason: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        number = self.number

        status = self.status

        channel: str = self.channel

        location_id = str(self.location_id)

        customer_id: None | str
        if isinstance(self.customer_id, UUID):
            customer_id = str(self.customer_id)
        else:
            customer_id = self.customer_id

        cart_id: None | str
        if isinstance(self.cart_id, UUID):
            cart_id = str(self.cart_id)
        else:
            cart_id = self.cart_id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        discounts = []
        for discounts_item_data in self.discounts:
            discounts_item = discounts_item_data.to_dict()
            discounts.append(discounts_item)

        subtotal = self.subtotal

        discount_total = self.discount_total

        tax_total = self.tax_total

        total = self.total

        currency = self.currency

        prices_include_tax = self.prices_include_tax

        paid_total = self.paid_total

        refunded_total = self.refunded_total

        cancel_reason: None | str
        cancel_reason = self.cancel_reason

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "number": number,
                "status": status,
                "channel": channel,
                "location_id": location_id,
                "customer_id": customer_id,
                "cart_id": cart_id,
                "items": items,
                "discounts": discounts,
                "subtotal": subtotal,
                "discount_total": discount_total,
                "tax_total": tax_total,
                "total": total,
                "currency": currency,
                "prices_include_tax": prices_include_tax,
                "paid_total": paid_total,
                "refunded_total": refunded_total,
                "cancel_reason": cancel_reason,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.applied_discount_out import AppliedDiscountOut  # noqa: PLC0415
        from ..models.order_item_out import OrderItemOut  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        number = d.pop("number")

        status = d.pop("status")

        channel = check_order_read_channel(d.pop("channel"))

        location_id = UUID(d.pop("location_id"))

        def _parse_customer_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                customer_id_type_0 = UUID(data)

                return customer_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        customer_id = _parse_customer_id(d.pop("customer_id"))

        def _parse_cart_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cart_id_type_0 = UUID(data)

                return cart_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        cart_id = _parse_cart_id(d.pop("cart_id"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = OrderItemOut.from_dict(items_item_data)

            items.append(items_item)

        discounts = []
        _discounts = d.pop("discounts")
        for discounts_item_data in _discounts:
            discounts_item = AppliedDiscountOut.from_dict(discounts_item_data)

            discounts.append(discounts_item)

        subtotal = d.pop("subtotal")

        discount_total = d.pop("discount_total")

        tax_total = d.pop("tax_total")

        total = d.pop("total")

        currency = d.pop("currency")

        prices_include_tax = d.pop("prices_include_tax")

        paid_total = d.pop("paid_total")

        refunded_total = d.pop("refunded_total")

        def _parse_cancel_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_reason = _parse_cancel_reason(d.pop("cancel_reason"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        order_read = cls(
            id=id,
            number=number,
            status=status,
            channel=channel,
            location_id=location_id,
            customer_id=customer_id,
            cart_id=cart_id,
            items=items,
            discounts=discounts,
            subtotal=subtotal,
            discount_total=discount_total,
            tax_total=tax_total,
            total=total,
            currency=currency,
            prices_include_tax=prices_include_tax,
            paid_total=paid_total,
            refunded_total=refunded_total,
            cancel_reason=cancel_reason,
            created_at=created_at,
            updated_at=updated_at,
        )

        order_read.additional_properties = d
        return order_read

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
