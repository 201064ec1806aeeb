"""A tenant's discounts as defined: their terms and the rules between them, reads, and create,
change and archive, each change with its audit row and event."""

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.commerce.catalog import service as catalog
from olympus.commerce.catalog.errors import CategoryNotFound, ProductNotFound
from olympus.commerce.discounts import locks
from olympus.commerce.discounts.errors import (
    DiscountArchived,
    DiscountCodeTaken,
    DiscountNotFound,
    InvalidDiscount,
)
from olympus.commerce.discounts.models import Discount, DiscountStatus, DiscountType
from olympus.commerce.discounts.schemas import MAX_AMOUNT
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.audit import service as audit

TARGET = "discount"
HUNDRED = Decimal(100)
# The terms a discount is created with and may change (its type is fixed at creation).
TERMS = (
    "code",
    "name",
    "type",
    "value",
    "min_subtotal",
    "starts_at",
    "ends_at",
    "usage_limit",
    "usage_limit_per_customer",
    "product_ids",
    "category_ids",
    "buy_quantity",
    "get_quantity",
    "automatic",
)
EDITABLE = tuple(t for t in TERMS if t != "type")


def code_key(code: str) -> str:
    """The form a code is matched and kept unique by: one code in any case is one code."""
    return code.strip().lower()


# --- the rules between fields -------------------------------------------------------------------


def _problems(terms: Mapping[str, Any], used_count: int) -> list[str]:
    problems = []
    automatic, code = terms["automatic"], terms["code"]
    if automatic and code is not None:
        problems.append("an automatic discount applies without a code: leave `code` out")
    if not automatic and code is None:
        problems.append("a discount needs a `code`, or `automatic: true`")
    kind, value = DiscountType(terms["type"]), Decimal(terms["value"])
    if kind is DiscountType.FIXED:
        if value != value.to_integral_value() or value > MAX_AMOUNT:
            problems.append(f"a fixed `value` is a whole amount in minor units, 1-{MAX_AMOUNT}")
    elif value > HUNDRED:
        problems.append("a percentage `value` is at most 100")
    quantities = (terms["buy_quantity"], terms["get_quantity"])
    if kind is DiscountType.BUY_X_GET_Y:
        if None in quantities:
            problems.append("buy X get Y needs `buy_quantity` and `get_quantity`")
    elif quantities != (None, None):
        problems.append("`buy_quantity` and `get_quantity` are for buy X get Y discounts only")
    starts_at, ends_at = terms["starts_at"], terms["ends_at"]
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        problems.append("`ends_at` must be after `starts_at`")
    if terms["usage_limit"] is not None and terms["usage_limit"] < used_count:
        problems.append(f"`usage_limit` is below the {used_count} uses already counted")
    return problems


def _check_terms(terms: Mapping[str, Any], used_count: int = 0) -> None:
    problems = _problems(terms, used_count)
    if problems:
        raise InvalidDiscount("; ".join(problems))


async def _check_targets(
    uow: ReadUnitOfWork, product_ids: Iterable[uuid.UUID], category_ids: Iterable[uuid.UUID]
) -> None:
    """The products and categories named must be the tenant's (404 otherwise)."""
    missing = await catalog.unknown_product_ids(uow, product_ids)
    if missing:
        raise ProductNotFound(f"No product {', '.join(sorted(map(str, missing)))}")
    missing = await catalog.unknown_category_ids(uow, category_ids)
    if missing:
        raise CategoryNotFound(f"No category {', '.join(sorted(map(str, missing)))}")


def _stored_ids(ids: Iterable[uuid.UUID]) -> list[str]:
    return sorted({str(i) for i in ids})


# --- reads ------------------------------------------------------------------------------------


async def get_discount(uow: ReadUnitOfWork, discount_id: uuid.UUID) -> Discount:
    """The tenant's discount, archived or not (404 `discount_not_found`)."""
    discount = await uow.session.get(Discount, (uow.require_tenant(), discount_id))
    if discount is None:
        raise DiscountNotFound()
    return discount


async def hold_discount(uow: WriteUnitOfWork, discount_id: uuid.UUID) -> Discount:
    """The discount, locked for a change until the transaction ends (404 as `get_discount`)."""
    discount = await locks.hold_discount(uow, discount_id)
    if discount is None:
        raise DiscountNotFound()
    return discount


def in_window(at: datetime | sa.BindParameter[Any]) -> sa.ColumnElement[bool]:
    return sa.and_(
        sa.or_(Discount.starts_at.is_(None), Discount.starts_at <= at),
        sa.or_(Discount.ends_at.is_(None), Discount.ends_at > at),
    )


@dataclass(frozen=True)
class DiscountFilter:
    q: str | None = None
    automatic: bool | None = None
    status: DiscountStatus | None = None
    active_at: datetime | None = None


async def list_discounts(
    uow: ReadUnitOfWork, *, filters: DiscountFilter, page: PageParams
) -> tuple[list[Discount], str | None]:
    """By id (creation order). `q` is a case-insensitive part of the code or the name;
    `active_at` keeps the discounts not archived whose window holds that moment."""
    stmt = sa.select(Discount)
    q = (filters.q or "").strip().lower()
    if q:
        # autoescape: `%` and `_` in the search are literal characters, not wildcards.
        stmt = stmt.where(
            sa.or_(
                Discount.code_key.contains(q, autoescape=True),
                sa.func.lower(Discount.name).contains(q, autoescape=True),
            )
        )
    if filters.automatic is not None:
        stmt = stmt.where(Discount.automatic.is_(filters.automatic))
    if filters.status is not None:
        stmt = stmt.where(Discount.status == filters.status.value)
    if filters.active_at is not None:
        stmt = stmt.where(
            Discount.status == DiscountStatus.ACTIVE.value, in_window(filters.active_at)
        )
    return await fetch_page(uow.session, stmt, page, Discount.id)


# --- uniqueness of codes ------------------------------------------------------------------------


def _code_taken(code: str) -> DiscountCodeTaken:
    return DiscountCodeTaken(f"Another discount of this tenant has the code {code!r} (any case)")


async def _code_holder(uow: ReadUnitOfWork, key: str) -> uuid.UUID | None:
    found: uuid.UUID | None = await uow.session.scalar(
        sa.select(Discount.id).where(Discount.code_key == key).limit(1)
    )
    return found


async def _write_unique(
    uow: WriteUnitOfWork, discount_id: uuid.UUID, code: str | None, write: Callable[[], None]
) -> None:
    """Look the code up, then make the change and flush it in a savepoint: a concurrent
    writer that took the code after our look-up turns the unique violation into 409 instead
    of a failed transaction."""
    if code is not None and await _code_holder(uow, code_key(code)) not in (None, discount_id):
        raise _code_taken(code)
    try:
        async with uow.session.begin_nested():
            write()
            await uow.session.flush()
    except IntegrityError as exc:
        if code is not None:
            raise _code_taken(code) from exc
        raise


# --- create, change, archive --------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def snapshot(discount: Discount) -> dict[str, Any]:
    return {field: _jsonable(getattr(discount, field)) for field in (*TERMS, "status")}


def _record(uow: WriteUnitOfWork, action: str, discount: Discount, changes: dict[str, Any]) -> None:
    audit.record(uow, action=action, target_type=TARGET, target_id=discount.id, changes=changes)
    record_event(
        uow,
        action,
        {"discount_id": str(discount.id), "code": discount.code, "changes": changes},
    )


async def create_discount(uow: WriteUnitOfWork, *, terms: Mapping[str, Any]) -> Discount:
    """`terms` holds every field of `TERMS`, each checked on its own (the schema's types);
    the rules between them are checked here (422 `invalid_discount`). The products and
    categories named must be the tenant's (404); a code another discount has, in any case,
    is 409 `discount_code_taken`."""
    _check_terms(terms)
    await _check_targets(uow, terms["product_ids"], terms["category_ids"])
    now = uow.clock.now()
    code = terms["code"]
    discount = Discount(
        id=new_id(),
        code=code,
        code_key=None if code is None else code_key(code),
        name=terms["name"],
        type=DiscountType(terms["type"]).value,
        value=Decimal(terms["value"]),
        min_subtotal=terms["min_subtotal"],
        starts_at=terms["starts_at"],
        ends_at=terms["ends_at"],
        usage_limit=terms["usage_limit"],
        usage_limit_per_customer=terms["usage_limit_per_customer"],
        used_count=0,
        product_ids=_stored_ids(terms["product_ids"]),
        category_ids=_stored_ids(terms["category_ids"]),
        buy_quantity=terms["buy_quantity"],
        get_quantity=terms["get_quantity"],
        automatic=terms["automatic"],
        status=DiscountStatus.ACTIVE.value,
        created_at=now,
        updated_at=now,
        archived_at=None,
    )
    await _write_unique(uow, discount.id, code, lambda: uow.session.add(discount))
    _record(uow, "discount.created", discount, snapshot(discount))
    return discount


def _stored(field: str, value: Any) -> Any:
    if field in ("product_ids", "category_ids"):
        return _stored_ids(value)
    if field == "value":
        return Decimal(value)
    return value


async def update_discount(
    uow: WriteUnitOfWork, discount: Discount, *, changes: Mapping[str, Any]
) -> Discount:
    """Apply the fields sent (the discount held by `hold_discount`). The discount as it would
    become is checked as a new one is (422 `invalid_discount`), and `usage_limit` may not go
    below the uses already counted. Only the fields whose value really changes are recorded;
    nothing changed, nothing recorded. An archived discount can't be changed (409
    `discount_archived`)."""
    if discount.status == DiscountStatus.ARCHIVED.value:
        raise DiscountArchived("This discount is archived; it can't be changed")
    changed = {
        field: _stored(field, changes[field])
        for field in EDITABLE
        if field in changes and getattr(discount, field) != _stored(field, changes[field])
    }
    if not changed:
        return discount
    _check_terms(
        {field: changed.get(field, getattr(discount, field)) for field in TERMS},
        discount.used_count,
    )
    await _check_targets(
        uow,
        (uuid.UUID(i) for i in changed.get("product_ids", [])),
        (uuid.UUID(i) for i in changed.get("category_ids", [])),
    )
    recorded = {
        field: {"from": _jsonable(getattr(discount, field)), "to": _jsonable(value)}
        for field, value in changed.items()
    }

    def write() -> None:
        for field, value in changed.items():
            setattr(discount, field, value)
        if "code" in changed:
            discount.code_key = None if changed["code"] is None else code_key(changed["code"])
        discount.updated_at = uow.clock.now()

    await _write_unique(uow, discount.id, changed.get("code"), write)
    _record(uow, "discount.updated", discount, recorded)
    return discount


async def archive_discount(uow: WriteUnitOfWork, discount_id: uuid.UUID) -> Discount:
    """Soft delete: the discount no longer applies (nor is offered), stays readable and keeps
    its code and its uses, for the orders that name it. Archiving twice records nothing."""
    discount = await hold_discount(uow, discount_id)
    if discount.status == DiscountStatus.ARCHIVED.value:
        return discount
    now = uow.clock.now()
    discount.status = DiscountStatus.ARCHIVED.value
    discount.archived_at = now
    discount.updated_at = now
    await uow.session.flush()
    _record(
        uow,
        "discount.archived",
        discount,
        {"status": {"from": DiscountStatus.ACTIVE.value, "to": DiscountStatus.ARCHIVED.value}},
    )
    return discount
