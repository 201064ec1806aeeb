from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.discount_create_type import DiscountCreateType, check_discount_create_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="DiscountCreate")


@_attrs_define
class DiscountCreate:
    """
    Attributes:
        name (str):
        type_ (DiscountCreateType):
        value (float): `percentage`: per cent off, 0 < value <= 100, up to two decimals (10 = 10%). `fixed`: an amount
            in minor units, a whole number up to 1,000,000,000. `buy_x_get_y`: per cent off the free units (100 = free).
        code (None | str | Unset): Required unless `automatic`; an automatic discount has none.
        min_subtotal (int | Unset): The order subtotal (minor units) it needs to apply. Default: 0.
        starts_at (datetime.datetime | None | Unset):
        ends_at (datetime.datetime | None | Unset): After `starts_at`; exclusive.
        usage_limit (int | None | Unset): Uses by orders in all; none: unlimited.
        usage_limit_per_customer (int | None | Unset): Uses by one customer's orders; none: unlimited.
        product_ids (list[UUID] | Unset): Limit it to these products (or variants).
        category_ids (list[UUID] | Unset): Limit it to the products of these categories (and those below them).
        buy_quantity (int | None | Unset): `buy_x_get_y` only.
        get_quantity (int | None | Unset): `buy_x_get_y` only.
        automatic (bool | Unset): Applies without a code to every cart it fits. Default: False.
    """

    name: str
    type_: DiscountCreateType
    value: float
    code: None | str | Unset = UNSET
    min_subtotal: int | Unset = 0
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    usage_limit: int | None | Unset = UNSET
    usage_limit_per_customer: int | None | Unset = UNSET
    product_ids: list[UUID] | Unset = UNSET
    category_ids: list[UUID] | Unset = UNSET
    buy_quantity: int | None | Unset = UNSET
    get_quantity: int | None | Unset = UNSET
    automatic: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        type_: str = self.type_

        value = self.value

        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        min_subtotal = self.min_subtotal

        starts_at: None | str | Unset
        if isinstance(self.starts_at, Unset):
            starts_at = UNSET
        elif isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str | Unset
        if isinstance(self.ends_at, Unset):
            ends_at = UNSET
        elif isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        usage_limit: int | None | Unset
        if isinstance(self.usage_limit, Unset):
            usage_limit = UNSET
        else:
            usage_limit = self.usage_limit

        usage_limit_per_customer: int | None | Unset
        if isinstance(self.usage_limit_per_customer, Unset):
            usage_limit_per_customer = UNSET
        else:
            usage_limit_per_customer = self.usage_limit_per_customer

        product_ids: list[str] | Unset = UNSET
        if not isinstance(self.product_ids, Unset):
            product_ids = []
            for product_ids_item_data in self.product_ids:
                product_ids_item = str(product_ids_item_data)
                product_ids.append(product_ids_item)

        category_ids: list[str] | Unset = UNSET
        if not isinstance(self.category_ids, Unset):
            category_ids = []
            for category_ids_item_data in self.category_ids:
                category_ids_item = str(category_ids_item_data)
                category_ids.append(category_ids_item)

        buy_quantity: int | None | Unset
        if isinstance(self.buy_quantity, Unset):
            buy_quantity = UNSET
        else:
            buy_quantity = self.buy_quantity

        get_quantity: int | None | Unset
        if isinstance(self.get_quantity, Unset):
            get_quantity = UNSET
        else:
            get_quantity = self.get_quantity

        automatic = self.automatic

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "type": type_,
                "value": value,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if min_subtotal is not UNSET:
            field_dict["min_subtotal"] = min_subtotal
        if starts_at is not UNSET:
            field_dict["starts_at"] = starts_at
        if ends_at is not UNSET:
            field_dict["ends_at"] = ends_at
        if usage_limit is not UNSET:
            field_dict["usage_limit"] = usage_limit
        if usage_limit_per_customer is not UNSET:
            field_dict["usage_limit_per_customer"] = usage_limit_per_customer
        if product_ids is not UNSET:
            field_dict["product_ids"] = product_ids
        if category_ids is not UNSET:
            field_dict["category_ids"] = category_ids
        if buy_quantity is not UNSET:
            field_dict["buy_quantity"] = buy_quantity
        if get_quantity is not UNSET:
            field_dict["get_quantity"] = get_quantity
        if automatic is not UNSET:
            field_dict["automatic"] = automatic

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        type_ = check_discount_create_type(d.pop("type"))

        value = d.pop("value")

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        min_subtotal = d.pop("min_subtotal", UNSET)

        def _parse_starts_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        starts_at = _parse_starts_at(d.pop("starts_at", UNSET))

        def _parse_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ends_at = _parse_ends_at(d.pop("ends_at", UNSET))

        def _parse_usage_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        usage_limit = _parse_usage_limit(d.pop("usage_limit", UNSET))

        def _parse_usage_limit_per_customer(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        usage_limit_per_customer = _parse_usage_limit_per_customer(
            d.pop("usage_limit_per_customer", UNSET)
        )

        _product_ids = d.pop("product_ids", UNSET)
        product_ids: list[UUID] | Unset = UNSET
        if _product_ids is not UNSET:
            product_ids = []
            for product_ids_item_data in _product_ids:
                product_ids_item = UUID(product_ids_item_data)

                product_ids.append(product_ids_item)

        _category_ids = d.pop("category_ids", UNSET)
        category_ids: list[UUID] | Unset = UNSET
        if _category_ids is not UNSET:
            category_ids = []
            for category_ids_item_data in _category_ids:
                category_ids_item = UUID(category_ids_item_data)

                category_ids.append(category_ids_item)

        def _parse_buy_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        buy_quantity = _parse_buy_quantity(d.pop("buy_quantity", UNSET))

        def _parse_get_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        get_quantity = _parse_get_quantity(d.pop("get_quantity", UNSET))

        automatic = d.pop("automatic", UNSET)

        discount_create = cls(
            name=name,
            type_=type_,
            value=value,
            code=code,
            min_subtotal=min_subtotal,
            starts_at=starts_at,
            ends_at=ends_at,
            usage_limit=usage_limit,
            usage_limit_per_customer=usage_limit_per_customer,
            product_ids=product_ids,
            category_ids=category_ids,
            buy_quantity=buy_quantity,
            get_quantity=get_quantity,
            automatic=automatic,
        )

        return discount_create
