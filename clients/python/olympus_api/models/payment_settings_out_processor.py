from typing import Literal

PaymentSettingsOutProcessor = Literal["stripe", "test"]

PAYMENT_SETTINGS_OUT_PROCESSOR_VALUES: set[PaymentSettingsOutProcessor] = {
    "stripe",
    "test",
}


def check_payment_settings_out_processor(value: str) -> PaymentSettingsOutProcessor:
    if value in PAYMENT_SETTINGS_OUT_PROCESSOR_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAYMENT_SETTINGS_OUT_PROCESSOR_VALUES!r}"
    )
