from typing import Literal

UsersListStatusType0 = Literal["active", "inactive"]

USERS_LIST_STATUS_TYPE_0_VALUES: set[UsersListStatusType0] = {
    "active",
    "inactive",
}


def check_users_list_status_type_0(value: str) -> UsersListStatusType0:
    if value in USERS_LIST_STATUS_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {USERS_LIST_STATUS_TYPE_0_VALUES!r}"
    )
