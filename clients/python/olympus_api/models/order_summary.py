from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OrderSummary")


@_attrs_define
class OrderSummary:
    """An order in a list (without its items).

    Attributes:
        id (UUID):
        number (str):
        status (str):
        channel (str):
        location_id (UUID):
        customer_id (None | UUID):
        total (int):
        currency (str):
        paid_total (int):
        refunded_total (int):
        created_at (datetime.datetime):
    """

    id: UUID
    number: str
    status: str
    channel: str
    location_id: UUID
    customer_id: None | UUID
    total: int
    currency: str
    paid_total: int
    refunded_total: int
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        number = self.number

        status = self.status

        channel = self.channel

        location_id = str(self.location_id)

        customer_id: None | str
        if isinstance(self.customer_id, UUID):
            customer_id = str(self.customer_id)
        else:
            customer_id = self.customer_id

        total = self.total

        currency = self.currency

        paid_total = self.paid_total

        refunded_total = self.refunded_total

        created_at = self.created_at.isoformat()

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
                "total": total,
                "currency": currency,
                "paid_total": paid_total,
                "refunded_total": refunded_total,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        number = d.pop("number")

        status = d.pop("status")

        channel = d.pop("channel")

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

        total = d.pop("total")

        currency = d.pop("currency")

        paid_total = d.pop("paid_total")

        refunded_total = d.pop("refunded_total")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        order_summary = cls(
            id=id,
            number=number,
            status=status,
            channel=channel,
            location_id=location_id,
            customer_id=customer_id,
            total=total,
            currency=currency,
            paid_total=paid_total,
            refunded_total=refunded_total,
            created_at=created_at,
        )

        order_summary.additional_properties = d
        return order_summary

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
