from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.consent_change_out import ConsentChangeOut
    from ..models.customer_audit_out import CustomerAuditOut
    from ..models.customer_out import CustomerOut


T = TypeVar("T", bound="CustomerExport")


@_attrs_define
class CustomerExport:
    """Everything the service holds about one customer.

    Attributes:
        exported_at (datetime.datetime):
        customer (CustomerOut):
        consent_history (list[ConsentChangeOut]): Oldest first.
        audit (list[CustomerAuditOut]): The audit rows about the customer, oldest first.
    """

    exported_at: datetime.datetime
    customer: CustomerOut
    consent_history: list[ConsentChangeOut]
    audit: list[CustomerAuditOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        exported_at = self.exported_at.isoformat()

        customer = self.customer.to_dict()

        consent_history = []
        for consent_history_item_data in self.consent_history:
            consent_history_item = consent_history_item_data.to_dict()
            consent_history.append(consent_history_item)

        audit = []
        for audit_item_data in self.audit:
            audit_item = audit_item_data.to_dict()
            audit.append(audit_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "exported_at": exported_at,
                "customer": customer,
                "consent_history": consent_history,
                "audit": audit,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.consent_change_out import ConsentChangeOut  # noqa: PLC0415
        from ..models.customer_audit_out import CustomerAuditOut  # noqa: PLC0415
        from ..models.customer_out import CustomerOut  # noqa: PLC0415

        d = dict(src_dict)
        exported_at = datetime.datetime.fromisoformat(d.pop("exported_at"))

        customer = CustomerOut.from_dict(d.pop("customer"))

        consent_history = []
        _consent_history = d.pop("consent_history")
        for consent_history_item_data in _consent_history:
            consent_history_item = ConsentChangeOut.from_dict(consent_history_item_data)

            consent_history.append(consent_history_item)

        audit = []
        _audit = d.pop("audit")
        for audit_item_data in _audit:
            audit_item = CustomerAuditOut.from_dict(audit_item_data)

            audit.append(audit_item)

        customer_export = cls(
            exported_at=exported_at,
            customer=customer,
            consent_history=consent_history,
            audit=audit,
        )

        customer_export.additional_properties = d
        return customer_export

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
