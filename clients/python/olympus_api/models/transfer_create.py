from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TransferCreate")


@_attrs_define
class TransferCreate:
    """
    Attributes:
        product_id (UUID):
        from_location_id (UUID):
        to_location_id (UUID):
        quantity (int): Units, at least one.
        reason (str | Unset):  Default: ''.
    """

    product_id: UUID
    from_location_id: UUID
    to_location_id: UUID
    quantity: int
    reason: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        product_id = str(self.product_id)

        from_location_id = str(self.from_location_id)

        to_location_id = str(self.to_location_id)

        quantity = self.quantity

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "product_id": product_id,
                "from_location_id": from_location_id,
                "to_location_id": to_location_id,
                "quantity": quantity,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        product_id = UUID(d.pop("product_id"))

        from_location_id = UUID(d.pop("from_location_id"))

        to_location_id = UUID(d.pop("to_location_id"))

        quantity = d.pop("quantity")

        reason = d.pop("reason", UNSET)

        transfer_create = cls(
            product_id=product_id,
            from_location_id=from_location_id,
            to_location_id=to_location_id,
            quantity=quantity,
            reason=reason,
        )

        return transfer_create
