from typing import Literal

TenantsListStatusType0 = Literal["active", "suspended"]

TENANTS_LIST_STATUS_TYPE_0_VALUES: set[TenantsListStatusType0] = {
    "active",
    "suspended",
}


def check_tenants_list_status_type_0(value: str) -> TenantsListStatusType0:
    if value in TENANTS_LIST_STATUS_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TENANTS_LIST_STATUS_TYPE_0_VALUES!r}"
    )
