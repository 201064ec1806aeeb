from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rejected_row import RejectedRow


T = TypeVar("T", bound="ImportResultOut")


@_attrs_define
class ImportResultOut:
    """
    Attributes:
        created (int): Products created (or that would be, on a dry run).
        updated (int): Existing products changed by their row.
        unchanged (int): Existing products their row changes nothing of.
        rejected (list[RejectedRow]): Rows not imported, in file order.
        categories_created (int): Categories created for `category` paths.
        dry_run (bool):
        atomic (bool):
    """

    created: int
    updated: int
    unchanged: int
    rejected: list[RejectedRow]
    categories_created: int
    dry_run: bool
    atomic: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created = self.created

        updated = self.updated

        unchanged = self.unchanged

        rejected = []
        for rejected_item_data in self.rejected:
            rejected_item = rejected_item_data.to_dict()
            rejected.append(rejected_item)

        categories_created = self.categories_created

        dry_run = self.dry_run

        atomic = self.atomic

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created": created,
                "updated": updated,
                "unchanged": unchanged,
                "rejected": rejected,
                "categories_created": categories_created,
                "dry_run": dry_run,
                "atomic": atomic,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rejected_row import RejectedRow  # noqa: PLC0415

        d = dict(src_dict)
        created = d.pop("created")

        updated = d.pop("updated")

        unchanged = d.pop("unchanged")

        rejected = []
        _rejected = d.pop("rejected")
        for rejected_item_data in _rejected:
            rejected_item = RejectedRow.from_dict(rejected_item_data)

            rejected.append(rejected_item)

        categories_created = d.pop("categories_created")

        dry_run = d.pop("dry_run")

        atomic = d.pop("atomic")

        import_result_out = cls(
            created=created,
            updated=updated,
            unchanged=unchanged,
            rejected=rejected,
            categories_created=categories_created,
            dry_run=dry_run,
            atomic=atomic,
        )

        import_result_out.additional_properties = d
        return import_result_out

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
