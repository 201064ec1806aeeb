from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DiscountUpdate")


@_attrs_define
class DiscountUpdate:
    """Only the fields sent change. `code`, `starts_at`, `ends_at`, `usage_limit` and
    `usage_limit_per_customer` may be sent as null to clear them; a null anywhere else is
    refused. `product_ids` and `category_ids` replace the whole list. The type can't change
    (create another discount). The `None` defaults are never read: only the fields sent are
    (`changes`).

        Attributes:
            code (None | str | Unset):
            name (str | Unset):
            value (float | Unset): `percentage`: per cent off, 0 < value <= 100, up to two decimals (10 = 10%). `fixed`: an
                amount in minor units, a whole number up to 1,000,000,000. `buy_x_get_y`: per cent off the free units (100 =
                free).
            min_subtotal (int | Unset):
            starts_at (datetime.datetime | None | Unset):
            ends_at (datetime.datetime | None | Unset):
            usage_limit (int | None | Unset):
            usage_limit_per_customer (int | None | Unset):
            product_ids (list[UUID] | Unset):
            category_ids (list[UUID] | Unset):
            buy_quantity (int | Unset):
            get_quantity (int | Unset):
            automatic (bool | Unset):
    """

    code: None | str | Unset = UNSET
    name: str | Unset = UNSET
    value: float | Unset = UNSET
    min_subtotal: int | Unset = UNSET
    starts_at: datetime.datetime | None | Unset = UNSET
    ends_at: datetime.datetime | None | Unset = UNSET
    usage_limit: int | None | Unset = UNSET
    usage_limit_per_customer: int | None | Unset = UNSET
    product_ids: list[UUID] | Unset = UNSET
    category_ids: list[UUID] | Unset = UNSET
    buy_quantity: int | Unset = UNSET
    get_quantity: int | Unset = UNSET
    automatic: bool | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        name = self.name

        value = self.value

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

        buy_quantity = self.buy_quantity

        get_quantity = self.get_quantity

        automatic = self.automatic

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if name is not UNSET:
            field_dict["name"] = name
        if value is not UNSET:
            field_dict["value"] = value
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

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        name = d.pop("name", UNSET)

        value = d.pop("value", UNSET)

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

        buy_quantity = d.pop("buy_quantity", UNSET)

        get_quantity = d.pop("get_quantity", UNSET)

        automatic = d.pop("automatic", UNSET)

        discount_update = cls(
            code=code,
            name=name,
            value=value,
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

        return discount_update
