from typing import Literal

AnalyticsTopProductsFormatType0 = Literal["csv", "json"]

ANALYTICS_TOP_PRODUCTS_FORMAT_TYPE_0_VALUES: set[AnalyticsTopProductsFormatType0] = {
    "csv",
    "json",
}


def check_analytics_top_products_format_type_0(value: str) -> AnalyticsTopProductsFormatType0:
    if value in ANALYTICS_TOP_PRODUCTS_FORMAT_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_TOP_PRODUCTS_FORMAT_TYPE_0_VALUES!r}"
    )
