from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reservation_line_in import ReservationLineIn


T = TypeVar("T", bound="ReservationCreate")


@_attrs_define
class ReservationCreate:
    """
    Attributes:
        location_id (UUID):
        lines (list[ReservationLineIn]):
        expires_in (int | Unset): Seconds the stock is held unless committed or released (up to 7 days). Default: 900.
        reason (str | Unset):  Default: ''.
    """

    location_id: UUID
    lines: list[ReservationLineIn]
    expires_in: int | Unset = 900
    reason: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        location_id = str(self.location_id)

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        expires_in = self.expires_in

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "location_id": location_id,
                "lines": lines,
            }
        )
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reservation_line_in import ReservationLineIn  # noqa: PLC0415

        d = dict(src_dict)
        location_id = UUID(d.pop("location_id"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = ReservationLineIn.from_dict(lines_item_data)

            lines.append(lines_item)

        expires_in = d.pop("expires_in", UNSET)

        reason = d.pop("reason", UNSET)

        reservation_create = cls(
            location_id=location_id,
            lines=lines,
            expires_in=expires_in,
            reason=reason,
        )

        return reservation_create
