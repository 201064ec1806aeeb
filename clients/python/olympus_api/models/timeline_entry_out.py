from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.timeline_entry_out_data import TimelineEntryOutData


T = TypeVar("T", bound="TimelineEntryOut")


@_attrs_define
class TimelineEntryOut:
    """
    Attributes:
        id (UUID):
        kind (str): created, transition, payment, refund, fulfilment or note
        from_status (None | str):
        to_status (None | str):
        actor_id (None | UUID):
        data (TimelineEntryOutData):
        created_at (datetime.datetime):
    """

    id: UUID
    kind: str
    from_status: None | str
    to_status: None | str
    actor_id: None | UUID
    data: TimelineEntryOutData
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        kind = self.kind

        from_status: None | str
        from_status = self.from_status

        to_status: None | str
        to_status = self.to_status

        actor_id: None | str
        if isinstance(self.actor_id, UUID):
            actor_id = str(self.actor_id)
        else:
            actor_id = self.actor_id

        data = self.data.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "kind": kind,
                "from_status": from_status,
                "to_status": to_status,
                "actor_id": actor_id,
                "data": data,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_entry_out_data import TimelineEntryOutData  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        kind = d.pop("kind")

        def _parse_from_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        from_status = _parse_from_status(d.pop("from_status"))

        def _parse_to_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        to_status = _parse_to_status(d.pop("to_status"))

        def _parse_actor_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actor_id_type_0 = UUID(data)

                return actor_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        actor_id = _parse_actor_id(d.pop("actor_id"))

        data = TimelineEntryOutData.from_dict(d.pop("data"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        timeline_entry_out = cls(
            id=id,
            kind=kind,
            from_status=from_status,
            to_status=to_status,
            actor_id=actor_id,
            data=data,
            created_at=created_at,
        )

        timeline_entry_out.additional_properties = d
        return timeline_entry_out

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
