from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.refund_out_status import RefundOutStatus, check_refund_out_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payment_out import PaymentOut


T = TypeVar("T", bound="RefundOut")


@_attrs_define
class RefundOut:
    """
    Attributes:
        id (UUID):
        payment_id (UUID):
        order_id (UUID):
        status (RefundOutStatus):
        amount (int):
        created_at (datetime.datetime):
        decided_at (datetime.datetime | None):
        payment (PaymentOut):
        failure_code (None | str | Unset):
        reference (None | str | Unset):
    """

    id: UUID
    payment_id: UUID
    order_id: UUID
    status: RefundOutStatus
    amount: int
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    payment: PaymentOut
    failure_code: None | str | Unset = UNSET
    reference: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        payment_id = str(self.payment_id)

        order_id = str(self.order_id)

        status: str = self.status

        amount = self.amount

        created_at = self.created_at.isoformat()

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        payment = self.payment.to_dict()

        failure_code: None | str | Unset
        if isinstance(self.failure_code, Unset):
            failure_code = UNSET
        else:
            failure_code = self.failure_code

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
                "payment_id": payment_id,
                "order_id": order_id,
                "status": status,
                "amount": amount,
                "created_at": created_at,
                "decided_at": decided_at,
                "payment": payment,
            }
        )
        if failure_code is not UNSET:
            field_dict["failure_code"] = failure_code
        if reference is not UNSET:
            field_dict["reference"] = reference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_out import PaymentOut  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        payment_id = UUID(d.pop("payment_id"))

        order_id = UUID(d.pop("order_id"))

        status = check_refund_out_status(d.pop("status"))

        amount = d.pop("amount")

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

        payment = PaymentOut.from_dict(d.pop("payment"))

        def _parse_failure_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        failure_code = _parse_failure_code(d.pop("failure_code", UNSET))

        def _parse_reference(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reference = _parse_reference(d.pop("reference", UNSET))

        refund_out = cls(
            id=id,
            payment_id=payment_id,
            order_id=order_id,
            status=status,
            amount=amount,
            created_at=created_at,
            decided_at=decided_at,
            payment=payment,
            failure_code=failure_code,
            reference=reference,
        )

        refund_out.additional_properties = d
        return refund_out

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
