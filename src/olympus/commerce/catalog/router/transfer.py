"""The CSV import and export of products."""

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse

from olympus.commerce.catalog import imports
from olympus.commerce.catalog.errors import (
    ImportColumnsInvalid,
    ImportConflict,
    ImportNotCsv,
    ImportRejected,
    InvalidCsv,
)
from olympus.commerce.catalog.models import ProductStatus
from olympus.commerce.catalog.router.access import AUTH, Reader, Writer
from olympus.commerce.catalog.router.documents import json_response
from olympus.commerce.catalog.schemas import ImportResultOut
from olympus.core.db import ReadUnitOfWork, WriteUnitOfWork
from olympus.core.dependencies import client_ip, reading, writing
from olympus.core.errors import PROBLEM_JSON, ProblemDetail, responses

# On a router of their own, included before `products_router` (so `/products/import` is not
# read as a product id) and with its own body limit, `MAX_IMPORT_BYTES`.

transfer_router = APIRouter(prefix="/api/v1/products", tags=["products"])
_CSV = "text/csv"


async def _import_unit_of_work(
    request: Request,
    principal: Writer,
    dry_run: Annotated[
        bool, Query(description="Check the file and answer what would change; write nothing")
    ] = False,
) -> AsyncIterator[ReadUnitOfWork]:
    """A dry run reads only (a read-only transaction, so it can't write anything, not even
    an audit row); an import writes in the request's one transaction, and records its own
    audit row."""
    opened = reading if dry_run else writing
    async with opened(request, principal.tenant_id) as uow:
        uow.actor_id = principal.user_id
        uow.ip = client_ip(request)
        yield uow


ImportUoW = Annotated[ReadUnitOfWork, Depends(_import_unit_of_work, scope="function")]


def _csv_body(request: Request) -> None:
    media_type, _, parameters = request.headers.get("content-type", "").partition(";")
    charset = next(
        (
            value.strip().strip('"').lower()
            for name, _, value in (p.partition("=") for p in parameters.split(";"))
            if name.strip().lower() == "charset"
        ),
        "utf-8",
    )
    if media_type.strip().lower() != _CSV or charset not in {"utf-8", "utf8"}:
        raise ImportNotCsv("Send the file as `text/csv` (UTF-8), the header row first")


@transfer_router.post(
    "/import",
    response_model=ImportResultOut,
    summary="Import products from CSV",
    description=(
        "Upserts top-level products by SKU from a `text/csv` body (UTF-8, header row "
        f"first; columns: {', '.join(imports.COLUMNS)}; `sku`, `name`, `price` and "
        "`currency` are required). Each row is checked like a product sent to the API; "
        "rows that fail are listed in `rejected` with their line in the file (the header "
        "is line 1) and the others are written, in this request's one transaction. "
        "`category` is a slash path (`Drinks/Tea`), created as needed. A variant's SKU is "
        "refused. `dry_run=true` answers the same and writes nothing; `atomic=true` "
        "writes nothing if any row is rejected (422 `import_rejected` with the rows). "
        "Unknown, missing or repeated columns refuse the file (422 `invalid_import_columns`). "
        "The body may be up to `MAX_IMPORT_BYTES` (50 MiB by default). See docs/API.md."
    ),
    responses={
        **responses(
            *AUTH, ImportNotCsv, InvalidCsv, ImportColumnsInvalid, ImportRejected, ImportConflict
        ),
        413: {
            "model": ProblemDetail,
            "description": "Content Too Large: `request_too_large` (past `MAX_IMPORT_BYTES`)",
            "content": {PROBLEM_JSON: {}},
        },
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {_CSV: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def import_products(
    request: Request,
    uow: ImportUoW,
    atomic: Annotated[
        bool, Query(description="Write nothing if any row is rejected (422 import_rejected)")
    ] = False,
) -> Response:
    _csv_body(request)
    content = await request.body()
    if isinstance(uow, WriteUnitOfWork):
        result = await imports.import_products(uow, content, atomic=atomic)
    else:
        result = imports.dry_run_result(await imports.plan_import(uow, content), atomic=atomic)
    return json_response(result.document())


@transfer_router.get(
    "/export",
    response_class=StreamingResponse,
    summary="Export products as CSV",
    description=(
        "Every top-level product of the tenant (archived ones too, unless `status` narrows "
        "it), in the columns the import takes, so the file imports back as it is. Streamed "
        "a page at a time in creation order. `category_id` takes the categories below it "
        "too."
    ),
    responses={
        200: {"content": {_CSV: {"schema": {"type": "string"}}}, "description": "The CSV"},
        **responses(*AUTH),
    },
)
async def export_products(
    request: Request,
    principal: Reader,
    status_: Annotated[ProductStatus | None, Query(alias="status")] = None,
    category_id: Annotated[uuid.UUID | None, Query(description="With its subcategories")] = None,
) -> StreamingResponse:
    async def lines() -> AsyncIterator[bytes]:
        # Its own reading transaction: the request's ends when the handler returns, before
        # the body is sent.
        async with reading(request, principal.tenant_id) as uow:
            async for text in imports.export_csv(
                uow, status=status_.value if status_ else None, category_id=category_id
            ):
                yield text.encode()

    return StreamingResponse(
        lines(),
        media_type=f"{_CSV}; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="products.csv"'},
    )
