from typing import Literal

CartOutStatus = Literal["checked_out", "expired", "open"]

CART_OUT_STATUS_VALUES: set[CartOutStatus] = {
    "checked_out",
    "expired",
    "open",
}


def check_cart_out_status(value: str) -> CartOutStatus:
    if value in CART_OUT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CART_OUT_STATUS_VALUES!r}")
