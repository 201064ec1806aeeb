from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.user_preferences_theme import (
    UserPreferencesTheme,
    check_user_preferences_theme,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="UserPreferences")


@_attrs_define
class UserPreferences:
    """Every preference of the caller with its effective value: the stored one, or the
    default (for `locale` and `timezone`, the tenant's current default).

        Attributes:
            locale (str): The user's language; defaults to the tenant's `default_locale`
            timezone (str): The user's time zone; defaults to the tenant's `default_timezone`
            theme (UserPreferencesTheme | Unset): The colour scheme of the user's interface Default: 'system'.
            email_notifications (bool | Unset): Whether the user receives notification emails Default: True.
            new_device_alerts (bool | Unset): Whether the user is emailed when their account signs in from a device (user
                agent) it never signed in from before Default: True.
            items_per_page (int | Unset): How many rows the user's lists show Default: 50.
    """

    locale: str
    timezone: str
    theme: UserPreferencesTheme | Unset = "system"
    email_notifications: bool | Unset = True
    new_device_alerts: bool | Unset = True
    items_per_page: int | Unset = 50
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        locale = self.locale

        timezone = self.timezone

        theme: str | Unset = UNSET
        if not isinstance(self.theme, Unset):
            theme = self.theme

        email_notifications = self.email_notifications

        new_device_alerts = self.new_device_alerts

        items_per_page = self.items_per_page

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "locale": locale,
                "timezone": timezone,
            }
        )
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
        locale = d.pop("locale")

        timezone = d.pop("timezone")

        _theme = d.pop("theme", UNSET)
        theme: UserPreferencesTheme | Unset
        if isinstance(_theme, Unset):
            theme = UNSET
        else:
            theme = check_user_preferences_theme(_theme)

        email_notifications = d.pop("email_notifications", UNSET)

        new_device_alerts = d.pop("new_device_alerts", UNSET)

        items_per_page = d.pop("items_per_page", UNSET)

        user_preferences = cls(
            locale=locale,
            timezone=timezone,
            theme=theme,
            email_notifications=email_notifications,
            new_device_alerts=new_device_alerts,
            items_per_page=items_per_page,
        )

        user_preferences.additional_properties = d
        return user_preferences

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
