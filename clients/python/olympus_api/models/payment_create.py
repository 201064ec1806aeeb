from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.card_method import CardMethod
    from ..models.cash_method import CashMethod


T = TypeVar("T", bound="PaymentCreate")


@_attrs_define
class PaymentCreate:
    """
    Attributes:
        order_id (UUID):
        amount (int): Minor units (cents), a whole number.
        method (CardMethod | CashMethod):
    """

    order_id: UUID
    amount: int
    method: CardMethod | CashMethod

    def to_dict(self) -> dict[str, Any]:
        from ..models.card_method import CardMethod  # noqa: PLC0415

        order_id = str(self.order_id)

        amount = self.amount

        method: dict[str, Any]
        if isinstance(self.method, CardMethod):
            method = self.method.to_dict()
        else:
            method = self.method.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "order_id": order_id,
                "amount": amount,
                "method": method,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.card_method import CardMethod  # noqa: PLC0415
        from ..models.cash_method import CashMethod  # noqa: PLC0415

        d = dict(src_dict)
        order_id = UUID(d.pop("order_id"))

        amount = d.pop("amount")

        def _parse_method(data: object) -> CardMethod | CashMethod:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                method_type_0 = CardMethod.from_dict(data)

                return method_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            method_type_1 = CashMethod.from_dict(data)

            return method_type_1

        method = _parse_method(d.pop("method"))

        payment_create = cls(
            order_id=order_id,
            amount=amount,
            method=method,
        )

        return payment_create
