from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cart_channel import CartChannel, check_cart_channel
from ..models.cart_out_status import CartOutStatus, check_cart_out_status

if TYPE_CHECKING:
    from ..models.cart_code_out import CartCodeOut
    from ..models.cart_discount_out import CartDiscountOut
    from ..models.cart_item_out import CartItemOut


T = TypeVar("T", bound="CartOut")


@_attrs_define
class CartOut:
    """
    Attributes:
        id (UUID):
        location_id (UUID):
        customer_id (None | UUID):
        channel (CartChannel):
        status (CartOutStatus):
        order_id (None | UUID): The order the cart became at checkout.
        items (list[CartItemOut]):
        discount_codes (list[CartCodeOut]): The codes entered, in that order.
        discounts (list[CartDiscountOut]): Every discount that applies, automatic ones included.
        subtotal (int):
        discount_total (int):
        tax_total (int):
        total (int):
        currency (str):
        prices_include_tax (bool):
        created_at (datetime.datetime):
        last_active_at (datetime.datetime):
        expires_at (datetime.datetime | None): When the cart expires unless changed before (null once checked out).
        checked_out_at (datetime.datetime | None):
    """

    id: UUID
    location_id: UUID
    customer_id: None | UUID
    channel: CartChannel
    status: CartOutStatus
    order_id: None | UUID
    items: list[CartItemOut]
    discount_codes: list[CartCodeOut]
    discounts: list[CartDiscountOut]
    subtotal: int
    discount_total: int
    tax_total: int
    total: int
    currency: str
    prices_include_tax: bool
    created_at: datetime.datetime
    last_active_at: datetime.datetime
    expires_at: datetime.datetime | None
    checked_out_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        location_id = str(self.location_id)

        customer_id: None | str
        if isinstance(self.customer_id, UUID):
            customer_id = str(self.customer_id)
        else:
            customer_id = self.customer_id

        channel: str = self.channel

        status: str = self.status

        order_id: None | str
        if isinstance(self.order_id, UUID):
            order_id = str(self.order_id)
        else:
            order_id = self.order_id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        discount_codes = []
        for discount_codes_item_data in self.discount_codes:
            discount_codes_item = discount_codes_item_data.to_dict()
            discount_codes.append(discount_codes_item)

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

        created_at = self.created_at.isoformat()

        last_active_at = self.last_active_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        checked_out_at: None | str
        if isinstance(self.checked_out_at, datetime.datetime):
            checked_out_at = self.checked_out_at.isoformat()
        else:
            checked_out_at = self.checked_out_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "location_id": location_id,
                "customer_id": customer_id,
                "channel": channel,
                "status": status,
                "order_id": order_id,
                "items": items,
                "discount_codes": discount_codes,
                "discounts": discounts,
                "subtotal": subtotal,
                "discount_total": discount_total,
                "tax_total": tax_total,
                "total": total,
                "currency": currency,
                "prices_include_tax": prices_include_tax,
                "created_at": created_at,
                "last_active_at": last_active_at,
                "expires_at": expires_at,
                "checked_out_at": checked_out_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cart_code_out import CartCodeOut  # noqa: PLC0415
        from ..models.cart_discount_out import CartDiscountOut  # noqa: PLC0415
        from ..models.cart_item_out import CartItemOut  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

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

        channel = check_cart_channel(d.pop("channel"))

        status = check_cart_out_status(d.pop("status"))

        def _parse_order_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                order_id_type_0 = UUID(data)

                return order_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        order_id = _parse_order_id(d.pop("order_id"))

        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = CartItemOut.from_dict(items_item_data)

            items.append(items_item)

        discount_codes = []
        _discount_codes = d.pop("discount_codes")
        for discount_codes_item_data in _discount_codes:
            discount_codes_item = CartCodeOut.from_dict(discount_codes_item_data)

            discount_codes.append(discount_codes_item)

        discounts = []
        _discounts = d.pop("discounts")
        for discounts_item_data in _discounts:
            discounts_item = CartDiscountOut.from_dict(discounts_item_data)

            discounts.append(discounts_item)

        subtotal = d.pop("subtotal")

        discount_total = d.pop("discount_total")

        tax_total = d.pop("tax_total")

        total = d.pop("total")

        currency = d.pop("currency")

        prices_include_tax = d.pop("prices_include_tax")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        last_active_at = datetime.datetime.fromisoformat(d.pop("last_active_at"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_checked_out_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                checked_out_at_type_0 = datetime.datetime.fromisoformat(data)

                return checked_out_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        checked_out_at = _parse_checked_out_at(d.pop("checked_out_at"))

        cart_out = cls(
            id=id,
            location_id=location_id,
            customer_id=customer_id,
            channel=channel,
            status=status,
            order_id=order_id,
            items=items,
            discount_codes=discount_codes,
            discounts=discounts,
            subtotal=subtotal,
            discount_total=discount_total,
            tax_total=tax_total,
            total=total,
            currency=currency,
            prices_include_tax=prices_include_tax,
            created_at=created_at,
            last_active_at=last_active_at,
            expires_at=expires_at,
            checked_out_at=checked_out_at,
        )

        cart_out.additional_properties = d
        return cart_out

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
