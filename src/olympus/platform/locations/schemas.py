"""Request and response bodies of the locations API, and the checks of their fields: codes,
IANA time zones, ISO 3166 countries and ISO 4217 currencies."""

import re
import uuid
import zoneinfo
from datetime import datetime
from functools import cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from olympus.core.event_types import Changes, EventData, declare
from olympus.core.money import CurrencyCode
from olympus.core.schemas import StrictBody
from olympus.platform.locations.models import LocationKind, LocationStatus

CODE_PATTERN = re.compile(r"^[A-Z0-9_-]{1,32}$")

# The officially assigned ISO 3166-1 alpha-2 codes. Reserved and user-assigned codes
# ("UK", "EU", "XK") are not countries here.
COUNTRY_CODES = frozenset({
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
})  # fmt: skip

# Names zoneinfo lists that are not zones a business is in: the host's own link and the
# placeholder zone of unconfigured systems.
_NOT_ZONES = frozenset({"localtime", "Factory"})


@cache
def _timezones() -> dict[str, str]:
    """Every IANA zone name by its lower-cased form (the listing reads the disk: once)."""
    return {name.lower(): name for name in zoneinfo.available_timezones() - _NOT_ZONES}


def validate_timezone(name: str) -> str:
    """The IANA name in its canonical spelling ("europe/paris" -> "Europe/Paris")."""
    canonical = _timezones().get(name.strip().lower())
    if canonical is None:
        raise ValueError(f"{name!r} is not an IANA time zone (such as 'Europe/Paris')")
    return canonical


def validate_code(code: str) -> str:
    canonical = code.strip().upper()
    if not CODE_PATTERN.match(canonical):
        raise ValueError(
            "a code has 1-32 characters: letters, digits, '-' and '_' (stored upper case)"
        )
    return canonical


def validate_country(code: str) -> str:
    canonical = code.strip().upper()
    if canonical not in COUNTRY_CODES:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return canonical


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[
    str,
    AfterValidator(validate_code),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]{1,32}$",
            "description": "Unique in the tenant; stored upper case.",
            "examples": ["STORE-01"],
        }
    ),
]
Timezone = Annotated[
    str,
    AfterValidator(validate_timezone),
    WithJsonSchema(
        {"type": "string", "description": "An IANA time zone.", "examples": ["Europe/Paris"]}
    ),
]
Country = Annotated[
    str,
    AfterValidator(validate_country),
    WithJsonSchema(
        {"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166-1 alpha-2."}
    ),
]


Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
PostalCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]


class Address(StrictBody):
    """A postal address; every part is optional."""

    line1: Line | None = None
    line2: Line | None = None
    city: Place | None = None
    region: Place | None = None
    postal_code: PostalCode | None = None
    country: Country | None = None

    def stored(self) -> dict[str, str]:
        """The parts that are set, as the JSON kept in the database."""
        return self.model_dump(exclude_none=True)


class LocationCreate(StrictBody):
    name: Name
    code: Code
    kind: LocationKind = LocationKind.STORE
    address: Address = Field(default_factory=Address)
    timezone: Timezone
    currency: CurrencyCode


def _unset() -> Any:
    return None


class LocationUpdate(StrictBody):
    """Only the fields sent change; `address`, when sent, replaces the whole address.

    Every field is required in the model (so an explicit null is refused like any wrong
    type) yet may be left out: the `None` defaults are never validated nor read, only the
    fields the client set are (`changes`)."""

    name: Name = Field(default_factory=_unset)
    code: Code = Field(default_factory=_unset)
    kind: LocationKind = Field(default_factory=_unset)
    address: Address = Field(default_factory=_unset)
    timezone: Timezone = Field(default_factory=_unset)
    currency: CurrencyCode = Field(default_factory=_unset)

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, in the form they are stored."""
        sent: dict[str, Any] = {}
        for field in type(self).model_fields:
            if field not in self.model_fields_set:
                continue
            value = getattr(self, field)
            sent[field] = value.stored() if isinstance(value, Address) else str(value)
        return sent


class LocationOut(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    name: str
    code: str
    kind: LocationKind
    address: Address
    timezone: str
    currency: str
    status: LocationStatus
    created_at: datetime
    updated_at: datetime


# --- events -------------------------------------------------------------------------------------

_LOCATION = "01a22426-1c2f-7d5b-8e66-4a2b3c4d5e6f"


class LocationCreatedData(EventData):
    location_id: uuid.UUID
    name: str
    code: str
    kind: str
    address: dict[str, str]
    timezone: str
    currency: str
    status: str


class LocationChangedData(EventData):
    location_id: uuid.UUID
    code: str = Field(description="the location's code after the change")
    changes: Changes


declare(
    "location.created",
    LocationCreatedData,
    description="A location (shop, warehouse...) was created.",
    example={
        "location_id": _LOCATION,
        "name": "Paris Bastille",
        "code": "PAR-1",
        "kind": "store",
        "address": {"line1": "1 rue de la Roquette", "city": "Paris", "country": "FR"},
        "timezone": "Europe/Paris",
        "currency": "EUR",
        "status": "active",
    },
)
declare(
    "location.updated",
    LocationChangedData,
    description="A location's fields changed.",
    example={
        "location_id": _LOCATION,
        "code": "PAR-1",
        "changes": {"name": {"from": "Paris", "to": "Paris Bastille"}},
    },
)
declare(
    "location.archived",
    LocationChangedData,
    description="A location was archived (hidden from lists; its code stays reserved).",
    example={
        "location_id": _LOCATION,
        "code": "PAR-1",
        "changes": {"status": {"from": "active", "to": "archived"}},
    },
)
declare(
    "location.restored",
    LocationChangedData,
    description="An archived location is active again.",
    example={
        "location_id": _LOCATION,
        "code": "PAR-1",
        "changes": {"status": {"from": "archived", "to": "active"}},
    },
)
