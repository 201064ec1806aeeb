from typing import Literal

AnalyticsHoursFormatType0 = Literal["csv", "json"]

ANALYTICS_HOURS_FORMAT_TYPE_0_VALUES: set[AnalyticsHoursFormatType0] = {
    "csv",
    "json",
}


def check_analytics_hours_format_type_0(value: str) -> AnalyticsHoursFormatType0:
    if value in ANALYTICS_HOURS_FORMAT_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_HOURS_FORMAT_TYPE_0_VALUES!r}"
    )
