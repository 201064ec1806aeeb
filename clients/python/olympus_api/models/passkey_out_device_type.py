from typing import Literal

PasskeyOutDeviceType = Literal["multi_device", "single_device"]

PASSKEY_OUT_DEVICE_TYPE_VALUES: set[PasskeyOutDeviceType] = {
    "multi_device",
    "single_device",
}


def check_passkey_out_device_type(value: str) -> PasskeyOutDeviceType:
    if value in PASSKEY_OUT_DEVICE_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PASSKEY_OUT_DEVICE_TYPE_VALUES!r}"
    )
