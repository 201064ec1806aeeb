"""The keys of tenant settings and user preferences: one typed, documented field per key,
with its default and its rules. The `*Update` bodies take any subset of the keys; `null`
resets a key to its default."""

import re
import uuid
import zoneinfo
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
)

from olympus.core.event_types import Changes, EventData, declare
from olympus.core.money import CurrencyCode
from olympus.core.schemas import StrictBody
from olympus.core.templating import check_template

DEFAULT_TIMEZONE = "UTC"
DEFAULT_LOCALE = "en"
DEFAULT_CURRENCY = "USD"


@cache
def _known_timezones() -> frozenset[str]:
    # Reading the tz database walks the file system: once per process is enough.
    return frozenset(zoneinfo.available_timezones()) | {DEFAULT_TIMEZONE}


def _known_timezone(value: str) -> str:
    if value not in _known_timezones():
        raise ValueError(f"unknown IANA time zone {value!r} (for example 'Europe/Paris')")
    return value


# language (2-3 letters), optional script (4 letters), optional region (2 letters or 3 digits)
_LOCALE = re.compile(r"([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|[0-9]{3}))?", re.IGNORECASE)


def _canonical_locale(value: str) -> str:
    """`en-us` is read as `en-US`: BCP 47 tags are case-insensitive, answers use the
    canonical case."""
    match = _LOCALE.fullmatch(value)
    if match is None:
        raise ValueError("not a BCP 47 language tag such as 'en', 'en-US' or 'zh-Hant-TW'")
    language, script, region = match.groups()
    parts = [language.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return "-".join(parts)


Timezone = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64),
    AfterValidator(_known_timezone),
    Field(description="An IANA time zone name", examples=["UTC", "Europe/Paris"]),
]
Locale = Annotated[
    str,
    StringConstraints(max_length=35),
    AfterValidator(_canonical_locale),
    Field(description="A BCP 47 language tag", examples=["en", "en-US", "pt-BR"]),
]
DisplayName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
OrderNumberPrefix = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9-]{0,10}$")]
IdleTimeoutMinutes = Annotated[int, Field(ge=5, le=43200)]
RetentionDays = Annotated[int, Field(ge=30, le=3650)]
Theme = Literal["light", "dark", "system"]
TaxClassName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[a-z0-9_-]{1,64}$"),
    Field(description="The tax class of the products it applies to", examples=["standard"]),
]
TaxPercent = Annotated[
    Decimal,
    Field(ge=0, le=100, decimal_places=4, description="Per cent, up to 4 decimals: 8.875"),
    PlainSerializer(float, return_type=float, when_used="json"),
]


class TaxRate(BaseModel):
    """The rate of one tax class, everywhere or at one location (a location's own rate wins
    over the tenant-wide one of the same class)."""

    model_config = ConfigDict(extra="forbid")

    tax_class: TaxClassName
    rate: TaxPercent
    location_id: uuid.UUID | None = Field(
        None, description="Only at this location; none: at every location"
    )


def _one_rate_per_place(rates: list[TaxRate]) -> list[TaxRate]:
    seen: set[tuple[str, uuid.UUID | None]] = set()
    for rate in rates:
        place = (rate.tax_class, rate.location_id)
        if place in seen:
            where = f"location {rate.location_id}" if rate.location_id else "every location"
            raise ValueError(f"two rates for tax class {rate.tax_class!r} at {where}")
        seen.add(place)
    return rates


TaxRates = Annotated[list[TaxRate], Field(max_length=500), AfterValidator(_one_rate_per_place)]
ItemsPerPage = Annotated[int, Field(ge=10, le=200)]
RoleName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$"),
]


def _distinct(names: list[str]) -> list[str]:
    return sorted(set(names))


MfaRoles = Annotated[list[RoleName], Field(max_length=50), AfterValidator(_distinct)]
GraceDays = Annotated[int, Field(ge=0, le=365)]
AppUrl = Annotated[
    str,
    StringConstraints(max_length=300, pattern=r"^https?://[^\s?#]+$"),
    Field(description="http(s) URL", examples=["https://shop.example.com"]),
]
EmailKind = Literal["verify_email", "password_reset", "invitation", "security_notice"]
# What every email template may use; a template naming anything else is refused when stored.
EMAIL_TEMPLATE_SAMPLE: dict[str, Any] = {
    "email": "ada@example.com",
    "tenant_name": "Acme",
    "link": "https://app.example.com/verify-email?token=sample",
    "token": "sample-token",
    "expires_in": "24 hours",
    "what": "Your password was changed",
    "occurred_at": "2026-01-01 12:00 UTC",
    "subject": "Verify your email address",
}


def _renders(html: bool) -> Any:
    def check(source: str) -> str:
        return check_template(source, EMAIL_TEMPLATE_SAMPLE, html=html)

    return AfterValidator(check)


class EmailTemplateOverride(BaseModel):
    """A tenant's own subject and bodies of one kind of email (Jinja2, sandboxed); each part
    left out keeps the shipped template. Variables: `email`, `tenant_name`, `link` (empty
    without an app URL), `token`, `expires_in`, `what` and `occurred_at` (security notices),
    and `subject` in `html`."""

    model_config = ConfigDict(extra="forbid")

    subject: (
        Annotated[str, StringConstraints(min_length=1, max_length=200), _renders(False)] | None
    ) = None
    text: Annotated[str, StringConstraints(min_length=1), _renders(False)] | None = None
    html: Annotated[str, StringConstraints(min_length=1), _renders(True)] | None = None


EmailTemplates = Annotated[dict[EmailKind, EmailTemplateOverride], Field(max_length=10)]

_DOC = {
    "display_name_override": "The name shown to customers instead of the tenant's name",
    "default_currency": "The currency of new products, orders and locations",
    "default_timezone": "The time zone of reports and of locations that set none",
    "default_locale": "The language of emails and of users who chose none",
    "order_number_prefix": "Put before every order number: up to 10 of A-Z, 0-9 and '-'",
    "prices_include_tax": "Whether catalog prices already include tax",
    "tax_rates": "Tax rates per tax class, tenant-wide or per location; a class without a "
    "rate is not taxed",
    "require_email_verification": "Whether users must verify their email before signing in",
    "session_idle_timeout_minutes": "A session unused this long ends (5 minutes to 30 days)",
    "audit_retention_days": "Audit rows older than this are pruned (30 days to 10 years)",
    "mfa_required_roles": "Users holding any of these roles (for example `owner`, `admin`) "
    "must enrol a second factor",
    "mfa_grace_period_days": "Days such users may still sign in without a second factor (they "
    "are told to enrol); after them they can only enrol. Counted from `mfa_required_since`, or "
    "from the user's creation when later",
    "mfa_required_since": "When `mfa_required_roles` last became non-empty (set by the service)",
    "app_url": "The tenant's web app: emails link to it (`<app_url>/verify-email?token=...`) "
    "instead of the service's PUBLIC_APP_URL",
    "email_templates": "The tenant's own subject and bodies per kind of email (`verify_email`, "
    "`password_reset`, `invitation`, `security_notice`), checked by rendering when stored",
    "locale": "The user's language; defaults to the tenant's `default_locale`",
    "timezone": "The user's time zone; defaults to the tenant's `default_timezone`",
    "theme": "The colour scheme of the user's interface",
    "email_notifications": "Whether the user receives notification emails",
    "new_device_alerts": "Whether the user is emailed when their account signs in from a "
    "device (user agent) it never signed in from before",
    "items_per_page": "How many rows the user's lists show",
}


class TenantSettings(BaseModel):
    """Every tenant setting with its effective value: the stored one, or the default."""

    display_name_override: DisplayName | None = Field(
        None, description=_DOC["display_name_override"]
    )
    default_currency: CurrencyCode = Field(DEFAULT_CURRENCY, description=_DOC["default_currency"])
    default_timezone: Timezone = Field(DEFAULT_TIMEZONE, description=_DOC["default_timezone"])
    default_locale: Locale = Field(DEFAULT_LOCALE, description=_DOC["default_locale"])
    order_number_prefix: OrderNumberPrefix = Field("ORD-", description=_DOC["order_number_prefix"])
    prices_include_tax: bool = Field(False, description=_DOC["prices_include_tax"])
    tax_rates: TaxRates = Field(default_factory=list, description=_DOC["tax_rates"])
    require_email_verification: bool = Field(False, description=_DOC["require_email_verification"])
    session_idle_timeout_minutes: IdleTimeoutMinutes = Field(
        20160, description=_DOC["session_idle_timeout_minutes"]
    )
    audit_retention_days: RetentionDays = Field(365, description=_DOC["audit_retention_days"])
    mfa_required_roles: MfaRoles = Field(
        default_factory=list, description=_DOC["mfa_required_roles"]
    )
    mfa_grace_period_days: GraceDays = Field(14, description=_DOC["mfa_grace_period_days"])
    mfa_required_since: datetime | None = Field(None, description=_DOC["mfa_required_since"])
    app_url: AppUrl | None = Field(None, description=_DOC["app_url"])
    email_templates: EmailTemplates = Field(
        default_factory=dict, description=_DOC["email_templates"]
    )


class TenantSettingsUpdate(StrictBody):
    """The settings to change; keys left out stay as they are, `null` resets a key to its
    default. Values are checked strictly: `"true"` is not a boolean, `"30"` not a number."""

    model_config = ConfigDict(strict=True)

    display_name_override: DisplayName | None = Field(
        None, description=_DOC["display_name_override"]
    )
    default_currency: CurrencyCode | None = Field(None, description=_DOC["default_currency"])
    default_timezone: Timezone | None = Field(None, description=_DOC["default_timezone"])
    default_locale: Locale | None = Field(None, description=_DOC["default_locale"])
    order_number_prefix: OrderNumberPrefix | None = Field(
        None, description=_DOC["order_number_prefix"]
    )
    prices_include_tax: bool | None = Field(None, description=_DOC["prices_include_tax"])
    tax_rates: TaxRates | None = Field(None, description=_DOC["tax_rates"])
    require_email_verification: bool | None = Field(
        None, description=_DOC["require_email_verification"]
    )
    session_idle_timeout_minutes: IdleTimeoutMinutes | None = Field(
        None, description=_DOC["session_idle_timeout_minutes"]
    )
    audit_retention_days: RetentionDays | None = Field(
        None, description=_DOC["audit_retention_days"]
    )
    mfa_required_roles: MfaRoles | None = Field(None, description=_DOC["mfa_required_roles"])
    mfa_grace_period_days: GraceDays | None = Field(None, description=_DOC["mfa_grace_period_days"])
    app_url: AppUrl | None = Field(None, description=_DOC["app_url"])
    email_templates: EmailTemplates | None = Field(None, description=_DOC["email_templates"])
    mfa_required_since: str | None = Field(
        None,
        max_length=64,
        description="Read-only, set by the service; accepted so that what GET answers can be "
        "put back as is, and ignored",
    )


RequestQuota = Annotated[int, Field(ge=1, le=10_000_000)]


class RateLimitOverrides(StrictBody):
    """A tenant's own fair-use quotas, requests per window (`RATE_LIMIT_WINDOW_SECONDS`);
    `null` follows the service's default."""

    model_config = ConfigDict(strict=True, extra="forbid")

    per_token: RequestQuota | None = Field(
        None, description="Requests per access token (session) in each window"
    )
    per_tenant: RequestQuota | None = Field(
        None, description="Requests of the whole tenant in each window"
    )


class TenantRateLimits(BaseModel):
    """A tenant's fair-use quotas in force, and those set for it (`overrides`)."""

    per_token: int = Field(description="Requests per access token (session) in each window")
    per_tenant: int = Field(description="Requests of the whole tenant in each window")
    window_seconds: int = Field(description="The length of a window, the same for all")
    overrides: RateLimitOverrides = Field(
        description="The quotas set for this tenant; `null` follows the service's default"
    )


class UserPreferences(BaseModel):
    """Every preference of the caller with its effective value: the stored one, or the
    default (for `locale` and `timezone`, the tenant's current default)."""

    locale: Locale = Field(description=_DOC["locale"])
    timezone: Timezone = Field(description=_DOC["timezone"])
    theme: Theme = Field("system", description=_DOC["theme"])
    email_notifications: bool = Field(True, description=_DOC["email_notifications"])
    new_device_alerts: bool = Field(True, description=_DOC["new_device_alerts"])
    items_per_page: ItemsPerPage = Field(50, description=_DOC["items_per_page"])


class UserPreferencesUpdate(StrictBody):
    """The preferences to change; keys left out stay as they are, `null` resets a key to its
    default."""

    model_config = ConfigDict(strict=True)

    locale: Locale | None = Field(None, description=_DOC["locale"])
    timezone: Timezone | None = Field(None, description=_DOC["timezone"])
    theme: Theme | None = Field(None, description=_DOC["theme"])
    email_notifications: bool | None = Field(None, description=_DOC["email_notifications"])
    new_device_alerts: bool | None = Field(None, description=_DOC["new_device_alerts"])
    items_per_page: ItemsPerPage | None = Field(None, description=_DOC["items_per_page"])


class SettingsSchema(BaseModel):
    """JSON Schemas (draft 2020-12) of the effective settings and preferences, for forms."""

    tenant_settings: dict[str, Any]
    user_preferences: dict[str, Any]


@cache
def settings_schema() -> SettingsSchema:
    return SettingsSchema(
        tenant_settings=TenantSettings.model_json_schema(),
        user_preferences=UserPreferences.model_json_schema(),
    )


# --- events -------------------------------------------------------------------------------------


class SettingsUpdatedData(EventData):
    changes: Changes = Field(description="the settings that changed")


class PreferencesUpdatedData(EventData):
    user_id: uuid.UUID
    changes: Changes = Field(description="the preferences that changed")


declare(
    "settings.updated",
    SettingsUpdatedData,
    description="The tenant's settings changed.",
    example={"changes": {"default_locale": {"from": "en", "to": "fr"}}},
)
declare(
    "settings.rate_limits_updated",
    SettingsUpdatedData,
    description="The tenant's quotas changed (null: back to the default).",
    example={"changes": {"requests_per_minute": {"from": None, "to": 600}}},
)
declare(
    "user.preferences_updated",
    PreferencesUpdatedData,
    description="A user changed their preferences.",
    example={
        "user_id": "01a22425-9825-71d9-b2e3-215e65422676",
        "changes": {"timezone": {"from": "UTC", "to": "Europe/Paris"}},
    },
)
