from typing import Literal

PaymentOutStatus = Literal["failed", "pending", "succeeded"]

PAYMENT_OUT_STATUS_VALUES: set[PaymentOutStatus] = {
    "failed",
    "pending",
    "succeeded",
}


def check_payment_out_status(value: str) -> PaymentOutStatus:
    if value in PAYMENT_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PAYMENT_OUT_STATUS_VALUES!r}")
