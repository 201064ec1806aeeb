from typing import Literal

CartChannel = Literal["online", "pos"]

CART_CHANNEL_VALUES: set[CartChannel] = {
    "online",
    "pos",
}


def check_cart_channel(value: str) -> CartChannel:
    if value in CART_CHANNEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {CART_CHANNEL_VALUES!r}")
