from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_out_method import PaymentOutMethod, check_payment_out_method
from ..models.payment_out_status import PaymentOutStatus, check_payment_out_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentOut")


@_attrs_define
class PaymentOut:
    """
    Attributes:
        id (UUID):
        order_id (UUID):
        location_id (UUID):
        status (PaymentOutStatus): `pending` only while a card processor has not decided (a Stripe payment waiting for
            the customer's authentication): its webhook decides it.
        method (PaymentOutMethod):
        processor (str): `test`, `stripe` or `cash`
        amount (int):
        currency (str):
        refunded_amount (int):
        created_at (datetime.datetime):
        decided_at (datetime.datetime | None):
        failure_code (None | str | Unset): Why it failed: `card_declined`, `insufficient_funds`, ...
        tendered (int | None | Unset):
        change_due (int | None | Unset): Cash only: tendered - amount.
        reference (None | str | Unset): The processor's id of the charge.
    """

    id: UUID
    order_id: UUID
    location_id: UUID
    status: PaymentOutStatus
    method: PaymentOutMethod
    processor: str
    amount: int
    currency: str
    refunded_amount: int
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    failure_code: None | str | Unset = UNSET
    tendered: int | None | Unset = UNSET
    change_due: int | None | Unset = UNSET
    reference: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        order_id = str(self.order_id)

        location_id = str(self.location_id)

        status: str = self.status

        method: str = self.method

        processor = self.processor

        amount = self.amount

        currency = self.currency

        refunded_amount = self.refunded_amount

        created_at = self.created_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        failure_code: None | str | Unset
        if isinstance(self.failure_code, Unset):
            failure_code = UNSET
        else:
            failure_code = self.failure_code

        tendered: int | None | Unset
        if isinstance(self.tendered, Unset):
            tendered = UNSET
        else:
            tendered = self.tendered

        change_due: int | None | Unset
        if isinstance(self.change_due, Unset):
            change_due = UNSET
        else:
            change_due = self.change_due

        reference: None | str | Unset
        if isinstance(self.reference, Unset):
            reference = UNSET
        else:
            reference = self.reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "order_id": order_id,
                "location_id": location_id,
                "status": status,
                "method": method,
                "processor": processor,
                "amount": amount,
                "currency": currency,
                "refunded_amount": refunded_amount,
                "created_at": created_at,
                "decided_at": decided_at,
            }
        )
        if failure_code is not UNSET:
            field_dict["failure_code"] = failure_code
        if tendered is not UNSET:
            field_dict["tendered"] = tendered
        if change_due is not UNSET:
            field_dict["change_due"] = change_due
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        order_id = UUID(d.pop("order_id"))

        location_id = UUID(d.pop("location_id"))

        status = check_payment_out_status(d.pop("status"))

        method = check_payment_out_method(d.pop("method"))

        processor = d.pop("processor")

        amount = d.pop("amount")

        currency = d.pop("currency")

        refunded_amount = d.pop("refunded_amount")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        def _parse_failure_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_code = _parse_failure_code(d.pop("failure_code", UNSET))

        def _parse_tendered(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tendered = _parse_tendered(d.pop("tendered", UNSET))

        def _parse_change_due(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        change_due = _parse_change_due(d.pop("change_due", UNSET))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        payment_out = cls(
            id=id,
            order_id=order_id,
            location_id=location_id,
            status=status,
            method=method,
            processor=processor,
            amount=amount,
            currency=currency,
            refunded_amount=refunded_amount,
            created_at=created_at,
            decided_at=decided_at,
            failure_code=failure_code,
            tendered=tendered,
            change_due=change_due,
            reference=reference,
        )

        payment_out.additional_properties = d
        return payment_out

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
