"""Request and response bodies of the customers API, and the checks of their fields: email
(stored lower-case), phone (E.164), postal addresses with their default flags, tags."""

import re
import unicodedata
import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
)

from olympus.core.event_types import EventData, declare
from olympus.core.schemas import EmailAddress, StrictBody
from olympus.platform.locations.schemas import Address, Country, Line

MAX_ADDRESSES = 20
MAX_TAGS = 20
MAX_TAG_LENGTH = 40
MAX_NOTES_LENGTH = 5000

# What people write between the digits of a phone number.
PHONE_SEPARATORS = re.compile(r"[\s().\-/]")
# The trunk prefix some countries write after the country code ("+44 (0)20 ..."): dialled
# only from inside the country, never part of the international number.
_TRUNK_PREFIX = re.compile(r"^(\+[0-9]{1,3})\s*\(0\)")
# ASCII digits only: `\d` would also take other scripts' digits.
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


def validate_phone(value: str) -> str:
    """The number in E.164 form: "+33 6 12 34 56 78", "+33 (0)6 12-34-56-78" and
    "0033612345678" all become "+33612345678". A number without its country code is refused:
    nothing says which country it is in."""
    if len(value) > 32:
        raise ValueError("a phone number has at most 32 characters")
    compact = PHONE_SEPARATORS.sub("", _TRUNK_PREFIX.sub(r"\1", value.strip()))
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not _E164.match(compact):
        raise ValueError(
            "a phone number in international form: '+', the country code and the number, "
            "7 to 15 digits in all (such as '+33 6 12 34 56 78')"
        )
    return compact


def _bare_address(value: Any) -> Any:
    """Only the address: the "Name <address>" form would otherwise be taken, its name
    silently dropped."""
    if isinstance(value, str) and ("<" in value or ">" in value):
        raise ValueError("an email address alone, without a name or angle brackets")
    return value


def validate_tag(value: str) -> str:
    tag = " ".join(value.split()).lower()
    if not 1 <= len(tag) <= MAX_TAG_LENGTH:
        raise ValueError(f"a tag has 1-{MAX_TAG_LENGTH} characters")
    if any(unicodedata.category(c).startswith("C") for c in tag):
        raise ValueError("a tag must not contain control or invisible characters")
    return tag


def _distinct(tags: list[str]) -> list[str]:
    """Each tag once, in the order first given."""
    return list(dict.fromkeys(tags))


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Email = Annotated[EmailAddress, BeforeValidator(_bare_address), AfterValidator(str.lower)]
Phone = Annotated[
    str,
    AfterValidator(validate_phone),
    WithJsonSchema(
        {
            "type": "string",
            "maxLength": 32,
            "description": "International form; stored as E.164 ('+33612345678').",
            "examples": ["+33 6 12 34 56 78"],
        }
    ),
]
Tag = Annotated[
    str,
    AfterValidator(validate_tag),
    WithJsonSchema(
        {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TAG_LENGTH,
            "description": "Stored lower-case, inner spaces collapsed.",
            "examples": ["vip"],
        }
    ),
]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS), AfterValidator(_distinct)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_NOTES_LENGTH)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


class CustomerAddress(Address):
    """A postal address of a customer: `line1` and `country` are required, the other parts
    optional. At most one address of a customer is the default for shipping, one for billing
    (the same address may be both)."""

    label: Label | None = None
    line1: Line
    country: Country
    default_shipping: StrictBool = False
    default_billing: StrictBool = False

    def stored(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


def _one_default_each(addresses: list[CustomerAddress]) -> list[CustomerAddress]:
    for flag in ("default_shipping", "default_billing"):
        if sum(getattr(a, flag) for a in addresses) > 1:
            raise ValueError(f"at most one address may have {flag} set")
    return addresses


Addresses = Annotated[
    list[CustomerAddress], Field(max_length=MAX_ADDRESSES), AfterValidator(_one_default_each)
]


def stored_notes(notes: str | None) -> str | None:
    """Blank notes are no notes."""
    return notes or None


class CustomerCreate(StrictBody):
    name: Name
    email: Email | None = None
    phone: Phone | None = None
    addresses: Addresses = Field(default_factory=list)
    tags: Tags = Field(default_factory=list)
    notes: Notes | None = None
    marketing_consent: StrictBool = False
    user_id: uuid.UUID | None = Field(
        default=None, description="A user account of the tenant this customer signs in as."
    )

    def fields(self) -> dict[str, Any]:
        """Every field, in the form it is stored."""
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "addresses": [a.stored() for a in self.addresses],
            "tags": list(self.tags),
            "notes": stored_notes(self.notes),
            "marketing_consent": self.marketing_consent,
            "user_id": self.user_id,
        }


def _unset() -> Any:
    return None


class CustomerUpdate(StrictBody):
    """Only the fields sent change. `email`, `phone`, `notes` and `user_id` may be sent as
    null to clear them; a null anywhere else is refused (leave the field out to keep it).
    `addresses` and `tags`, when sent, replace the whole list (`[]` empties it).

    The `None` defaults are never validated nor read, only the fields the client set are
    (`changes`)."""

    name: Name = Field(default_factory=_unset)
    email: Email | None = Field(default_factory=_unset)
    phone: Phone | None = Field(default_factory=_unset)
    addresses: Addresses = Field(default_factory=_unset)
    tags: Tags = Field(default_factory=_unset)
    notes: Notes | None = Field(default_factory=_unset)
    marketing_consent: StrictBool = Field(default_factory=_unset)
    user_id: uuid.UUID | None = Field(default_factory=_unset)

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, in the form they are stored."""
        sent: dict[str, Any] = {}
        for field in type(self).model_fields:
            if field not in self.model_fields_set:
                continue
            value = getattr(self, field)
            if field == "addresses":
                value = [a.stored() for a in value]
            elif field == "tags":
                value = list(value)
            elif field == "notes":
                value = stored_notes(value)
            sent[field] = value
        return sent


class CustomerAddressOut(BaseModel):
    label: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    default_shipping: bool = False
    default_billing: bool = False


class CustomerOut(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    name: str
    email: str | None
    phone: str | None
    addresses: list[CustomerAddressOut]
    tags: list[str]
    notes: str | None
    marketing_consent: bool
    marketing_consent_at: datetime | None = Field(
        description="When the consent last changed (set by the service); null if never given."
    )
    user_id: uuid.UUID | None
    erased_at: datetime | None = Field(
        description="Set once the customer's personal data has been erased."
    )
    created_at: datetime
    updated_at: datetime


class ConsentChangeOut(BaseModel):
    marketing_consent: bool
    source: str = Field(description="`created`, `updated` or `erased`.")
    actor_id: uuid.UUID | None
    recorded_at: datetime


class CustomerAuditOut(BaseModel):
    id: uuid.UUID
    actor_id: uuid.UUID | None
    action: str
    changes: dict[str, Any]
    created_at: datetime


class CustomerExport(BaseModel):
    """Everything the service holds about one customer."""

    exported_at: datetime
    customer: CustomerOut
    consent_history: list[ConsentChangeOut] = Field(description="Oldest first.")
    audit: list[CustomerAuditOut] = Field(
        description="The audit rows about the customer, oldest first."
    )


# --- events -------------------------------------------------------------------------------------

_CUSTOMER = "01a22426-b0c3-77f5-a800-e4c5d6e7f809"


class CustomerCreatedData(EventData):
    customer_id: uuid.UUID
    user_id: uuid.UUID | None = Field(description="the user account it is linked to")
    marketing_consent: bool


class CustomerUpdatedData(EventData):
    customer_id: uuid.UUID
    fields: list[str] = Field(description="the names of the fields that changed, never values")


class CustomerErasedData(EventData):
    customer_id: uuid.UUID


declare(
    "customer.created",
    CustomerCreatedData,
    description="A customer record was created (personal data stays out of events).",
    example={"customer_id": _CUSTOMER, "user_id": None, "marketing_consent": True},
)
declare(
    "customer.updated",
    CustomerUpdatedData,
    description="A customer's fields changed.",
    example={"customer_id": _CUSTOMER, "fields": ["email", "phone"]},
)
declare(
    "customer.erased",
    CustomerErasedData,
    description="A customer was anonymised (their personal data is gone).",
    example={"customer_id": _CUSTOMER},
)
