from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.owner_in import OwnerIn


T = TypeVar("T", bound="TenantCreate")


@_attrs_define
class TenantCreate:
    """
    Attributes:
        slug (str):
        name (str):
        owner (OwnerIn):
    """

    slug: str
    name: str
    owner: OwnerIn

    def to_dict(self) -> dict[str, Any]:
        slug = self.slug

        name = self.name

        owner = self.owner.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "slug": slug,
                "name": name,
                "owner": owner,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.owner_in import OwnerIn  # noqa: PLC0415

        d = dict(src_dict)
        slug = d.pop("slug")

        name = d.pop("name")

        owner = OwnerIn.from_dict(d.pop("owner"))

        tenant_create = cls(
            slug=slug,
            name=name,
            owner=owner,
        )

        return tenant_create
