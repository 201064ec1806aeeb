from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.location_kind import LocationKind, check_location_kind
from ..models.location_status import LocationStatus, check_location_status

if TYPE_CHECKING:
    from ..models.address import Address


T = TypeVar("T", bound="LocationOut")


@_attrs_define
class LocationOut:
    """
    Attributes:
        id (UUID):
        tenant_id (UUID):
        name (str):
        code (str):
        kind (LocationKind):
        address (Address): A postal address; every part is optional.
        timezone (str):
        currency (str):
        status (LocationStatus):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    tenant_id: UUID
    name: str
    code: str
    kind: LocationKind
    address: Address
    timezone: str
    currency: str
    status: LocationStatus
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        tenant_id = str(self.tenant_id)

        name = self.name

        code = self.code

        kind: str = self.kind

        address = self.address.to_dict()

        timezone = self.timezone

        currency = self.currency

        status: str = self.status

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "tenant_id": tenant_id,
                "name": name,
                "code": code,
                "kind": kind,
                "address": address,
                "timezone": timezone,
                "currency": currency,
                "status": status,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.address import Address  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        tenant_id = UUID(d.pop("tenant_id"))

        name = d.pop("name")

        code = d.pop("code")

        kind = check_location_kind(d.pop("kind"))

        address = Address.from_dict(d.pop("address"))

        timezone = d.pop("timezone")

        currency = d.pop("currency")

        status = check_location_status(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        location_out = cls(
            id=id,
            tenant_id=tenant_id,
            name=name,
            code=code,
            kind=kind,
            address=address,
            timezone=timezone,
            currency=currency,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
        )

        location_out.additional_properties = d
        return location_out

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
