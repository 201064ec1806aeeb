from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define

T = TypeVar("T", bound="CardMethod")


@_attrs_define
class CardMethod:
    """
    Attributes:
        type_ (Literal['card']):
        token (str): The card as the tenant's processor knows it. Test processor: `tok_visa` succeeds, `tok_declined`
            fails with `card_declined`, `tok_insufficient_funds` with `insufficient_funds`. Stripe: a PaymentMethod id
            (`pm_...`).
    """

    type_: Literal["card"]
    token: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        token = self.token

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["card"], d.pop("type"))
        if type_ != "card":
            raise ValueError(f"type must match const 'card', got '{type_}'")

        token = d.pop("token")

        card_method = cls(
            type_=type_,
            token=token,
        )

        return card_method
