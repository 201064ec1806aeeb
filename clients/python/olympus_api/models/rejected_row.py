from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.import_issue import ImportIssue


T = TypeVar("T", bound="RejectedRow")


@_attrs_define
class RejectedRow:
    """
    Attributes:
        row (int): The line of the file where the row starts; the header is line 1.
        sku (None | str): The row's SKU cell, as written (null without one).
        errors (list[ImportIssue]):
    """

    row: int
    sku: None | str
    errors: list[ImportIssue]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        row = self.row

        sku: None | str
        sku = self.sku

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "row": row,
                "sku": sku,
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_issue import ImportIssue  # noqa: PLC0415

        d = dict(src_dict)
        row = d.pop("row")

        def _parse_sku(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        sku = _parse_sku(d.pop("sku"))

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = ImportIssue.from_dict(errors_item_data)

            errors.append(errors_item)

        rejected_row = cls(
            row=row,
            sku=sku,
            errors=errors,
        )

        rejected_row.additional_properties = d
        return rejected_row

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
