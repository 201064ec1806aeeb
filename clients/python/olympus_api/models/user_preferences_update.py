from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.user_preferences_update_theme_type_0 import (
    UserPreferencesUpdateThemeType0,
    check_user_preferences_update_theme_type_0,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="UserPreferencesUpdate")


@_attrs_define
class UserPreferencesUpdate:
    """The preferences to change; keys left out stay as they are, `null` resets a key to its
    default.

        Attributes:
            locale (None | str | Unset): The user's language; defaults to the tenant's `default_locale`
            timezone (None | str | Unset): The user's time zone; defaults to the tenant's `default_timezone`
            theme (None | Unset | UserPreferencesUpdateThemeType0): The colour scheme of the user's interface
            email_notifications (bool | None | Unset): Whether the user receives notification emails
            new_device_alerts (bool | None | Unset): Whether the user is emailed when their account signs in from a device
                (user agent) it never signed in from before
            items_per_page (int | None | Unset): How many rows the user's lists show
    """

    locale: None | str | Unset = UNSET
    timezone: None | str | Unset = UNSET
    theme: None | Unset | UserPreferencesUpdateThemeType0 = UNSET
    email_notifications: bool | None | Unset = UNSET
    new_device_alerts: bool | None | Unset = UNSET
    items_per_page: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        timezone: None | str | Unset
        if isinstance(self.timezone, Unset):
            timezone = UNSET
        else:
            timezone = self.timezone

        theme: None | str | Unset
        if isinstance(self.theme, Unset):
            theme = UNSET
        elif isinstance(self.theme, str):
            theme = self.theme
        else:
            theme = self.theme

        email_notifications: bool | None | Unset
        if isinstance(self.email_notifications, Unset):
            email_notifications = UNSET
        else:
            email_notifications = self.email_notifications

        new_device_alerts: bool | None | Unset
        if isinstance(self.new_device_alerts, Unset):
            new_device_alerts = UNSET
        else:
            new_device_alerts = self.new_device_alerts

        items_per_page: int | None | Unset
        if isinstance(self.items_per_page, Unset):
            items_per_page = UNSET
        else:
            items_per_page = self.items_per_page

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if locale is not UNSET:
            field_dict["locale"] = locale
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
        if theme is not UNSET:
            field_dict["theme"] = theme
        if email_notifications is not UNSET:
            field_dict["email_notifications"] = email_notifications
        if new_device_alerts is not UNSET:
            field_dict["new_device_alerts"] = new_device_alerts
        if items_per_page is not UNSET:
            field_dict["items_per_page"] = items_per_page

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))

        def _parse_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        timezone = _parse_timezone(d.pop("timezone", UNSET))

        def _parse_theme(data: object) -> None | Unset | UserPreferencesUpdateThemeType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                theme_type_0 = check_user_preferences_update_theme_type_0(data)

                return theme_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserPreferencesUpdateThemeType0, data)

        theme = _parse_theme(d.pop("theme", UNSET))

        def _parse_email_notifications(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        email_notifications = _parse_email_notifications(d.pop("email_notifications", UNSET))

        def _parse_new_device_alerts(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        new_device_alerts = _parse_new_device_alerts(d.pop("new_device_alerts", UNSET))

        def _parse_items_per_page(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        items_per_page = _parse_items_per_page(d.pop("items_per_page", UNSET))

        user_preferences_update = cls(
            locale=locale,
            timezone=timezone,
            theme=theme,
            email_notifications=email_notifications,
            new_device_alerts=new_device_alerts,
            items_per_page=items_per_page,
        )

        return user_preferences_update
