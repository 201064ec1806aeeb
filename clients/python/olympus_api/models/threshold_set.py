from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="ThresholdSet")


@_attrs_define
class ThresholdSet:
    """
    Attributes:
        threshold (int | None): `inventory.low_stock` is published when available falls to this or below; null removes
            it.
    """

    threshold: int | None

    def to_dict(self) -> dict[str, Any]:
        threshold: int | None
        threshold = self.threshold

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "threshold": threshold,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_threshold(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        threshold = _parse_threshold(d.pop("threshold"))

        threshold_set = cls(
            threshold=threshold,
        )

        return threshold_set
