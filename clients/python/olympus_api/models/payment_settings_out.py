from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_settings_out_processor import (
    PaymentSettingsOutProcessor,
    check_payment_settings_out_processor,
)

T = TypeVar("T", bound="PaymentSettingsOut")


@_attrs_define
class PaymentSettingsOut:
    """
    Attributes:
        processor (PaymentSettingsOutProcessor):
        stripe_publishable_key (None | str):
        stripe_secret_key_set (bool):
        stripe_webhook_secret_set (bool):
        stripe_webhook_path (str): Where to point the Stripe webhook endpoint (events `payment_intent.succeeded` and
            `payment_intent.payment_failed`).
        updated_at (datetime.datetime | None):
    """

    processor: PaymentSettingsOutProcessor
    stripe_publishable_key: None | str
    stripe_secret_key_set: bool
    stripe_webhook_secret_set: bool
    stripe_webhook_path: str
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        processor: str = self.processor

        stripe_publishable_key: None | str
        stripe_publishable_key = self.stripe_publishable_key

        stripe_secret_key_set = self.stripe_secret_key_set

        stripe_webhook_secret_set = self.stripe_webhook_secret_set

        stripe_webhook_path = self.stripe_webhook_path

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "processor": processor,
                "stripe_publishable_key": stripe_publishable_key,
                "stripe_secret_key_set": stripe_secret_key_set,
                "stripe_webhook_secret_set": stripe_webhook_secret_set,
                "stripe_webhook_path": stripe_webhook_path,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        processor = check_payment_settings_out_processor(d.pop("processor"))

        def _parse_stripe_publishable_key(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        stripe_publishable_key = _parse_stripe_publishable_key(d.pop("stripe_publishable_key"))

        stripe_secret_key_set = d.pop("stripe_secret_key_set")

        stripe_webhook_secret_set = d.pop("stripe_webhook_secret_set")

        stripe_webhook_path = d.pop("stripe_webhook_path")

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        payment_settings_out = cls(
            processor=processor,
            stripe_publishable_key=stripe_publishable_key,
            stripe_secret_key_set=stripe_secret_key_set,
            stripe_webhook_secret_set=stripe_webhook_secret_set,
            stripe_webhook_path=stripe_webhook_path,
            updated_at=updated_at,
        )

        payment_settings_out.additional_properties = d
        return payment_settings_out

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
