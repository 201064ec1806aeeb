from typing import Literal

ProductMeasure = Literal["quantity", "revenue"]

PRODUCT_MEASURE_VALUES: set[ProductMeasure] = {
    "quantity",
    "revenue",
}


def check_product_measure(value: str) -> ProductMeasure:
    if value in PRODUCT_MEASURE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {PRODUCT_MEASURE_VALUES!r}")
