from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.tenant_settings_update_default_currency_type_0 import (
    TenantSettingsUpdateDefaultCurrencyType0,
    check_tenant_settings_update_default_currency_type_0,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tax_rate_input import TaxRateInput
    from ..models.tenant_settings_update_email_templates_type_0 import (
        TenantSettingsUpdateEmailTemplatesType0,
    )


T = TypeVar("T", bound="TenantSettingsUpdate")


@_attrs_define
class TenantSettingsUpdate:
    """The settings to change; keys left out stay as they are, `null` resets a key to its
    default. Values are checked strictly: `"true"` is not a boolean, `"30"` not a number.

        Attributes:
            display_name_override (None | str | Unset): The name shown to customers instead of the tenant's name
            default_currency (None | TenantSettingsUpdateDefaultCurrencyType0 | Unset): The currency of new products, orders
                and locations
            default_timezone (None | str | Unset): The time zone of reports and of locations that set none
            default_locale (None | str | Unset): The language of emails and of users who chose none
            order_number_prefix (None | str | Unset): Put before every order number: up to 10 of A-Z, 0-9 and '-'
            prices_include_tax (bool | None | Unset): Whether catalog prices already include tax
            tax_rates (list[TaxRateInput] | None | Unset): Tax rates per tax class, tenant-wide or per location; a class
                without a rate is not taxed
            require_email_verification (bool | None | Unset): Whether users must verify their email before signing in
            session_idle_timeout_minutes (int | None | Unset): A session unused this long ends (5 minutes to 30 days)
            audit_retention_days (int | None | Unset): Audit rows older than this are pruned (30 days to 10 years)
            mfa_required_roles (list[str] | None | Unset): Users holding any of these roles (for example `owner`, `admin`)
                must enrol a second factor
            mfa_grace_period_days (int | None | Unset): Days such users may still sign in without a second factor (they are
                told to enrol); after them they can only enrol. Counted from `mfa_required_since`, or from the user's creation
                when later
            app_url (None | str | Unset): The tenant's web app: emails link to it (`<app_url>/verify-email?token=...`)
                instead of the service's PUBLIC_APP_URL
            email_templates (None | TenantSettingsUpdateEmailTemplatesType0 | Unset): The tenant's own subject and bodies
                per kind of email (`verify_email`, `password_reset`, `invitation`, `security_notice`), checked by rendering when
                stored
            mfa_required_since (None | str | Unset): Read-only, set by the service; accepted so that what GET answers can be
                put back as is, and ignored
    """

    display_name_override: None | str | Unset = UNSET
    default_currency: None | TenantSettingsUpdateDefaultCurrencyType0 | Unset = UNSET
    default_timezone: None | str | Unset = UNSET
    default_locale: None | str | Unset = UNSET
    order_number_prefix: None | str | Unset = UNSET
    prices_include_tax: bool | None | Unset = UNSET
    tax_rates: list[TaxRateInput] | None | Unset = UNSET
    require_email_verification: bool | None | Unset = UNSET
    session_idle_timeout_minutes: int | None | Unset = UNSET
    audit_retention_days: int | None | Unset = UNSET
    mfa_required_roles: list[str] | None | Unset = UNSET
    mfa_grace_period_days: int | None | Unset = UNSET
    app_url: None | str | Unset = UNSET
    email_templates: None | TenantSettingsUpdateEmailTemplatesType0 | Unset = UNSET
    mfa_required_since: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.tenant_settings_update_email_templates_type_0 import (
            TenantSettingsUpdateEmailTemplatesType0,  # noqa: PLC0415
        )

        display_name_override: None | str | Unset
        if isinstance(self.display_name_override, Unset):
            display_name_override = UNSET
        else:
            display_name_override = self.display_name_override

        default_currency: None | str | Unset
        if isinstance(self.default_currency, Unset):
            default_currency = UNSET
        elif isinstance(self.default_currency, str):
            default_currency = self.default_currency
        else:
            default_currency = self.default_currency

        default_timezone: None | str | Unset
        if isinstance(self.default_timezone, Unset):
            default_timezone = UNSET
        else:
            default_timezone = self.default_timezone

        default_locale: None | str | Unset
        if isinstance(self.default_locale, Unset):
            default_locale = UNSET
        else:
            default_locale = self.default_locale

        order_number_prefix: None | str | Unset
        if isinstance(self.order_number_prefix, Unset):
            order_number_prefix = UNSET
        else:
            order_number_prefix = self.order_number_prefix

        prices_include_tax: bool | None | Unset
        if isinstance(self.prices_include_tax, Unset):
            prices_include_tax = UNSET
        else:
            prices_include_tax = self.prices_include_tax

        tax_rates: list[dict[str, Any]] | None | Unset
        if isinstance(self.tax_rates, Unset):
            tax_rates = UNSET
        elif isinstance(self.tax_rates, list):
            tax_rates = []
            for tax_rates_type_0_item_data in self.tax_rates:
                tax_rates_type_0_item = tax_rates_type_0_item_data.to_dict()
                tax_rates.append(tax_rates_type_0_item)

        else:
            tax_rates = self.tax_rates

        require_email_verification: bool | None | Unset
        if isinstance(self.require_email_verification, Unset):
            require_email_verification = UNSET
        else:
            require_email_verification = self.require_email_verification

        session_idle_timeout_minutes: int | None | Unset
        if isinstance(self.session_idle_timeout_minutes, Unset):
            session_idle_timeout_minutes = UNSET
        else:
            session_idle_timeout_minutes = self.session_idle_timeout_minutes

        audit_retention_days: int | None | Unset
        if isinstance(self.audit_retention_days, Unset):
            audit_retention_days = UNSET
        else:
            audit_retention_days = self.audit_retention_days

        mfa_required_roles: list[str] | None | Unset
        if isinstance(self.mfa_required_roles, Unset):
            mfa_required_roles = UNSET
        elif isinstance(self.mfa_required_roles, list):
            mfa_required_roles = self.mfa_required_roles

        else:
            mfa_required_roles = self.mfa_required_roles

        mfa_grace_period_days: int | None | Unset
        if isinstance(self.mfa_grace_period_days, Unset):
            mfa_grace_period_days = UNSET
        else:
            mfa_grace_period_days = self.mfa_grace_period_days

        app_url: None | str | Unset
        if isinstance(self.app_url, Unset):
            app_url = UNSET
        else:
            app_url = self.app_url

        email_templates: dict[str, Any] | None | Unset
        if isinstance(self.email_templates, Unset):
            email_templates = UNSET
        elif isinstance(self.email_templates, TenantSettingsUpdateEmailTemplatesType0):
            email_templates = self.email_templates.to_dict()
        else:
            email_templates = self.email_templates

        mfa_required_since: None | str | Unset
        if isinstance(self.mfa_required_since, Unset):
            mfa_required_since = UNSET
        else:
            mfa_required_since = self.mfa_required_since

        field_dict: dict[str, Any] = {}

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
        if app_url is not UNSET:
            field_dict["app_url"] = app_url
        if email_templates is not UNSET:
            field_dict["email_templates"] = email_templates
        if mfa_required_since is not UNSET:
            field_dict["mfa_required_since"] = mfa_required_since

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tax_rate_input import TaxRateInput  # noqa: PLC0415
        from ..models.tenant_settings_update_email_templates_type_0 import (
            TenantSettingsUpdateEmailTemplatesType0,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_display_name_override(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        display_name_override = _parse_display_name_override(d.pop("display_name_override", UNSET))

        def _parse_default_currency(
            data: object,
        ) -> None | TenantSettingsUpdateDefaultCurrencyType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                default_currency_type_0 = check_tenant_settings_update_default_currency_type_0(data)

                return default_currency_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TenantSettingsUpdateDefaultCurrencyType0 | Unset, data)

        default_currency = _parse_default_currency(d.pop("default_currency", UNSET))

        def _parse_default_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_timezone = _parse_default_timezone(d.pop("default_timezone", UNSET))

        def _parse_default_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        default_locale = _parse_default_locale(d.pop("default_locale", UNSET))

        def _parse_order_number_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        order_number_prefix = _parse_order_number_prefix(d.pop("order_number_prefix", UNSET))

        def _parse_prices_include_tax(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        prices_include_tax = _parse_prices_include_tax(d.pop("prices_include_tax", UNSET))

        def _parse_tax_rates(data: object) -> list[TaxRateInput] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tax_rates_type_0 = []
                _tax_rates_type_0 = data
                for tax_rates_type_0_item_data in _tax_rates_type_0:
                    tax_rates_type_0_item = TaxRateInput.from_dict(tax_rates_type_0_item_data)

                    tax_rates_type_0.append(tax_rates_type_0_item)

                return tax_rates_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TaxRateInput] | None | Unset, data)

        tax_rates = _parse_tax_rates(d.pop("tax_rates", UNSET))

        def _parse_require_email_verification(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        require_email_verification = _parse_require_email_verification(
            d.pop("require_email_verification", UNSET)
        )

        def _parse_session_idle_timeout_minutes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        session_idle_timeout_minutes = _parse_session_idle_timeout_minutes(
            d.pop("session_idle_timeout_minutes", UNSET)
        )

        def _parse_audit_retention_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        audit_retention_days = _parse_audit_retention_days(d.pop("audit_retention_days", UNSET))

        def _parse_mfa_required_roles(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                mfa_required_roles_type_0 = cast(list[str], data)

                return mfa_required_roles_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        mfa_required_roles = _parse_mfa_required_roles(d.pop("mfa_required_roles", UNSET))

        def _parse_mfa_grace_period_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        mfa_grace_period_days = _parse_mfa_grace_period_days(d.pop("mfa_grace_period_days", UNSET))

        def _parse_app_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        app_url = _parse_app_url(d.pop("app_url", UNSET))

        def _parse_email_templates(
            data: object,
        ) -> None | TenantSettingsUpdateEmailTemplatesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                email_templates_type_0 = TenantSettingsUpdateEmailTemplatesType0.from_dict(data)

                return email_templates_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TenantSettingsUpdateEmailTemplatesType0 | Unset, data)

        email_templates = _parse_email_templates(d.pop("email_templates", UNSET))

        def _parse_mfa_required_since(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        mfa_required_since = _parse_mfa_required_since(d.pop("mfa_required_since", UNSET))

        tenant_settings_update = cls(
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
            app_url=app_url,
            email_templates=email_templates,
            mfa_required_since=mfa_required_since,
        )

        return tenant_settings_update
