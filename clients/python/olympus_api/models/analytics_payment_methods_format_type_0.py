from typing import Literal

AnalyticsPaymentMethodsFormatType0 = Literal["csv", "json"]

ANALYTICS_PAYMENT_METHODS_FORMAT_TYPE_0_VALUES: set[AnalyticsPaymentMethodsFormatType0] = {
    "csv",
    "json",
}


def check_analytics_payment_methods_format_type_0(value: str) -> AnalyticsPaymentMethodsFormatType0:
    if value in ANALYTICS_PAYMENT_METHODS_FORMAT_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ANALYTICS_PAYMENT_METHODS_FORMAT_TYPE_0_VALUES!r}"
    )
