from typing import Literal

PaymentSettingsUpdateProcessorType0 = Literal["stripe", "test"]

PAYMENT_SETTINGS_UPDATE_PROCESSOR_TYPE_0_VALUES: set[PaymentSettingsUpdateProcessorType0] = {
    "stripe",
    "test",
}


def check_payment_settings_update_processor_type_0(
    value: str,
) -> PaymentSettingsUpdateProcessorType0:
    if value in PAYMENT_SETTINGS_UPDATE_PROCESSOR_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PAYMENT_SETTINGS_UPDATE_PROCESSOR_TYPE_0_VALUES!r}"
    )
