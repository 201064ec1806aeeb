from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PasswordResetRequest")


@_attrs_define
class PasswordResetRequest:
    """
    Attributes:
        tenant (str): The tenant's slug
        email (str):
    """

    tenant: str
    email: str

    def to_dict(self) -> dict[str, Any]:
        tenant = self.tenant

        email = self.email

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "tenant": tenant,
                "email": email,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tenant = d.pop("tenant")

        email = d.pop("email")

        password_reset_request = cls(
            tenant=tenant,
            email=email,
        )

        return password_reset_request
