from typing import Literal

DiscountCreateType = Literal["buy_x_get_y", "fixed", "percentage"]

DISCOUNT_CREATE_TYPE_VALUES: set[DiscountCreateType] = {
    "buy_x_get_y",
    "fixed",
    "percentage",
}


def check_discount_create_type(value: str) -> DiscountCreateType:
    if value in DISCOUNT_CREATE_TYPE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {DISCOUNT_CREATE_TYPE_VALUES!r}")
