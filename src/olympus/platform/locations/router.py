"""HTTP endpoints of locations. Reading needs `locations:read`, changing `locations:write`;
a caller holding them only at some locations sees and changes only those."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.auth.errors import PermissionDenied
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.platform.locations import service
from olympus.platform.locations.errors import LocationCodeTaken, LocationNotFound
from olympus.platform.locations.models import Location, LocationKind, LocationStatus
from olympus.platform.locations.schemas import LocationCreate, LocationOut, LocationUpdate

router = APIRouter(prefix="/api/v1/locations", tags=["locations"])

READ = "locations:read"
WRITE = "locations:write"
_AUTH = PERMISSION_ERRORS

Reader = Annotated[Principal, RequirePermission(READ, scoped=True)]
Writer = Annotated[Principal, RequirePermission(WRITE, scoped=True)]


def _out(location: Location) -> LocationOut:
    return LocationOut.model_validate(location, from_attributes=True)


async def _writable(uow: ReadUnitOfWork, principal: Principal, location_id: uuid.UUID) -> Location:
    """The location, if the caller may change it. One they can't even see answers 404 (its
    existence does not leak); one they may see but not change answers 403."""
    authz = principal.authz
    if authz.can(WRITE, location_id):
        return await service.get_location(uow, location_id)
    location = await service.get_location(uow, location_id, visible=authz.locations_for(READ))
    raise PermissionDenied(f"Changing the location {location.code!r} needs {WRITE!r} there")


async def _as_is(uow: ReadUnitOfWork, principal: Principal, location_id: uuid.UUID) -> LocationOut:
    return _out(await _writable(uow, principal, location_id))


@router.get(
    "",
    response_model=Page[LocationOut],
    summary="List locations",
    description=(
        "In creation order. Archived locations are left out unless `include_archived=true` "
        "or `status=archived`. `q` looks for a case-insensitive match in the name or the code. "
        "A caller holding `locations:read` only at some locations sees only those."
    ),
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_locations(
    principal: Reader,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    q: Annotated[str | None, Query(max_length=200, description="In name or code")] = None,
    kind: LocationKind | None = None,
    status_: Annotated[LocationStatus | None, Query(alias="status")] = None,
    include_archived: Annotated[bool, Query(description="Also list archived locations")] = False,
) -> Page[LocationOut]:
    rows, cursor = await service.list_locations(
        uow,
        filters=service.LocationFilter(
            q=q,
            kind=kind.value if kind else None,
            status=status_.value if status_ else None,
            include_archived=include_archived,
            visible=principal.authz.locations_for(READ),
        ),
        page=page,
    )
    return Page[LocationOut](items=[_out(r) for r in rows], next_cursor=cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=LocationOut,
    summary="Create a location",
    description=(
        "Needs `locations:write` tenant-wide. The code is upper-cased and must be unique in "
        "the tenant, archived locations included (409 `location_code_taken`)."
    ),
    responses=responses(*_AUTH, LocationCodeTaken),
)
async def create_location(
    body: LocationCreate, principal: Writer, uow: TenantWriteUoWDep
) -> LocationOut:
    if not principal.authz.can(WRITE):
        raise PermissionDenied(f"Creating a location needs {WRITE!r} for the whole tenant")
    location = await service.create_location(
        uow,
        name=body.name,
        code=body.code,
        kind=body.kind.value,
        address=body.address.stored(),
        timezone=body.timezone,
        currency=body.currency,
    )
    return _out(location)


@router.get(
    "/{location_id}",
    response_model=LocationOut,
    summary="Read a location",
    description="Archived locations too. One outside the caller's locations answers 404.",
    responses=responses(*_AUTH, LocationNotFound),
)
async def get_location(
    location_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> LocationOut:
    location = await service.get_location(
        uow, location_id, visible=principal.authz.locations_for(READ)
    )
    return etag.tag(_out(location))


@router.patch(
    "/{location_id}",
    response_model=LocationOut,
    summary="Change a location",
    description=(
        "Only the fields sent change (null is refused: leave a field out to keep it); an "
        "`address` sent replaces the whole address. Needs `locations:write` tenant-wide or at "
        "this location."
    ),
    responses=responses(*_AUTH, LocationNotFound, LocationCodeTaken),
)
async def update_location(
    location_id: uuid.UUID,
    body: LocationUpdate,
    principal: Writer,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
) -> LocationOut:
    await etag.check(
        uow,
        Location,
        Location.id == location_id,
        current=lambda: _as_is(uow, principal, location_id),
    )
    location = await _writable(uow, principal, location_id)
    location = await service.update_location(uow, location, changes=body.changes())
    return etag.tag(_out(location))


@router.delete(
    "/{location_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Archive a location",
    description=(
        "A soft delete: the location leaves the list (unless archived ones are asked for) "
        "and keeps its code reserved. `POST /{id}/restore` brings it back."
    ),
    responses=responses(*_AUTH, LocationNotFound),
)
async def archive_location(
    location_id: uuid.UUID, principal: Writer, uow: TenantWriteUoWDep, etag: IfMatchDep
) -> Response:
    await etag.check(
        uow,
        Location,
        Location.id == location_id,
        current=lambda: _as_is(uow, principal, location_id),
    )
    location = await _writable(uow, principal, location_id)
    await service.archive_location(uow, location)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{location_id}/restore",
    response_model=LocationOut,
    summary="Bring an archived location back",
    description="Restoring an active location changes nothing.",
    responses=responses(*_AUTH, LocationNotFound),
)
async def restore_location(
    location_id: uuid.UUID, principal: Writer, uow: TenantWriteUoWDep
) -> LocationOut:
    location = await _writable(uow, principal, location_id)
    return _out(await service.restore_location(uow, location))
