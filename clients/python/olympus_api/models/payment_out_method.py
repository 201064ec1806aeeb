from typing import Literal

PaymentOutMethod = Literal["card", "cash"]

PAYMENT_OUT_METHOD_VALUES: set[PaymentOutMethod] = {
    "card",
    "cash",
}


def check_payment_out_method(value: str) -> PaymentOutMethod:
    if value in PAYMENT_OUT_METHOD_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PAYMENT_OUT_METHOD_VALUES!r}")
