from typing import Literal

ProductStatus = Literal["active", "archived", "draft"]

PRODUCT_STATUS_VALUES: set[ProductStatus] = {
    "active",
    "archived",
    "draft",
}


def check_product_status(value: str) -> ProductStatus:
    if value in PRODUCT_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PRODUCT_STATUS_VALUES!r}")
