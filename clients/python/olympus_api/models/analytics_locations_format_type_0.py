from typing import Literal

AnalyticsLocationsFormatType0 = Literal["csv", "json"]

ANALYTICS_LOCATIONS_FORMAT_TYPE_0_VALUES: set[AnalyticsLocationsFormatType0] = {
    "csv",
    "json",
}


def check_analytics_locations_format_type_0(value: str) -> AnalyticsLocationsFormatType0:
    if value in ANALYTICS_LOCATIONS_FORMAT_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_LOCATIONS_FORMAT_TYPE_0_VALUES!r}"
    )
