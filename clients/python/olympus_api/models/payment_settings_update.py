from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.payment_settings_update_processor_type_0 import (
    PaymentSettingsUpdateProcessorType0,
    check_payment_settings_update_processor_type_0,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PaymentSettingsUpdate")


@_attrs_define
class PaymentSettingsUpdate:
    """Only the fields sent change.

    Attributes:
        processor (None | PaymentSettingsUpdateProcessorType0 | Unset): `test` (answers by token, no money moves) or
            `stripe` (needs `stripe_secret_key`).
        stripe_publishable_key (None | str | Unset):
        stripe_secret_key (None | str | Unset): `sk_...` or `rk_...`. Write-only: stored encrypted, never answered (see
            `..._set`); null removes it.
        stripe_webhook_secret (None | str | Unset): `whsec_...`, the endpoint's signing secret. Write-only: stored
            encrypted, never answered (see `..._set`); null removes it.
    """

    processor: None | PaymentSettingsUpdateProcessorType0 | Unset = UNSET
    stripe_publishable_key: None | str | Unset = UNSET
    stripe_secret_key: None | str | Unset = UNSET
    stripe_webhook_secret: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        processor: None | str | Unset
        if isinstance(self.processor, Unset):
            processor = UNSET
        elif isinstance(self.processor, str):
            processor = self.processor
        else:
            processor = self.processor

        stripe_publishable_key: None | str | Unset
        if isinstance(self.stripe_publishable_key, Unset):
            stripe_publishable_key = UNSET
        else:
            stripe_publishable_key = self.stripe_publishable_key

        stripe_secret_key: None | str | Unset
        if isinstance(self.stripe_secret_key, Unset):
            stripe_secret_key = UNSET
        else:
            stripe_secret_key = self.stripe_secret_key

        stripe_webhook_secret: None | str | Unset
        if isinstance(self.stripe_webhook_secret, Unset):
            stripe_webhook_secret = UNSET
        else:
            stripe_webhook_secret = self.stripe_webhook_secret

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if processor is not UNSET:
            field_dict["processor"] = processor
        if stripe_publishable_key is not UNSET:
            field_dict["stripe_publishable_key"] = stripe_publishable_key
        if stripe_secret_key is not UNSET:
            field_dict["stripe_secret_key"] = stripe_secret_key
        if stripe_webhook_secret is not UNSET:
            field_dict["stripe_webhook_secret"] = stripe_webhook_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_processor(data: object) -> None | PaymentSettingsUpdateProcessorType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                processor_type_0 = check_payment_settings_update_processor_type_0(data)

                return processor_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PaymentSettingsUpdateProcessorType0 | Unset, data)

        processor = _parse_processor(d.pop("processor", UNSET))

        def _parse_stripe_publishable_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_publishable_key = _parse_stripe_publishable_key(
            d.pop("stripe_publishable_key", UNSET)
        )

        def _parse_stripe_secret_key(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_secret_key = _parse_stripe_secret_key(d.pop("stripe_secret_key", UNSET))

        def _parse_stripe_webhook_secret(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stripe_webhook_secret = _parse_stripe_webhook_secret(d.pop("stripe_webhook_secret", UNSET))

        payment_settings_update = cls(
            processor=processor,
            stripe_publishable_key=stripe_publishable_key,
            stripe_secret_key=stripe_secret_key,
            stripe_webhook_secret=stripe_webhook_secret,
        )

        return payment_settings_update
