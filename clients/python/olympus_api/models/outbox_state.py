from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OutboxState")


@_attrs_define
class OutboxState:
    """
    Attributes:
        pending (int): Committed events not yet published
        oldest_age_seconds (float | None): Age of the oldest of them
    """

    pending: int
    oldest_age_seconds: float | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pending = self.pending

        oldest_age_seconds: float | None
        oldest_age_seconds = self.oldest_age_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pending": pending,
                "oldest_age_seconds": oldest_age_seconds,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        pending = d.pop("pending")

        def _parse_oldest_age_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        oldest_age_seconds = _parse_oldest_age_seconds(d.pop("oldest_age_seconds"))

        outbox_state = cls(
            pending=pending,
            oldest_age_seconds=oldest_age_seconds,
        )

        outbox_state.additional_properties = d
        return outbox_state

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
