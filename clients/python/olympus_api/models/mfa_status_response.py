from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.mfa_factor_out import MfaFactorOut


T = TypeVar("T", bound="MfaStatusResponse")


@_attrs_define
class MfaStatusResponse:
    """
    Attributes:
        enabled (bool): Whether sign-in asks for a second factor
        factors (list[MfaFactorOut]):
        totp_setup_pending (bool): A setup was begun and not confirmed yet
        recovery_codes_left (int):
        enrollment_required (bool): The tenant requires this user to enrol a second factor
        enrollment_deadline (datetime.datetime | None): Until when the user may sign in without one (then only enrol)
    """

    enabled: bool
    factors: list[MfaFactorOut]
    totp_setup_pending: bool
    recovery_codes_left: int
    enrollment_required: bool
    enrollment_deadline: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        factors = []
        for factors_item_data in self.factors:
            factors_item = factors_item_data.to_dict()
            factors.append(factors_item)

        totp_setup_pending = self.totp_setup_pending

        recovery_codes_left = self.recovery_codes_left

        enrollment_required = self.enrollment_required

        enrollment_deadline: None | str
        if isinstance(self.enrollment_deadline, datetime.datetime):
            enrollment_deadline = self.enrollment_deadline.isoformat()
        else:
            enrollment_deadline = self.enrollment_deadline

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enabled": enabled,
                "factors": factors,
                "totp_setup_pending": totp_setup_pending,
                "recovery_codes_left": recovery_codes_left,
                "enrollment_required": enrollment_required,
                "enrollment_deadline": enrollment_deadline,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.mfa_factor_out import MfaFactorOut  # noqa: PLC0415

        d = dict(src_dict)
        enabled = d.pop("enabled")

        factors = []
        _factors = d.pop("factors")
        for factors_item_data in _factors:
            factors_item = MfaFactorOut.from_dict(factors_item_data)

            factors.append(factors_item)

        totp_setup_pending = d.pop("totp_setup_pending")

        recovery_codes_left = d.pop("recovery_codes_left")

        enrollment_required = d.pop("enrollment_required")

        def _parse_enrollment_deadline(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                enrollment_deadline_type_0 = datetime.datetime.fromisoformat(data)

                return enrollment_deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        enrollment_deadline = _parse_enrollment_deadline(d.pop("enrollment_deadline"))

        mfa_status_response = cls(
            enabled=enabled,
            factors=factors,
            totp_setup_pending=totp_setup_pending,
            recovery_codes_left=recovery_codes_left,
            enrollment_required=enrollment_required,
            enrollment_deadline=enrollment_deadline,
        )

        mfa_status_response.additional_properties = d
        return mfa_status_response

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
