from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.location_stock_out import LocationStockOut


T = TypeVar("T", bound="TransferOut")


@_attrs_define
class TransferOut:
    """
    Attributes:
        id (UUID):
        product_id (UUID):
        from_location_id (UUID):
        to_location_id (UUID):
        quantity (int):
        reason (str):
        source (LocationStockOut):
        destination (LocationStockOut):
        created_at (datetime.datetime):
    """

    id: UUID
    product_id: UUID
    from_location_id: UUID
    to_location_id: UUID
    quantity: int
    reason: str
    source: LocationStockOut
    destination: LocationStockOut
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        product_id = str(self.product_id)

        from_location_id = str(self.from_location_id)

        to_location_id = str(self.to_location_id)

        quantity = self.quantity

        reason = self.reason

        source = self.source.to_dict()

        destination = self.destination.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "product_id": product_id,
                "from_location_id": from_location_id,
                "to_location_id": to_location_id,
                "quantity": quantity,
                "reason": reason,
                "source": source,
                "destination": destination,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.location_stock_out import LocationStockOut  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        product_id = UUID(d.pop("product_id"))

        from_location_id = UUID(d.pop("from_location_id"))

        to_location_id = UUID(d.pop("to_location_id"))

        quantity = d.pop("quantity")

        reason = d.pop("reason")

        source = LocationStockOut.from_dict(d.pop("source"))

        destination = LocationStockOut.from_dict(d.pop("destination"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        transfer_out = cls(
            id=id,
            product_id=product_id,
            from_location_id=from_location_id,
            to_location_id=to_location_id,
            quantity=quantity,
            reason=reason,
            source=source,
            destination=destination,
            created_at=created_at,
        )

        transfer_out.additional_properties = d
        return transfer_out

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
