from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rate_limit_overrides import RateLimitOverrides


T = TypeVar("T", bound="TenantRateLimits")


@_attrs_define
class TenantRateLimits:
    """A tenant's fair-use quotas in force, and those set for it (`overrides`).

    Attributes:
        per_token (int): Requests per access token (session) in each window
        per_tenant (int): Requests of the whole tenant in each window
        window_seconds (int): The length of a window, the same for all
        overrides (RateLimitOverrides): A tenant's own fair-use quotas, requests per window
            (`RATE_LIMIT_WINDOW_SECONDS`);
            `null` follows the service's default.
    """

    per_token: int
    per_tenant: int
    window_seconds: int
    overrides: RateLimitOverrides
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        per_token = self.per_token

        per_tenant = self.per_tenant

        window_seconds = self.window_seconds

        overrides = self.overrides.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "per_token": per_token,
                "per_tenant": per_tenant,
                "window_seconds": window_seconds,
                "overrides": overrides,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rate_limit_overrides import RateLimitOverrides  # noqa: PLC0415

        d = dict(src_dict)
        per_token = d.pop("per_token")

        per_tenant = d.pop("per_tenant")

        window_seconds = d.pop("window_seconds")

        overrides = RateLimitOverrides.from_dict(d.pop("overrides"))

        tenant_rate_limits = cls(
            per_token=per_token,
            per_tenant=per_tenant,
            window_seconds=window_seconds,
            overrides=overrides,
        )

        tenant_rate_limits.additional_properties = d
        return tenant_rate_limits

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
