from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tenant_ref import TenantRef


T = TypeVar("T", bound="MeResponse")


@_attrs_define
class MeResponse:
    """
    Attributes:
        id (UUID):
        tenant_id (UUID):
        email (str):
        full_name (str):
        email_verified (bool):
        created_at (datetime.datetime):
        is_active (bool):
        tenant (TenantRef):
        roles (list[str]):
        permissions (list[str]):
    """

    id: UUID
    tenant_id: UUID
    email: str
    full_name: str
    email_verified: bool
    created_at: datetime.datetime
    is_active: bool
    tenant: TenantRef
    roles: list[str]
    permissions: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        tenant_id = str(self.tenant_id)

        email = self.email

        full_name = self.full_name

        email_verified = self.email_verified

        created_at = self.created_at.isoformat()

        is_active = self.is_active

        tenant = self.tenant.to_dict()

        roles = self.roles

        permissions = self.permissions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "email": email,
                "full_name": full_name,
                "email_verified": email_verified,
                "created_at": created_at,
                "is_active": is_active,
                "tenant": tenant,
                "roles": roles,
                "permissions": permissions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant_ref import TenantRef  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        tenant_id = UUID(d.pop("tenant_id"))

        email = d.pop("email")

        full_name = d.pop("full_name")

        email_verified = d.pop("email_verified")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        is_active = d.pop("is_active")

        tenant = TenantRef.from_dict(d.pop("tenant"))

        roles = cast(list[str], d.pop("roles"))

        permissions = cast(list[str], d.pop("permissions"))

        me_response = cls(
            id=id,
            tenant_id=tenant_id,
            email=email,
            full_name=full_name,
            email_verified=email_verified,
            created_at=created_at,
            is_active=is_active,
            tenant=tenant,
            roles=roles,
            permissions=permissions,
        )

        me_response.additional_properties = d
        return me_response

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
