from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.outbox_state import OutboxState
    from ..models.readiness_checks import ReadinessChecks


T = TypeVar("T", bound="Readiness")


@_attrs_define
class Readiness:
    """
    Attributes:
        status (str):
        checks (ReadinessChecks):
        outbox (None | OutboxState | Unset):
    """

    status: str
    checks: ReadinessChecks
    outbox: None | OutboxState | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.outbox_state import OutboxState  # noqa: PLC0415

        status = self.status

        checks = self.checks.to_dict()

        outbox: dict[str, Any] | None | Unset
        if isinstance(self.outbox, Unset):
            outbox = UNSET
        elif isinstance(self.outbox, OutboxState):
            outbox = self.outbox.to_dict()
        else:
            outbox = self.outbox

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "checks": checks,
            }
        )
        if outbox is not UNSET:
            field_dict["outbox"] = outbox

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.outbox_state import OutboxState  # noqa: PLC0415
        from ..models.readiness_checks import ReadinessChecks  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status")

        checks = ReadinessChecks.from_dict(d.pop("checks"))

        def _parse_outbox(data: object) -> None | OutboxState | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                outbox_type_0 = OutboxState.from_dict(data)

                return outbox_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OutboxState | Unset, data)

        outbox = _parse_outbox(d.pop("outbox", UNSET))

        readiness = cls(
            status=status,
            checks=checks,
            outbox=outbox,
        )

        readiness.additional_properties = d
        return readiness

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
