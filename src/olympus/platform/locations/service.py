"""Location rules: create, read, list, change, archive and restore a tenant's locations.
Every change writes its audit row and its event in the caller's transaction."""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork, new_id
from olympus.core.events import record_event
from olympus.core.pagination import PageParams, fetch_page
from olympus.platform.audit import service as audit
from olympus.platform.locations.errors import (
    LocationArchived,
    LocationCodeTaken,
    LocationNotFound,
)
from olympus.platform.locations.models import Location, LocationStatus

TARGET = "location"
EDITABLE = ("name", "code", "kind", "address", "timezone", "currency")


def snapshot(location: Location) -> dict[str, Any]:
    """The location's editable fields and status, as events and audit rows carry them."""
    return {
        "name": location.name,
        "code": location.code,
        "kind": location.kind,
        "address": dict(location.address),
        "timezone": location.timezone,
        "currency": location.currency,
        "status": location.status,
    }


def _code_taken(code: str) -> LocationCodeTaken:
    return LocationCodeTaken(f"The code {code!r} is already used by a location of this tenant")


async def _code_in_use(uow: ReadUnitOfWork, code: str) -> bool:
    found = await uow.session.scalar(sa.select(Location.id).where(Location.code == code).limit(1))
    return found is not None


async def find_by_codes(uow: ReadUnitOfWork, codes: Sequence[str]) -> dict[str, uuid.UUID]:
    """The tenant's locations with these codes, by code (archived ones too)."""
    if not codes:
        return {}
    rows = await uow.session.execute(
        sa.select(Location.code, Location.id).where(Location.code.in_(list(codes)))
    )
    return {code: location_id for code, location_id in rows.all()}


async def _flush_unique(uow: WriteUnitOfWork, code: str) -> None:
    """Flush in a savepoint: a concurrent writer that took the code first turns the unique
    violation into 409 instead of a failed transaction."""
    try:
        async with uow.session.begin_nested():
            await uow.session.flush()
    except IntegrityError as exc:
        raise _code_taken(code) from exc


def _record(uow: WriteUnitOfWork, location: Location, action: str, changes: dict[str, Any]) -> None:
    audit.record(uow, action=action, target_type=TARGET, target_id=location.id, changes=changes)
    record_event(
        uow,
        action,
        {"location_id": str(location.id), "code": location.code, "changes": changes},
    )


async def create_location(
    uow: WriteUnitOfWork,
    *,
    name: str,
    code: str,
    kind: str,
    address: Mapping[str, str],
    timezone: str,
    currency: str,
) -> Location:
    """Fields arrive validated and canonical (code and currency upper case)."""
    if await _code_in_use(uow, code):
        raise _code_taken(code)
    now = uow.clock.now()
    location = Location(
        id=new_id(),
        name=name,
        code=code,
        kind=kind,
        address=dict(address),
        timezone=timezone,
        currency=currency,
        status=LocationStatus.ACTIVE.value,
        created_at=now,
        updated_at=now,
    )
    uow.session.add(location)
    await _flush_unique(uow, code)
    changes = snapshot(location)
    audit.record(
        uow, action="location.created", target_type=TARGET, target_id=location.id, changes=changes
    )
    record_event(uow, "location.created", {"location_id": str(location.id), **changes})
    return location


async def get_location(
    uow: ReadUnitOfWork, location_id: uuid.UUID, *, visible: frozenset[uuid.UUID] | None = None
) -> Location:
    """The tenant's location, archived or not. `visible` (the locations a location-scoped
    caller may see) hides the others: they answer as if they did not exist."""
    if visible is not None and location_id not in visible:
        raise LocationNotFound()
    location = await uow.session.get(Location, (uow.require_tenant(), location_id))
    if location is None:
        raise LocationNotFound()
    return location


@dataclass(frozen=True)
class SellingLocation:
    """What a sale needs of its location."""

    id: uuid.UUID
    code: str
    currency: str


_LOCATIONS = cast(sa.Table, Location.__table__)
# Built once (every sale reads its location): the tenant and the id bound per call.
_SELLING = sa.select(
    _LOCATIONS.c.id, _LOCATIONS.c.code, _LOCATIONS.c.currency, _LOCATIONS.c.status
).where(
    _LOCATIONS.c.tenant_id == sa.bindparam("tenant_id", type_=_LOCATIONS.c.tenant_id.type),
    _LOCATIONS.c.id == sa.bindparam("location_id", type_=_LOCATIONS.c.id.type),
)


async def get_selling_location(uow: ReadUnitOfWork, location_id: uuid.UUID) -> SellingLocation:
    """`get_active_location` for the hot path of a sale: the columns a sale needs, read by
    one Core statement (no ORM object). The same refusals: 404 `location_not_found`, 409
    `location_archived`."""
    conn = await uow.session.connection()
    params = {"tenant_id": uow.require_tenant(), "location_id": location_id}
    row = (await conn.execute(_SELLING, params)).one_or_none()
    if row is None:
        raise LocationNotFound()
    if row.status != LocationStatus.ACTIVE:
        raise LocationArchived(f"The location {row.code!r} is archived")
    return SellingLocation(id=row.id, code=row.code, currency=row.currency)


async def get_active_location(uow: ReadUnitOfWork, location_id: uuid.UUID) -> Location:
    """For other domains (stock, orders): the location, which must not be archived."""
    location = await get_location(uow, location_id)
    if location.status != LocationStatus.ACTIVE:
        raise LocationArchived(f"The location {location.code!r} is archived")
    return location


@dataclass(frozen=True)
class LocationFilter:
    q: str | None = None
    kind: str | None = None
    status: str | None = None
    include_archived: bool = False
    visible: frozenset[uuid.UUID] | None = None


async def list_locations(
    uow: ReadUnitOfWork, *, filters: LocationFilter, page: PageParams
) -> tuple[list[Location], str | None]:
    """By id (creation order). Archived locations only when asked for, by `status` or
    `include_archived`."""
    stmt = sa.select(Location)
    if filters.visible is not None:
        stmt = stmt.where(Location.id.in_(sorted(filters.visible)))
    if filters.status is not None:
        stmt = stmt.where(Location.status == filters.status)
    elif not filters.include_archived:
        stmt = stmt.where(Location.status == LocationStatus.ACTIVE.value)
    if filters.kind is not None:
        stmt = stmt.where(Location.kind == filters.kind)
    if filters.q:
        stmt = stmt.where(
            sa.or_(
                Location.name.icontains(filters.q, autoescape=True),
                Location.code.icontains(filters.q, autoescape=True),
            )
        )
    return await fetch_page(uow.session, stmt, page, Location.id)


async def update_location(
    uow: WriteUnitOfWork, location: Location, *, changes: Mapping[str, Any]
) -> Location:
    """Apply the fields sent (validated and canonical); the ones whose value really changes
    are audited as `{field: {"from", "to"}}`. Nothing changed, nothing recorded."""
    changed: dict[str, Any] = {}
    for field in EDITABLE:
        if field not in changes:
            continue
        old, new = getattr(location, field), changes[field]
        if old != new:
            changed[field] = {"from": old, "to": new}
    if not changed:
        return location
    if "code" in changed and await _code_in_use(uow, changes["code"]):
        raise _code_taken(changes["code"])
    for field, change in changed.items():
        setattr(location, field, change["to"])
    location.updated_at = uow.clock.now()
    if "code" in changed:
        await _flush_unique(uow, changes["code"])
    _record(uow, location, "location.updated", changed)
    return location


async def _set_status(
    uow: WriteUnitOfWork, location: Location, status: LocationStatus, action: str
) -> Location:
    if location.status == status:
        return location
    changes = {"status": {"from": location.status, "to": status.value}}
    location.status = status.value
    location.updated_at = uow.clock.now()
    _record(uow, location, action, changes)
    return location


async def archive_location(uow: WriteUnitOfWork, location: Location) -> Location:
    """Soft delete: hidden from lists unless asked for; its code stays reserved. Archiving
    an archived location changes (and records) nothing."""
    return await _set_status(uow, location, LocationStatus.ARCHIVED, "location.archived")


async def restore_location(uow: WriteUnitOfWork, location: Location) -> Location:
    return await _set_status(uow, location, LocationStatus.ACTIVE, "location.restored")
