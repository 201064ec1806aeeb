from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.settings_schema_tenant_settings import SettingsSchemaTenantSettings
    from ..models.settings_schema_user_preferences import SettingsSchemaUserPreferences


T = TypeVar("T", bound="SettingsSchema")


@_attrs_define
class SettingsSchema:
    """JSON Schemas (draft 2020-12) of the effective settings and preferences, for forms.

    Attributes:
        tenant_settings (SettingsSchemaTenantSettings):
        user_preferences (SettingsSchemaUserPreferences):
    """

    tenant_settings: SettingsSchemaTenantSettings
    user_preferences: SettingsSchemaUserPreferences
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tenant_settings = self.tenant_settings.to_dict()

        user_preferences = self.user_preferences.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tenant_settings": tenant_settings,
                "user_preferences": user_preferences,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.settings_schema_tenant_settings import (
            SettingsSchemaTenantSettings,  # noqa: PLC0415
        )
        from ..models.settings_schema_user_preferences import (
            SettingsSchemaUserPreferences,  # noqa: PLC0415
        )

        d = dict(src_dict)
        tenant_settings = SettingsSchemaTenantSettings.from_dict(d.pop("tenant_settings"))

        user_preferences = SettingsSchemaUserPreferences.from_dict(d.pop("user_preferences"))

        settings_schema = cls(
            tenant_settings=tenant_settings,
            user_preferences=user_preferences,
        )

        settings_schema.additional_properties = d
        return settings_schema

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
