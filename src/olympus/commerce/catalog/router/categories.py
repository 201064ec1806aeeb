"""The category endpoints: list, create, read, change and delete."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from olympus.auth.dependencies import TenantReadUoWDep, TenantWriteUoWDep
from olympus.commerce.catalog import service
from olympus.commerce.catalog.errors import (
    CategoryCycle,
    CategoryNameTaken,
    CategoryNotEmpty,
    CategoryNotFound,
    InvalidCategoryPath,
)
from olympus.commerce.catalog.models import Category
from olympus.commerce.catalog.router.access import AUTH, Reader, Writer
from olympus.commerce.catalog.schemas import (
    CategoryCreate,
    CategoryOut,
    CategoryUpdate,
    sent_fields,
)
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep

categories_router = APIRouter(prefix="/api/v1/categories", tags=["categories"])


def _category_out(category: Category) -> CategoryOut:
    return CategoryOut.model_validate(category, from_attributes=True)


@categories_router.get(
    "",
    response_model=Page[CategoryOut],
    summary="List categories",
    description=(
        "By path, so each category comes right before the ones below it. `parent_id` lists "
        "the children of one category, `top_level=true` the categories with no parent; `q` "
        "looks for a case-insensitive part of the name."
    ),
    responses=responses(*AUTH, InvalidCursor),
)
async def list_categories(
    principal: Reader,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    parent_id: Annotated[uuid.UUID | None, Query(description="Its children only")] = None,
    top_level: Annotated[bool, Query(description="Only categories without a parent")] = False,
    q: Annotated[str | None, Query(max_length=120, description="Part of the name")] = None,
) -> Page[CategoryOut]:
    rows, cursor = await service.list_categories(
        uow, parent_id=parent_id, top_level=top_level, q=q, page=page
    )
    return Page[CategoryOut](
        items=[CategoryOut.model_validate(row) for row in rows], next_cursor=cursor
    )


@categories_router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CategoryOut,
    summary="Create a category",
    description=(
        "Under `parent_id`, or at the top level. Its `path` is the names from the top "
        "level down joined by '/' (at most 1000 characters); siblings' names differ, case "
        "aside (409 `category_name_taken`)."
    ),
    responses=responses(*AUTH, CategoryNotFound, CategoryNameTaken, InvalidCategoryPath),
)
async def create_category(
    body: CategoryCreate, principal: Writer, uow: TenantWriteUoWDep
) -> CategoryOut:
    category = await service.create_category(
        uow, name=body.name, parent_id=body.parent_id, position=body.position
    )
    return _category_out(category)


@categories_router.get(
    "/{category_id}",
    response_model=CategoryOut,
    summary="Read a category",
    responses=responses(*AUTH, CategoryNotFound),
)
async def get_category(
    category_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> CategoryOut:
    return etag.tag(await _category_as_is(uow, category_id))


async def _category_as_is(uow: ReadUnitOfWork, category_id: uuid.UUID) -> CategoryOut:
    return _category_out(await service.get_category(uow, category_id))


@categories_router.patch(
    "/{category_id}",
    response_model=CategoryOut,
    summary="Rename, move or reorder a category",
    description=(
        "Only the fields sent change; `parent_id` null moves it to the top level. A new "
        "name or parent rewrites the path of every category below it. Moving a category "
        "under itself or one of its descendants answers 409 `category_cycle`."
    ),
    responses=responses(
        *AUTH, CategoryNotFound, CategoryNameTaken, CategoryCycle, InvalidCategoryPath
    ),
)
async def update_category(
    category_id: uuid.UUID,
    body: CategoryUpdate,
    principal: Writer,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
) -> CategoryOut:
    await etag.check(
        uow,
        Category,
        Category.id == category_id,
        current=lambda: _category_as_is(uow, category_id),
    )
    category = await service.update_category(uow, category_id, changes=sent_fields(body))
    return etag.tag(_category_out(category))


@categories_router.delete(
    "/{category_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a category",
    description=(
        "Only an empty one: a category with categories or products below it (archived "
        "products too) answers 409 `category_not_empty`."
    ),
    responses=responses(*AUTH, CategoryNotFound, CategoryNotEmpty),
)
async def delete_category(
    category_id: uuid.UUID, principal: Writer, uow: TenantWriteUoWDep, etag: IfMatchDep
) -> Response:
    await etag.check(
        uow,
        Category,
        Category.id == category_id,
        current=lambda: _category_as_is(uow, category_id),
    )
    await service.delete_category(uow, category_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
