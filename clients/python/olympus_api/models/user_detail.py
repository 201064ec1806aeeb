from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.role_grant_ref import RoleGrantRef


T = TypeVar("T", bound="UserDetail")


@_attrs_define
class UserDetail:
    """
    Attributes:
        id (UUID):
        tenant_id (UUID):
        email (str):
        full_name (str):
        email_verified (bool):
        is_active (bool):
        roles (list[RoleGrantRef]):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    tenant_id: UUID
    email: str
    full_name: str
    email_verified: bool
    is_active: bool
    roles: list[RoleGrantRef]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        tenant_id = str(self.tenant_id)

        email = self.email

        full_name = self.full_name

        email_verified = self.email_verified

        is_active = self.is_active

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.to_dict()
            roles.append(roles_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "email": email,
                "full_name": full_name,
                "email_verified": email_verified,
                "is_active": is_active,
                "roles": roles,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.role_grant_ref import RoleGrantRef  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        tenant_id = UUID(d.pop("tenant_id"))

        email = d.pop("email")

        full_name = d.pop("full_name")

        email_verified = d.pop("email_verified")

        is_active = d.pop("is_active")

        roles = []
        _roles = d.pop("roles")
        for roles_item_data in _roles:
            roles_item = RoleGrantRef.from_dict(roles_item_data)

            roles.append(roles_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        user_detail = cls(
            id=id,
            tenant_id=tenant_id,
            email=email,
            full_name=full_name,
            email_verified=email_verified,
            is_active=is_active,
            roles=roles,
            created_at=created_at,
            updated_at=updated_at,
        )

        user_detail.additional_properties = d
        return user_detail

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
