from typing import Literal

DiscountStatus = Literal["active", "archived"]

DISCOUNT_STATUS_VALUES: set[DiscountStatus] = {
    "active",
    "archived",
}


def check_discount_status(value: str) -> DiscountStatus:
    if value in DISCOUNT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DISCOUNT_STATUS_VALUES!r}")
