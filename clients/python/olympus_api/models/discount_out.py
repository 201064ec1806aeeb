from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DiscountOut")


@_attrs_define
class DiscountOut:
    """
    Attributes:
        id (UUID):
        tenant_id (UUID):
        code (None | str): As written when set; matched in any case.
        name (str):
        type_ (str):
        value (float):
        min_subtotal (int):
        starts_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        usage_limit (int | None):
        usage_limit_per_customer (int | None):
        used_count (int): Uses by orders not cancelled.
        product_ids (list[UUID]):
        category_ids (list[UUID]):
        buy_quantity (int | None):
        get_quantity (int | None):
        automatic (bool):
        status (str): `active` or `archived`.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        archived_at (datetime.datetime | None):
    """

    id: UUID
    tenant_id: UUID
    code: None | str
    name: str
    type_: str
    value: float
    min_subtotal: int
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    usage_limit: int | None
    usage_limit_per_customer: int | None
    used_count: int
    product_ids: list[UUID]
    category_ids: list[UUID]
    buy_quantity: int | None
    get_quantity: int | None
    automatic: bool
    status: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    archived_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        tenant_id = str(self.tenant_id)

        code: None | str
        code = self.code

        name = self.name

        type_ = self.type_

        value = self.value

        min_subtotal = self.min_subtotal

        starts_at: None | str
        if isinstance(self.starts_at, datetime.datetime):
            starts_at = self.starts_at.isoformat()
        else:
            starts_at = self.starts_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        usage_limit: int | None
        usage_limit = self.usage_limit

        usage_limit_per_customer: int | None
        usage_limit_per_customer = self.usage_limit_per_customer

        used_count = self.used_count

        product_ids = []
        for product_ids_item_data in self.product_ids:
            product_ids_item = str(product_ids_item_data)
            product_ids.append(product_ids_item)

        category_ids = []
        for category_ids_item_data in self.category_ids:
            category_ids_item = str(category_ids_item_data)
            category_ids.append(category_ids_item)

        buy_quantity: int | None
        buy_quantity = self.buy_quantity

        get_quantity: int | None
        get_quantity = self.get_quantity

        automatic = self.automatic

        status = self.status

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        archived_at: None | str
        if isinstance(self.archived_at, datetime.datetime):
            archived_at = self.archived_at.isoformat()
        else:
            archived_at = self.archived_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "code": code,
                "name": name,
                "type": type_,
                "value": value,
                "min_subtotal": min_subtotal,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "usage_limit": usage_limit,
                "usage_limit_per_customer": usage_limit_per_customer,
                "used_count": used_count,
                "product_ids": product_ids,
                "category_ids": category_ids,
                "buy_quantity": buy_quantity,
                "get_quantity": get_quantity,
                "automatic": automatic,
                "status": status,
                "created_at": created_at,
                "updated_at": updated_at,
                "archived_at": archived_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        tenant_id = UUID(d.pop("tenant_id"))

        def _parse_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        code = _parse_code(d.pop("code"))

        name = d.pop("name")

        type_ = d.pop("type")

        value = d.pop("value")

        min_subtotal = d.pop("min_subtotal")

        def _parse_starts_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        starts_at = _parse_starts_at(d.pop("starts_at"))

        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))

        def _parse_usage_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        usage_limit = _parse_usage_limit(d.pop("usage_limit"))

        def _parse_usage_limit_per_customer(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        usage_limit_per_customer = _parse_usage_limit_per_customer(
            d.pop("usage_limit_per_customer")
        )

        used_count = d.pop("used_count")

        product_ids = []
        _product_ids = d.pop("product_ids")
        for product_ids_item_data in _product_ids:
            product_ids_item = UUID(product_ids_item_data)

            product_ids.append(product_ids_item)

        category_ids = []
        _category_ids = d.pop("category_ids")
        for category_ids_item_data in _category_ids:
            category_ids_item = UUID(category_ids_item_data)

            category_ids.append(category_ids_item)

        def _parse_buy_quantity(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        buy_quantity = _parse_buy_quantity(d.pop("buy_quantity"))

        def _parse_get_quantity(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        get_quantity = _parse_get_quantity(d.pop("get_quantity"))

        automatic = d.pop("automatic")

        status = d.pop("status")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_archived_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                archived_at_type_0 = datetime.datetime.fromisoformat(data)

                return archived_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        archived_at = _parse_archived_at(d.pop("archived_at"))

        discount_out = cls(
            id=id,
            tenant_id=tenant_id,
            code=code,
            name=name,
            type_=type_,
            value=value,
            min_subtotal=min_subtotal,
            starts_at=starts_at,
            ends_at=ends_at,
            usage_limit=usage_limit,
            usage_limit_per_customer=usage_limit_per_customer,
            used_count=used_count,
            product_ids=product_ids,
            category_ids=category_ids,
            buy_quantity=buy_quantity,
            get_quantity=get_quantity,
            automatic=automatic,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
            archived_at=archived_at,
        )

        discount_out.additional_properties = d
        return discount_out

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
