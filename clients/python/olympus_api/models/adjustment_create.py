from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="AdjustmentCreate")


@_attrs_define
class AdjustmentCreate:
    """
    Attributes:
        location_id (UUID):
        delta (int): Units more (positive) or fewer (negative) on hand; never 0.
        reason (str):
    """

    location_id: UUID
    delta: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        location_id = str(self.location_id)

        delta = self.delta

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "location_id": location_id,
                "delta": delta,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        location_id = UUID(d.pop("location_id"))

        delta = d.pop("delta")

        reason = d.pop("reason")

        adjustment_create = cls(
            location_id=location_id,
            delta=delta,
            reason=reason,
        )

        return adjustment_create
