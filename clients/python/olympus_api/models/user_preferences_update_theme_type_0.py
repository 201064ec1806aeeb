from typing import Literal

UserPreferencesUpdateThemeType0 = Literal["dark", "light", "system"]

USER_PREFERENCES_UPDATE_THEME_TYPE_0_VALUES: set[UserPreferencesUpdateThemeType0] = {
    "dark",
    "light",
    "system",
}


def check_user_preferences_update_theme_type_0(value: str) -> UserPreferencesUpdateThemeType0:
    if value in USER_PREFERENCES_UPDATE_THEME_TYPE_0_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {USER_PREFERENCES_UPDATE_THEME_TYPE_0_VALUES!r}"
    )
