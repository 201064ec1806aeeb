from typing import Literal

OrderStatus = Literal[
    "cancelled",
    "completed",
    "fulfilled",
    "paid",
    "partially_fulfilled",
    "partially_refunded",
    "pending",
    "refunded",
]

ORDER_STATUS_VALUES: set[OrderStatus] = {
    "cancelled",
    "completed",
    "fulfilled",
    "paid",
    "partially_fulfilled",
    "partially_refunded",
    "pending",
    "refunded",
}


def check_order_status(value: str) -> OrderStatus:
    if value in ORDER_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {ORDER_STATUS_VALUES!r}")
