from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MovementOut")


@_attrs_define
class MovementOut:
    """
    Attributes:
        id (UUID):
        product_id (UUID):
        location_id (UUID):
        kind (str): receipt, sale, adjustment, transfer_out, transfer_in, reservation, release
        on_hand_delta (int):
        reserved_delta (int):
        on_hand_after (int):
        reserved_after (int):
        available_after (int):
        reason (str):
        actor_id (None | UUID):
        reference_id (None | UUID): The reservation or transfer.
        created_at (datetime.datetime):
    """

    id: UUID
    product_id: UUID
    location_id: UUID
    kind: str
    on_hand_delta: int
    reserved_delta: int
    on_hand_after: int
    reserved_after: int
    available_after: int
    reason: str
    actor_id: None | UUID
    reference_id: None | UUID
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        product_id = str(self.product_id)

        location_id = str(self.location_id)

        kind = self.kind

        on_hand_delta = self.on_hand_delta

        reserved_delta = self.reserved_delta

        on_hand_after = self.on_hand_after

        reserved_after = self.reserved_after

        available_after = self.available_after

        reason = self.reason

        actor_id: None | str
        if isinstance(self.actor_id, UUID):
            actor_id = str(self.actor_id)
        else:
            actor_id = self.actor_id

        reference_id: None | str
        if isinstance(self.reference_id, UUID):
            reference_id = str(self.reference_id)
        else:
            reference_id = self.reference_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "product_id": product_id,
                "location_id": location_id,
                "kind": kind,
                "on_hand_delta": on_hand_delta,
                "reserved_delta": reserved_delta,
                "on_hand_after": on_hand_after,
                "reserved_after": reserved_after,
                "available_after": available_after,
                "reason": reason,
                "actor_id": actor_id,
                "reference_id": reference_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        product_id = UUID(d.pop("product_id"))

        location_id = UUID(d.pop("location_id"))

        kind = d.pop("kind")

        on_hand_delta = d.pop("on_hand_delta")

        reserved_delta = d.pop("reserved_delta")

        on_hand_after = d.pop("on_hand_after")

        reserved_after = d.pop("reserved_after")

        available_after = d.pop("available_after")

        reason = d.pop("reason")

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

        def _parse_reference_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reference_id_type_0 = UUID(data)

                return reference_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        reference_id = _parse_reference_id(d.pop("reference_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        movement_out = cls(
            id=id,
            product_id=product_id,
            location_id=location_id,
            kind=kind,
            on_hand_delta=on_hand_delta,
            reserved_delta=reserved_delta,
            on_hand_after=on_hand_after,
            reserved_after=reserved_after,
            available_after=available_after,
            reason=reason,
            actor_id=actor_id,
            reference_id=reference_id,
            created_at=created_at,
        )

        movement_out.additional_properties = d
        return movement_out

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
