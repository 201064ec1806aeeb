from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="CashMethod")


@_attrs_define
class CashMethod:
    """
    Attributes:
        type_ (Literal['cash']):
        tendered (int | None | Unset): Cash handed over, at least `amount`; the answer's `change_due` is the difference.
            None: exactly `amount`.
    """

    type_: Literal["cash"]
    tendered: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        tendered: int | None | Unset
        if isinstance(self.tendered, Unset):
            tendered = UNSET
        else:
            tendered = self.tendered

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
            }
        )
        if tendered is not UNSET:
            field_dict["tendered"] = tendered

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["cash"], d.pop("type"))
        if type_ != "cash":
            raise ValueError(f"type must match const 'cash', got '{type_}'")

        def _parse_tendered(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tendered = _parse_tendered(d.pop("tendered", UNSET))

        cash_method = cls(
            type_=type_,
            tendered=tendered,
        )

        return cash_method
