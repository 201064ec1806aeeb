from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.customer_audit_out_changes import CustomerAuditOutChanges


T = TypeVar("T", bound="CustomerAuditOut")


@_attrs_define
class CustomerAuditOut:
    """
    Attributes:
        id (UUID):
        actor_id (None | UUID):
        action (str):
        changes (CustomerAuditOutChanges):
        created_at (datetime.datetime):
    """

    id: UUID
    actor_id: None | UUID
    action: str
    changes: CustomerAuditOutChanges
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        actor_id: None | str
        if isinstance(self.actor_id, UUID):
            actor_id = str(self.actor_id)
        else:
            actor_id = self.actor_id

        action = self.action

        changes = self.changes.to_dict()

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "actor_id": actor_id,
                "action": action,
                "changes": changes,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_audit_out_changes import CustomerAuditOutChanges  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

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

        action = d.pop("action")

        changes = CustomerAuditOutChanges.from_dict(d.pop("changes"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        customer_audit_out = cls(
            id=id,
            actor_id=actor_id,
            action=action,
            changes=changes,
            created_at=created_at,
        )

        customer_audit_out.additional_properties = d
        return customer_audit_out

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
