from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RateLimitOverrides")


@_attrs_define
class RateLimitOverrides:
    """A tenant's own fair-use quotas, requests per window (`RATE_LIMIT_WINDOW_SECONDS`);
    `null` follows the service's default.

        Attributes:
            per_token (int | None | Unset): Requests per access token (session) in each window
            per_tenant (int | None | Unset): Requests of the whole tenant in each window
    """

    per_token: int | None | Unset = UNSET
    per_tenant: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        per_token: int | None | Unset
        if isinstance(self.per_token, Unset):
            per_token = UNSET
        else:
            per_token = self.per_token

        per_tenant: int | None | Unset
        if isinstance(self.per_tenant, Unset):
            per_tenant = UNSET
        else:
            per_tenant = self.per_tenant

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if per_token is not UNSET:
            field_dict["per_token"] = per_token
        if per_tenant is not UNSET:
            field_dict["per_tenant"] = per_tenant

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_per_token(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_token = _parse_per_token(d.pop("per_token", UNSET))

        def _parse_per_tenant(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_tenant = _parse_per_tenant(d.pop("per_tenant", UNSET))

        rate_limit_overrides = cls(
            per_token=per_token,
            per_tenant=per_tenant,
        )

        return rate_limit_overrides
