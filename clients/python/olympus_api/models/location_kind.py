from typing import Literal

LocationKind = Literal["branch", "office", "store", "warehouse"]

LOCATION_KIND_VALUES: set[LocationKind] = {
    "branch",
    "office",
    "store",
    "warehouse",
}


def check_location_kind(value: str) -> LocationKind:
    if value in LOCATION_KIND_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {LOCATION_KIND_VALUES!r}")
