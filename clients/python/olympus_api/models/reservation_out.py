from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.reservation_line_out import ReservationLineOut
    from ..models.reservation_owner_out import ReservationOwnerOut


T = TypeVar("T", bound="ReservationOut")


@_attrs_define
class ReservationOut:
    """
    Attributes:
        id (UUID):
        status (str): active, committed, released or expired
        location_id (UUID):
        expires_at (datetime.datetime):
        lines (list[ReservationLineOut]):
        reason (str):
        created_at (datetime.datetime):
        ended_at (datetime.datetime | None):
        owner (None | ReservationOwnerOut | Unset): Set on a reservation held for an order: only the order's fulfilment
            or cancellation moves its stock (`release` and `commit` answer 409 `reservation_owned_by_order`).
    """

    id: UUID
    status: str
    location_id: UUID
    expires_at: datetime.datetime
    lines: list[ReservationLineOut]
    reason: str
    created_at: datetime.datetime
    ended_at: datetime.datetime | None
    owner: None | ReservationOwnerOut | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.reservation_owner_out import ReservationOwnerOut  # noqa: PLC0415

        id = str(self.id)

        status = self.status

        location_id = str(self.location_id)

        expires_at = self.expires_at.isoformat()

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        reason = self.reason

        created_at = self.created_at.isoformat()

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        owner: dict[str, Any] | None | Unset
        if isinstance(self.owner, Unset):
            owner = UNSET
        elif isinstance(self.owner, ReservationOwnerOut):
            owner = self.owner.to_dict()
        else:
            owner = self.owner

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "location_id": location_id,
                "expires_at": expires_at,
                "lines": lines,
                "reason": reason,
                "created_at": created_at,
                "ended_at": ended_at,
            }
        )
        if owner is not UNSET:
            field_dict["owner"] = owner

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reservation_line_out import ReservationLineOut  # noqa: PLC0415
        from ..models.reservation_owner_out import ReservationOwnerOut  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        status = d.pop("status")

        location_id = UUID(d.pop("location_id"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = ReservationLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        reason = d.pop("reason")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_owner(data: object) -> None | ReservationOwnerOut | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                owner_type_0 = ReservationOwnerOut.from_dict(data)

                return owner_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReservationOwnerOut | Unset, data)

        owner = _parse_owner(d.pop("owner", UNSET))

        reservation_out = cls(
            id=id,
            status=status,
            location_id=location_id,
            expires_at=expires_at,
            lines=lines,
            reason=reason,
            created_at=created_at,
            ended_at=ended_at,
            owner=owner,
        )

        reservation_out.additional_properties = d
        return reservation_out

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
