from typing import Literal

OrderReadChannel = Literal["online", "pos"]

ORDER_READ_CHANNEL_VALUES: set[OrderReadChannel] = {
    "online",
    "pos",
}


def check_order_read_channel(value: str) -> OrderReadChannel:
    if value in ORDER_READ_CHANNEL_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ORDER_READ_CHANNEL_VALUES!r}")
