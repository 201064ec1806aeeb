"""Customer rules: create, read, search, change, export and erase a tenant's customers.

Personal data (name, email, phone, addresses, tags, notes) is kept on the customer's row and
nowhere else: audit rows and events name the fields that changed, never their values, so an
erasure that clears the row leaves no copy behind. Every change writes its audit row and its
event in the caller's transaction."""

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.commerce.customers import locks
from olympus.commerce.customers.errors import (
    CustomerEmailTaken,
    CustomerErased,
    CustomerNotFound,
    CustomerUserTaken,
)
from olympus.commerce.customers.models import Customer, CustomerConsent, CustomerTag
from olympus.commerce.customers.schemas import PHONE_SEPARATORS
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, decode_cursor, fetch_page
from olympus.platform.audit import service as audit
from olympus.platform.audit.models import AuditLog
from olympus.platform.users import service as users

TARGET = "customer"
ERASED_NAME = "Erased customer"
# The fields that hold personal data: cleared by an erasure, named (never valued) in audit
# rows and events.
PERSONAL = ("name", "email", "phone", "addresses", "tags", "notes")
EDITABLE = (*PERSONAL, "marketing_consent", "user_id")
_AUDIT_PAGE = 200
_PHONE_FRAGMENT = re.compile(r"^\+?[0-9]+$")


async def get_customer(uow: ReadUnitOfWork, customer_id: uuid.UUID) -> Customer:
    """The tenant's customer, erased or not (404 `customer_not_found`)."""
    customer = await uow.session.get(Customer, (uow.require_tenant(), customer_id))
    if customer is None:
        raise CustomerNotFound()
    return customer


async def hold_customer(uow: WriteUnitOfWork, customer_id: uuid.UUID) -> Customer:
    """The customer, locked for a change until the transaction ends (404 as `get_customer`)."""
    customer = await locks.hold_customer(uow, customer_id)
    if customer is None:
        raise CustomerNotFound()
    return customer


# --- uniqueness: one customer per email, one per user account ---------------------------------


def _email_taken(email: str) -> CustomerEmailTaken:
    return CustomerEmailTaken(f"Another customer of this tenant has the email {email!r}")


def _user_taken() -> CustomerUserTaken:
    return CustomerUserTaken("This user account is already linked to another customer")


async def _holder(uow: ReadUnitOfWork, column: Any, value: Any) -> uuid.UUID | None:
    found: uuid.UUID | None = await uow.session.scalar(
        sa.select(Customer.id).where(column == value).limit(1)
    )
    return found


async def _check_unique(
    uow: ReadUnitOfWork,
    customer_id: uuid.UUID,
    *,
    email: str | None,
    user_id: uuid.UUID | None,
) -> None:
    """Refuse an email or a user account another customer already has."""
    if email is not None and await _holder(uow, Customer.email, email) not in (None, customer_id):
        raise _email_taken(email)
    if user_id is not None and await _holder(uow, Customer.user_id, user_id) not in (
        None,
        customer_id,
    ):
        raise _user_taken()


async def _write_unique(
    uow: WriteUnitOfWork,
    customer_id: uuid.UUID,
    write: Callable[[], None],
    *,
    email: str | None,
    user_id: uuid.UUID | None,
) -> None:
    """Make the change and flush it in a savepoint: a concurrent writer that took the email
    (or the user account) after our look-up turns the unique violation into 409 instead of a
    failed transaction. The change is made inside the savepoint because opening one flushes
    what is pending first, outside it. Which value was taken is read again: the winner has
    committed by the time we are refused."""
    try:
        async with uow.session.begin_nested():
            write()
            await uow.session.flush()
    except IntegrityError as exc:
        # The refused row is pending again: it must not be flushed by the look-up.
        with uow.session.no_autoflush:
            await _check_unique(uow, customer_id, email=email, user_id=user_id)
        raise (_user_taken() if email is None else _email_taken(email)) from exc


async def _check_user(uow: ReadUnitOfWork, user_id: uuid.UUID | None) -> None:
    """A linked account must be a user of the same tenant (404 `user_not_found`)."""
    if user_id is not None:
        await users.get(uow, user_id)


# --- what a change writes besides the row -----------------------------------------------------


async def _replace_tags(uow: WriteUnitOfWork, customer: Customer, tags: Sequence[str]) -> None:
    """Keep `customer_tags` (what the tag filter reads) equal to the row's tags."""
    await uow.session.execute(
        sa.delete(CustomerTag)
        .where(
            CustomerTag.tenant_id == uow.require_tenant(),
            CustomerTag.customer_id == customer.id,
        )
        .execution_options(synchronize_session=False)
    )
    uow.session.add_all(CustomerTag(customer_id=customer.id, tag=tag) for tag in tags)


def _record_consent(uow: WriteUnitOfWork, customer: Customer, source: str, now: datetime) -> None:
    """The consent changed (or was given at creation): stamp it and keep it in the history."""
    customer.marketing_consent_at = now
    uow.session.add(
        CustomerConsent(
            id=new_id(),
            customer_id=customer.id,
            marketing_consent=customer.marketing_consent,
            source=source,
            actor_id=uow.actor_id,
            recorded_at=now,
        )
    )


def _link(user_id: uuid.UUID | None) -> str | None:
    return None if user_id is None else str(user_id)


# --- create, change, erase --------------------------------------------------------------------


async def create_customer(
    uow: WriteUnitOfWork,
    *,
    name: str,
    email: str | None,
    phone: str | None,
    addresses: Sequence[Mapping[str, Any]],
    tags: Sequence[str],
    notes: str | None,
    marketing_consent: bool,
    user_id: uuid.UUID | None,
) -> Customer:
    """Fields arrive validated and in their stored form (email lower-case, phone E.164,
    tags lower-case and distinct)."""
    await _check_user(uow, user_id)
    customer_id = new_id()
    await _check_unique(uow, customer_id, email=email, user_id=user_id)
    now = uow.clock.now()
    customer = Customer(
        id=customer_id,
        name=name,
        email=email,
        phone=phone,
        addresses=[dict(a) for a in addresses],
        tags=list(tags),
        notes=notes,
        marketing_consent=marketing_consent,
        marketing_consent_at=None,
        user_id=user_id,
        erased_at=None,
        created_at=now,
        updated_at=now,
    )
    await _write_unique(
        uow, customer_id, lambda: uow.session.add(customer), email=email, user_id=user_id
    )
    uow.session.add_all(CustomerTag(customer_id=customer_id, tag=tag) for tag in tags)
    if marketing_consent:
        _record_consent(uow, customer, "created", now)
    fields = sorted(f for f in PERSONAL if getattr(customer, f))
    audit.record(
        uow,
        action="customer.created",
        target_type=TARGET,
        target_id=customer_id,
        changes={
            "fields": fields,
            "marketing_consent": marketing_consent,
            "user_id": _link(user_id),
        },
    )
    record_event(
        uow,
        "customer.created",
        {
            "customer_id": str(customer_id),
            "user_id": _link(user_id),
            "marketing_consent": marketing_consent,
        },
    )
    return customer


async def update_customer(
    uow: WriteUnitOfWork, customer: Customer, *, changes: Mapping[str, Any]
) -> Customer:
    """Apply the fields sent (validated, in their stored form). Only the fields whose value
    really changes are recorded; nothing changed, nothing recorded. An erased customer can't
    be changed (409 `customer_erased`)."""
    if customer.erased_at is not None:
        raise CustomerErased("This customer's personal data was erased; it can't be changed")
    changed = {
        field: changes[field]
        for field in EDITABLE
        if field in changes and getattr(customer, field) != changes[field]
    }
    if not changed:
        return customer
    if "user_id" in changed:
        await _check_user(uow, changed["user_id"])
    email, user_id = changed.get("email"), changed.get("user_id")
    await _check_unique(uow, customer.id, email=email, user_id=user_id)

    details: dict[str, Any] = {"fields": sorted(changed)}
    if "marketing_consent" in changed:
        details["marketing_consent"] = {
            "from": customer.marketing_consent,
            "to": changed["marketing_consent"],
        }
    if "user_id" in changed:
        details["user_id"] = {"from": _link(customer.user_id), "to": _link(user_id)}

    now = uow.clock.now()

    def write() -> None:
        for field, value in changed.items():
            setattr(customer, field, value)
        customer.updated_at = now

    if email is not None or user_id is not None:
        await _write_unique(uow, customer.id, write, email=email, user_id=user_id)
    else:
        write()
    if "marketing_consent" in changed:
        _record_consent(uow, customer, "updated", now)
    if "tags" in changed:
        await _replace_tags(uow, customer, changed["tags"])
    audit.record(
        uow, action="customer.updated", target_type=TARGET, target_id=customer.id, changes=details
    )
    record_event(
        uow,
        "customer.updated",
        {"customer_id": str(customer.id), "fields": details["fields"]},
    )
    return customer


async def erase_customer(uow: WriteUnitOfWork, customer: Customer) -> Customer:
    """Anonymise the customer: the name becomes "Erased customer"; email, phone, addresses,
    tags, notes and the link to a user account are cleared; marketing consent is withdrawn.
    The row and its id stay, so records that point at it (orders, payments) stay whole.
    Erasing an erased customer changes and records nothing."""
    if customer.erased_at is not None:
        return customer
    cleared = sorted(f for f in (*PERSONAL, "user_id") if getattr(customer, f))
    customer.name = ERASED_NAME
    customer.email = None
    customer.phone = None
    customer.addresses = []
    customer.tags = []
    customer.notes = None
    customer.user_id = None
    now = uow.clock.now()
    customer.erased_at = now
    customer.updated_at = now
    if customer.marketing_consent:
        customer.marketing_consent = False
        _record_consent(uow, customer, "erased", now)
        cleared = sorted([*cleared, "marketing_consent"])
    await _replace_tags(uow, customer, [])
    audit.record(
        uow,
        action="customer.erased",
        target_type=TARGET,
        target_id=customer.id,
        changes={"fields": cleared},
    )
    record_event(uow, "customer.erased", {"customer_id": str(customer.id)})
    return customer


# --- lists and export -------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerFilter:
    q: str | None = None
    tag: str | None = None
    include_erased: bool = False


def _phone_fragment(q: str) -> str | None:
    """The part of a phone number `q` may be ("+33 6 12", "0033 6"), as stored, or None."""
    compact = PHONE_SEPARATORS.sub("", q)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    return compact if _PHONE_FRAGMENT.match(compact) else None


async def list_customers(
    uow: ReadUnitOfWork, *, filters: CustomerFilter, page: PageParams
) -> tuple[list[Customer], str | None]:
    """By id (creation order). `q` is a case-insensitive part of the name, the email or the
    phone number; erased customers only when asked for."""
    stmt = sa.select(Customer)
    if not filters.include_erased:
        stmt = stmt.where(Customer.erased_at.is_(None))
    if filters.tag is not None:
        stmt = stmt.join(
            CustomerTag,
            sa.and_(
                CustomerTag.tenant_id == Customer.tenant_id,
                CustomerTag.customer_id == Customer.id,
            ),
        ).where(CustomerTag.tag == filters.tag)
    q = (filters.q or "").strip().lower()
    if q:
        # autoescape: `%` and `_` in the search are literal characters, not wildcards.
        matches = [
            sa.func.lower(Customer.name).contains(q, autoescape=True),
            Customer.email.contains(q, autoescape=True),
        ]
        fragment = _phone_fragment(q)
        if fragment is not None:
            matches.append(Customer.phone.contains(fragment, autoescape=True))
        stmt = stmt.where(sa.or_(*matches))
    return await fetch_page(uow.session, stmt, page, Customer.id)


@dataclass(frozen=True)
class CustomerRecord:
    """Everything held about one customer: the row, its consent history and the audit rows
    about it, oldest first."""

    customer: Customer
    consents: list[CustomerConsent]
    audit_rows: list[AuditLog]


async def _audit_rows_about(uow: ReadUnitOfWork, customer_id: uuid.UUID) -> list[AuditLog]:
    filters = audit.AuditFilter(target_type=TARGET, target_id=str(customer_id))
    rows: list[AuditLog] = []
    cursor: str | None = None
    while True:
        page = PageParams(limit=_AUDIT_PAGE, cursor=decode_cursor(cursor) if cursor else None)
        batch, cursor = await audit.search(uow, filters=filters, page=page)
        rows += batch
        if cursor is None:
            break
    rows.reverse()  # the log answers newest first
    return rows


async def export_customer(uow: ReadUnitOfWork, customer: Customer) -> CustomerRecord:
    consents = await uow.session.scalars(
        sa.select(CustomerConsent)
        .where(CustomerConsent.customer_id == customer.id)
        .order_by(CustomerConsent.id)
    )
    return CustomerRecord(
        customer=customer,
        consents=list(consents.all()),
        audit_rows=await _audit_rows_about(uow, customer.id),
    )
