from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.tenant_settings_default_currency import (
    TenantSettingsDefaultCurrency,
    check_tenant_settings_default_currency,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tax_rate_output import TaxRateOutput
    from ..models.tenant_settings_email_templates import TenantSettingsEmailTemplates


T = TypeVar("T", bound="TenantSettings")


@_attrs_define
class TenantSettings:
    """Every tenant setting with its effective value: the stored one, or the default.

    Attributes:
        display_name_override (None | str | Unset): The name shown to customers instead of the tenant's name
        default_currency (TenantSettingsDefaultCurrency | Unset): The currency of new products, orders and locations
            Default: 'USD'.
        default_timezone (str | Unset): The time zone of reports and of locations that set none Default: 'UTC'.
        default_locale (str | Unset): The language of emails and of users who chose none Default: 'en'.
        order_number_prefix (str | Unset): Put before every order number: up to 10 of A-Z, 0-9 and '-' Default: 'ORD-'.
        prices_include_tax (bool | Unset): Whether catalog prices already include tax Default: False.
        tax_rates (list[TaxRateOutput] | Unset): Tax rates per tax class, tenant-wide or per location; a class without a
            rate is not taxed
        require_email_verification (bool | Unset): Whether users must verify their email before signing in Default:
            False.
        session_idle_timeout_minutes (int | Unset): A session unused this long ends (5 minutes to 30 days) Default:
            20160.
        audit_retention_days (int | Unset): Audit rows older than this are pruned (30 days to 10 years) Default: 365.
        mfa_required_roles (list[str] | Unset): Users holding any of these roles (for example `owner`, `admin`) must
            enrol a second factor
        mfa_grace_period_days (int | Unset): Days such users may still sign in without a second factor (they are told to
            enrol); after them they can only enrol. Counted from `mfa_required_since`, or from the user's creation when
            later Default: 14.
        mfa_required_since (datetime.datetime | None | Unset): When `mfa_required_roles` last became non-empty (set by
            the service)
        app_url (None | str | Unset): The tenant's web app: emails link to it (`<app_url>/verify-email?token=...`)
            instead of the service's PUBLIC_APP_URL
        email_templates (TenantSettingsEmailTemplates | Unset): The tenant's own subject and bodies per kind of email
            (`verify_email`, `password_reset`, `invitation`, `security_notice`), checked by rendering when stored
    """

    display_name_override: None | str | Unset = UNSET
    default_currency: TenantSettingsDefaultCurrency | Unset = "USD"
    default_timezone: str | Unset = "UTC"
    default_locale: str | Unset = "en"
    order_number_prefix: str | Unset = "ORD-"
    prices_include_tax: bool | Unset = False
    tax_rates: list[TaxRateOutput] | Unset = UNSET
    require_email_verification: bool | Unset = False
    session_idle_timeout_minutes: int | Unset = 20160
    audit_retention_days: int | Unset = 365
    mfa_required_roles: list[str] | Unset = UNSET
    mfa_grace_period_days: int | Unset = 14
    mfa_required_since: datetime.datetime | None | Unset = UNSET
    app_url: None | str | Unset = UNSET
    email_templates: TenantSettingsEmailTemplates | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        display_name_override: None | str | Unset
        if isinstance(self.display_name_override, Unset):
            display_name_override = UNSET
        else:
            display_name_override = self.display_name_override

        default_currency: str | Unset = UNSET
        if not isinstance(self.default_currency, Unset):
            default_currency = self.default_currency

        default_timezone = self.default_timezone

        default_locale = self.default_locale

        order_number_prefix = self.order_number_prefix

        prices_include_tax = self.prices_include_tax

        tax_rates: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tax_rates, Unset):
            tax_rates = []
            for tax_rates_item_data in self.tax_rates:
                tax_rates_item = tax_rates_item_data.to_dict()
                tax_rates.append(tax_rates_item)

        require_email_verification = self.require_email_verification

        session_idle_timeout_minutes = self.session_idle_timeout_minutes

        audit_retention_days = self.audit_retention_days

        mfa_required_roles: list[str] | Unset = UNSET
        if not isinstance(self.mfa_required_roles, Unset):
            mfa_required_roles = self.mfa_required_roles

        mfa_grace_period_days = self.mfa_grace_period_days

        mfa_required_since: None | str | Unset
        if isinstance(self.mfa_required_since, Unset):
            mfa_required_since = UNSET
        elif isinstance(self.mfa_required_since, datetime.datetime):
            mfa_required_since = self.mfa_required_since.isoformat()
        else:
            mfa_required_since = self.mfa_required_since

        app_url: None | str | Unset
        if isinstance(self.app_url, Unset):
            app_url = UNSET
        else:
            app_url = self.app_url

        email_templates: dict[str, Any] | Unset = UNSET
        if not isinstance(self.email_templates, Unset):
            email_templates = self.email_templates.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if display_name_override is not UNSET:
            field_dict["display_name_override"] = display_name_override
        if default_currency is not UNSET:
            field_dict["default_currency"] = default_currency
        if default_timezone is not UNSET:
            field_dict["default_timezone"] = default_timezone
        if default_locale is not UNSET:
            field_dict["default_locale"] = default_locale
        if order_number_prefix is not UNSET:
            field_dict["order_number_prefix"] = order_number_prefix
        if prices_include_tax is not UNSET:
            field_dict["prices_include_tax"] = prices_include_tax
        if tax_rates is not UNSET:
            field_dict["tax_rates"] = tax_rates
        if require_email_verification is not UNSET:
            field_dict["require_email_verification"] = require_email_verification
        if session_idle_timeout_minutes is not UNSET:
            field_dict["session_idle_timeout_minutes"] = session_idle_timeout_minutes
        if audit_retention_days is not UNSET:
            field_dict["audit_retention_days"] = audit_retention_days
        if mfa_required_roles is not UNSET:
            field_dict["mfa_required_roles"] = mfa_required_roles
        if mfa_grace_period_days is not UNSET:
            field_dict["mfa_grace_period_days"] = mfa_grace_period_days
        if mfa_required_since is not UNSET:
            field_dict["mfa_required_since"] = mfa_required_since
        if app_url is not UNSET:
            field_dict["app_url"] = app_url
        if email_templates is not UNSET:
            field_dict["email_templates"] = email_templates

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tax_rate_output import TaxRateOutput  # noqa: PLC0415
        from ..models.tenant_settings_email_templates import (
            TenantSettingsEmailTemplates,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_display_name_override(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        display_name_override = _parse_display_name_override(d.pop("display_name_override", UNSET))

        _default_currency = d.pop("default_currency", UNSET)
        default_currency: TenantSettingsDefaultCurrency | Unset
        if isinstance(_default_currency, Unset):
            default_currency = UNSET
        else:
            default_currency = check_tenant_settings_default_currency(_default_currency)

        default_timezone = d.pop("default_timezone", UNSET)

        default_locale = d.pop("default_locale", UNSET)

        order_number_prefix = d.pop("order_number_prefix", UNSET)

        prices_include_tax = d.pop("prices_include_tax", UNSET)

        _tax_rates = d.pop("tax_rates", UNSET)
        tax_rates: list[TaxRateOutput] | Unset = UNSET
        if _tax_rates is not UNSET:
            tax_rates = []
            for tax_rates_item_data in _tax_rates:
                tax_rates_item = TaxRateOutput.from_dict(tax_rates_item_data)

                tax_rates.append(tax_rates_item)

        require_email_verification = d.pop("require_email_verification", UNSET)

        session_idle_timeout_minutes = d.pop("session_idle_timeout_minutes", UNSET)

        audit_retention_days = d.pop("audit_retention_days", UNSET)

        mfa_required_roles = cast(list[str], d.pop("mfa_required_roles", UNSET))

        mfa_grace_period_days = d.pop("mfa_grace_period_days", UNSET)

        def _parse_mfa_required_since(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mfa_required_since_type_0 = datetime.datetime.fromisoformat(data)

                return mfa_required_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        mfa_required_since = _parse_mfa_required_since(d.pop("mfa_required_since", UNSET))

        def _parse_app_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        app_url = _parse_app_url(d.pop("app_url", UNSET))

        _email_templates = d.pop("email_templates", UNSET)
        email_templates: TenantSettingsEmailTemplates | Unset
        if isinstance(_email_templates, Unset):
            email_templates = UNSET
        else:
            email_templates = TenantSettingsEmailTemplates.from_dict(_email_templates)

        tenant_settings = cls(
            display_name_override=display_name_override,
            default_currency=default_currency,
            default_timezone=default_timezone,
            default_locale=default_locale,
            order_number_prefix=order_number_prefix,
            prices_include_tax=prices_include_tax,
            tax_rates=tax_rates,
            require_email_verification=require_email_verification,
            session_idle_timeout_minutes=session_idle_timeout_minutes,
            audit_retention_days=audit_retention_days,
            mfa_required_roles=mfa_required_roles,
            mfa_grace_period_days=mfa_grace_period_days,
            mfa_required_since=mfa_required_since,
            app_url=app_url,
            email_templates=email_templates,
        )

        tenant_settings.additional_properties = d
        return tenant_settings

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
