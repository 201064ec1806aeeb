from typing import Literal

AnalyticsSalesFormatType0 = Literal["csv", "json"]

ANALYTICS_SALES_FORMAT_TYPE_0_VALUES: set[AnalyticsSalesFormatType0] = {
    "csv",
    "json",
}


def check_analytics_sales_format_type_0(value: str) -> AnalyticsSalesFormatType0:
    if value in ANALYTICS_SALES_FORMAT_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_SALES_FORMAT_TYPE_0_VALUES!r}"
    )
