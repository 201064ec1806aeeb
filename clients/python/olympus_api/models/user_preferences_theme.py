from typing import Literal

UserPreferencesTheme = Literal["dark", "light", "system"]

USER_PREFERENCES_THEME_VALUES: set[UserPreferencesTheme] = {
    "dark",
    "light",
    "system",
}


def check_user_preferences_theme(value: str) -> UserPreferencesTheme:
    if value in USER_PREFERENCES_THEME_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {USER_PREFERENCES_THEME_VALUES!r}"
    )
