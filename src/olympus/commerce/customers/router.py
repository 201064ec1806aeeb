"""HTTP endpoints of customers. Reading (and exporting) needs `customers:read`, creating,
changing and erasing `customers:write`, both tenant-wide: customers belong to the tenant, not
to a location."""

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
from olympus.commerce.customers import service
from olympus.commerce.customers.errors import (
    CustomerEmailTaken,
    CustomerErased,
    CustomerNotFound,
    CustomerUserTaken,
)
from olympus.commerce.customers.models import Customer
from olympus.commerce.customers.schemas import (
    ConsentChangeOut,
    CustomerAuditOut,
    CustomerCreate,
    CustomerExport,
    CustomerOut,
    CustomerUpdate,
    Tag,
)
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.platform.users.errors import UserNotFound

router = APIRouter(prefix="/api/v1/customers", tags=["customers"])

_AUTH = PERMISSION_ERRORS
Reader = Annotated[Principal, RequirePermission("customers:read")]
Writer = Annotated[Principal, RequirePermission("customers:write")]


def _out(customer: Customer) -> CustomerOut:
    return CustomerOut.model_validate(customer, from_attributes=True)


@router.get(
    "",
    response_model=Page[CustomerOut],
    summary="List customers",
    description=(
        "In creation order. `q` looks for a case-insensitive part of the name, the email or "
        "the phone number (`+33 6 12` matches `+33612345678`); `tag` keeps the customers "
        "with that tag (any case). Erased customers are left out unless "
        "`include_erased=true`."
    ),
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_customers(
    _: Reader,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    q: Annotated[str | None, Query(max_length=200, description="In name, email or phone")] = None,
    tag: Annotated[Tag | None, Query(description="Customers with this tag")] = None,
    include_erased: Annotated[bool, Query(description="Also list erased customers")] = False,
) -> Page[CustomerOut]:
    rows, cursor = await service.list_customers(
        uow,
        filters=service.CustomerFilter(q=q, tag=tag, include_erased=include_erased),
        page=page,
    )
    return Page[CustomerOut](items=[_out(r) for r in rows], next_cursor=cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CustomerOut,
    summary="Create a customer",
    description=(
        "Only `name` is required. The email is stored lower-case and is unique in the tenant "
        "when set (409 `customer_email_taken`); the phone is stored in E.164 form. "
        "`user_id` links a user account of the tenant (404 `user_not_found` otherwise; 409 "
        "`customer_user_taken` if another customer has it). Giving marketing consent stamps "
        "`marketing_consent_at`."
    ),
    responses=responses(*_AUTH, UserNotFound, CustomerEmailTaken, CustomerUserTaken),
)
async def create_customer(body: CustomerCreate, _: Writer, uow: TenantWriteUoWDep) -> CustomerOut:
    customer = await service.create_customer(uow, **body.fields())
    return _out(customer)


@router.get(
    "/{customer_id}",
    response_model=CustomerOut,
    summary="Read a customer",
    description="Erased customers too (with their personal fields cleared).",
    responses=responses(*_AUTH, CustomerNotFound),
)
async def get_customer(
    customer_id: uuid.UUID, _: Reader, uow: TenantReadUoWDep, etag: IfNoneMatchDep
) -> CustomerOut:
    return etag.tag(await _as_is(uow, customer_id))


async def _as_is(uow: ReadUnitOfWork, customer_id: uuid.UUID) -> CustomerOut:
    return _out(await service.get_customer(uow, customer_id))


@router.patch(
    "/{customer_id}",
    response_model=CustomerOut,
    summary="Change a customer",
    description=(
        "Only the fields sent change. `email`, `phone`, `notes` and `user_id` may be sent as "
        "null to clear them; null is refused for the other fields. `addresses` and `tags` "
        "replace the whole list. A change of `marketing_consent` stamps "
        "`marketing_consent_at` and is kept in the consent history. An erased customer can't "
        "be changed (409 `customer_erased`)."
    ),
    responses=responses(
        *_AUTH,
        CustomerNotFound,
        UserNotFound,
        CustomerEmailTaken,
        CustomerUserTaken,
        CustomerErased,
    ),
)
async def update_customer(
    customer_id: uuid.UUID,
    body: CustomerUpdate,
    _: Writer,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
) -> CustomerOut:
    await etag.check(
        uow, Customer, Customer.id == customer_id, current=lambda: _as_is(uow, customer_id)
    )
    customer = await service.hold_customer(uow, customer_id)
    customer = await service.update_customer(uow, customer, changes=body.changes())
    return etag.tag(_out(customer))


@router.delete(
    "/{customer_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a customer (erase their personal data)",
    description=(
        "The same as `POST /{customer_id}/erase`: the personal fields are cleared and the "
        "row is kept under its id, so the customer's orders and payments keep pointing at "
        "it. Deleting an erased customer answers 204 again and changes nothing."
    ),
    responses=responses(*_AUTH, CustomerNotFound),
)
async def delete_customer(
    customer_id: uuid.UUID, _: Writer, uow: TenantWriteUoWDep, etag: IfMatchDep
) -> Response:
    await etag.check(
        uow, Customer, Customer.id == customer_id, current=lambda: _as_is(uow, customer_id)
    )
    await service.erase_customer(uow, await service.hold_customer(uow, customer_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{customer_id}/erase",
    response_model=CustomerOut,
    summary="Erase a customer's personal data",
    description=(
        "The right to erasure: the name becomes `Erased customer`; email, phone, addresses, "
        "tags, notes and the link to a user account are cleared; marketing consent is "
        "withdrawn; `erased_at` is set. The row and its id stay. Audit rows and events name "
        "fields, never their values, so no copy of the erased data is left. Idempotent: "
        "erasing an erased customer answers 200 with it and records nothing."
    ),
    responses=responses(*_AUTH, CustomerNotFound),
)
async def erase_customer(customer_id: uuid.UUID, _: Writer, uow: TenantWriteUoWDep) -> CustomerOut:
    customer = await service.erase_customer(uow, await service.hold_customer(uow, customer_id))
    return _out(customer)


@router.get(
    "/{customer_id}/export",
    response_model=CustomerExport,
    summary="Export everything held about a customer",
    description=(
        "For a data-subject access request: the customer record (with its addresses), the "
        "history of its marketing consent and the audit rows about it, oldest first."
    ),
    responses=responses(*_AUTH, CustomerNotFound),
)
async def export_customer(
    customer_id: uuid.UUID, _: Reader, uow: TenantReadUoWDep
) -> CustomerExport:
    record = await service.export_customer(uow, await service.get_customer(uow, customer_id))
    return CustomerExport(
        exported_at=uow.clock.now(),
        customer=_out(record.customer),
        consent_history=[
            ConsentChangeOut.model_validate(c, from_attributes=True) for c in record.consents
        ],
        audit=[CustomerAuditOut.model_validate(a, from_attributes=True) for a in record.audit_rows],
    )
