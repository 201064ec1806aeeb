from typing import Literal

LocationStatus = Literal["active", "archived"]

LOCATION_STATUS_VALUES: set[LocationStatus] = {
    "active",
    "archived",
}


def check_location_status(value: str) -> LocationStatus:
    if value in LOCATION_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOCATION_STATUS_VALUES!r}")
