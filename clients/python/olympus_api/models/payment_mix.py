from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentMix")


@_attrs_define
class PaymentMix:
    """
    Attributes:
        method (str): card or cash
        provider (str): Who took it: the card processor (test, stripe) or cash
        payments (int): Payments that succeeded in the window
        amount (int): What they captured
        refund_count (int): Refunds of payments of this method that succeeded in the window
        refunds (int): What those refunds gave back
        net_amount (int): amount - refunds
    """

    method: str
    provider: str
    payments: int
    amount: int
    refund_count: int
    refunds: int
    net_amount: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        method = self.method

        provider = self.provider

        payments = self.payments

        amount = self.amount

        refund_count = self.refund_count

        refunds = self.refunds

        net_amount = self.net_amount

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "method": method,
                "provider": provider,
                "payments": payments,
                "amount": amount,
                "refund_count": refund_count,
                "refunds": refunds,
                "net_amount": net_amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        method = d.pop("method")

        provider = d.pop("provider")

        payments = d.pop("payments")

        amount = d.pop("amount")

        refund_count = d.pop("refund_count")

        refunds = d.pop("refunds")

        net_amount = d.pop("net_amount")

        payment_mix = cls(
            method=method,
            provider=provider,
            payments=payments,
            amount=amount,
            refund_count=refund_count,
            refunds=refunds,
            net_amount=net_amount,
        )

        payment_mix.additional_properties = d
        return payment_mix

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
