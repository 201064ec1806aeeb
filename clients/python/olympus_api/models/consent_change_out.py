from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ConsentChangeOut")


@_attrs_define
class ConsentChangeOut:
    """
    Attributes:
        marketing_consent (bool):
        source (str): `created`, `updated` or `erased`.
        actor_id (None | UUID):
        recorded_at (datetime.datetime):
    """

    marketing_consent: bool
    source: str
    actor_id: None | UUID
    recorded_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        marketing_consent = self.marketing_consent

        source = self.source

        actor_id: None | str
        if isinstance(self.actor_id, UUID):
            actor_id = str(self.actor_id)
        else:
            actor_id = self.actor_id

        recorded_at = self.recorded_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "marketing_consent": marketing_consent,
                "source": source,
                "actor_id": actor_id,
                "recorded_at": recorded_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        marketing_consent = d.pop("marketing_consent")

        source = d.pop("source")

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

        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))

        consent_change_out = cls(
            marketing_consent=marketing_consent,
            source=source,
            actor_id=actor_id,
            recorded_at=recorded_at,
        )

        consent_change_out.additional_properties = d
        return consent_change_out

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
