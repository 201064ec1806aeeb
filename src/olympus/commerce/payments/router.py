"""HTTP endpoints of payments. Taking a payment needs `payments:process` and refunding one
`payments:refund`, each at the order's location (or tenant-wide); reading needs
`orders:read` there. The processor settings need `settings:write`. Stripe's webhook carries
no token: its `Stripe-Signature` is checked with the tenant's signing secret."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, status
from pydantic import BaseModel
from starlette.responses import Response

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.commerce.orders.errors import (
    InvalidTransition,
    OrderNotFound,
    PaymentExceedsBalance,
    RefundExceedsCaptured,
)
from olympus.commerce.payments import flow, service
from olympus.commerce.payments.components import PaymentComponents
from olympus.commerce.payments.errors import (
    InsufficientTender,
    InvalidProcessorSettings,
    InvalidStripeSignature,
    PaymentNotFound,
    PaymentNotRefundable,
    ProcessorUnavailable,
    StripeWebhookNotConfigured,
)
from olympus.commerce.payments.models import PaymentSettings, PaymentStatus
from olympus.commerce.payments.schemas import (
    PaymentCreate,
    PaymentOut,
    PaymentSettingsOut,
    PaymentSettingsUpdate,
    RefundCreate,
    RefundOut,
    WebhookAnswer,
)
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.dependencies import WriteUoWDep, client_ip, database, request_id
from olympus.core.dependencies import clock as clock_of
from olympus.core.errors import responses
from olympus.core.idempotency import (
    REPLAY_HEADER,
    IdempotencyConflict,
    IdempotencyInProgress,
    IdempotencyKeyHeader,
    InvalidIdempotencyKey,
    request_hash,
)
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep

router = APIRouter(prefix="/api/v1/payments", tags=["payments"])

READ, PROCESS, REFUND = service.READ, service.PROCESS, service.REFUND
_AUTH = PERMISSION_ERRORS
Reader = Annotated[Principal, RequirePermission(READ, scoped=True)]
Processor = Annotated[Principal, RequirePermission(PROCESS, scoped=True)]
Refunder = Annotated[Principal, RequirePermission(REFUND, scoped=True)]
SettingsWriter = Annotated[Principal, RequirePermission("settings:write")]


async def _components(request: Request) -> PaymentComponents:
    components: PaymentComponents = request.app.state.payments
    return components


ComponentsDep = Annotated[PaymentComponents, Depends(_components)]


# --- the tenant's processor (before /{payment_id}: a more specific path) ----------------------


@router.get(
    "/settings",
    response_model=PaymentSettingsOut,
    summary="Read the payment processor settings",
    description=(
        "The processor cards go to (`test` or `stripe`), the publishable key, and whether "
        "the secret key and the webhook signing secret are set: secrets are never answered. "
        "Needs `settings:write`."
    ),
    responses=responses(*_AUTH),
)
async def get_settings(
    _: SettingsWriter, uow: TenantReadUoWDep, components: ComponentsDep, etag: IfNoneMatchDep
) -> PaymentSettingsOut:
    return etag.tag(await service.get_settings(uow, box=components.box))


@router.patch(
    "/settings",
    response_model=PaymentSettingsOut,
    summary="Change the payment processor settings",
    description=(
        "Only the fields sent change; a secret sent as null is removed. `stripe` needs a "
        "secret key (`sk_...` or `rk_...`), now or set before: else 422 "
        "`invalid_payment_settings`. Secrets are stored encrypted and the audit row says "
        "only `[set]` or `[removed]`. Point Stripe's webhook at `stripe_webhook_path` and "
        "store its signing secret (`whsec_...`) here. Needs `settings:write`."
    ),
    responses=responses(*_AUTH, InvalidProcessorSettings),
)
async def update_settings(
    body: PaymentSettingsUpdate,
    _: SettingsWriter,
    uow: TenantWriteUoWDep,
    components: ComponentsDep,
    etag: IfMatchDep,
) -> PaymentSettingsOut:
    # The tenant's one settings row, once written (the tenant filter narrows the lock to it).
    await etag.check(
        uow, PaymentSettings, current=lambda: service.get_settings(uow, box=components.box)
    )
    return etag.tag(await service.update_settings(uow, box=components.box, update=body))


# --- Stripe's webhook -------------------------------------------------------------------------


@router.post(
    "/webhooks/stripe/{tenant_id}",
    response_model=WebhookAnswer,
    summary="Receive a Stripe webhook event",
    description=(
        "For Stripe, not for clients: one endpoint per tenant, so the event is checked with "
        "that tenant's signing secret. A missing, wrong or older than 5 minutes "
        "`Stripe-Signature` is 400 `invalid_stripe_signature`; a tenant without a webhook "
        "secret (or no such tenant) is 404. An event id handled before is answered 200 "
        "`duplicate: true` and changes nothing. `payment_intent.succeeded` and "
        "`payment_intent.payment_failed` settle the pending payment of that intent (once, "
        "whoever comes first: the webhook or the client's request). `refund.created`, "
        "`refund.updated` (and `charge.refunded` when it lists its refunds) record a refund "
        "made in Stripe's dashboard as a refund of its payment, once by Stripe's refund id, "
        "never above what the payment has left; a refund asked here is settled instead. "
        "Other types are acknowledged and ignored."
    ),
    responses=responses(StripeWebhookNotConfigured, InvalidStripeSignature),
)
async def stripe_webhook(
    tenant_id: uuid.UUID,
    request: Request,
    uow: WriteUoWDep,
    components: ComponentsDep,
    stripe_signature: Annotated[str | None, Header(alias="Stripe-Signature")] = None,
) -> WebhookAnswer:
    event = await service.receive_stripe_event(
        uow,
        box=components.box,
        tenant_id=tenant_id,
        payload=await request.body(),
        signature=stripe_signature,
    )
    if event is None:
        return WebhookAnswer(duplicate=True)
    await flow.settle_from_stripe(uow, event, db=database(request), components=components)
    return WebhookAnswer()


# --- payments ---------------------------------------------------------------------------------


def _caller(request: Request, principal: Principal) -> flow.Caller:
    return flow.Caller(
        tenant_id=principal.tenant_id,
        actor_id=principal.user_id,
        authz=principal.authz,
        clock=clock_of(request),
        ip=client_ip(request),
        request_id=request_id(request),
    )


def _guard(request: Request, key: str | None, scope: str, body: BaseModel | None) -> flow.Guard:
    payload = body.model_dump(mode="json") if body is not None else None
    # The path is part of the request: the same key and body sent to another payment's
    # refund is another request.
    fingerprint = request_hash({"path": request.path_params, "body": payload})
    return flow.Guard(key, scope, fingerprint)


def _response(answer: flow.Answer) -> Response:
    headers = {REPLAY_HEADER: "true"} if answer.replayed else None
    return Response(
        answer.body,
        status_code=answer.status_code,
        media_type="application/json",
        headers=headers,
    )


_ORDER_ERRORS = (OrderNotFound, InvalidTransition)
_FLOW_ERRORS = (
    IdempotencyConflict,
    IdempotencyInProgress,
    InvalidIdempotencyKey,
    ProcessorUnavailable,
)


@router.post(
    "/process",
    status_code=status.HTTP_201_CREATED,
    response_model=PaymentOut,
    summary="Take a payment for an order",
    description=(
        '`method` is `{type: "card", token}` (sent to the tenant\'s processor) or '
        '`{type: "cash", tendered?}` (`change_due` = tendered - amount). A declined card '
        'is recorded too: 201 with `status: "failed"` and its `failure_code`. Split '
        "payments: several payments may pay one order; the order becomes `paid` when the "
        "succeeded ones cover its total. More than the order still owes (counting card "
        "payments in flight) is 409 `payment_exceeds_balance`; an order that is not "
        "`pending` is 409 `invalid_transition`. With Stripe, a payment that waits for the "
        "customer (3-D Secure) answers `pending`: `POST /payments/{id}/confirm` or Stripe's "
        "webhook settles it, once. `Idempotency-Key`: a retry replays the first answer; "
        "the same key with another body is 422 `idempotency_conflict`; while the first "
        "request runs, 409 `idempotency_in_progress`. Needs `payments:process` at the "
        "order's location."
    ),
    responses=responses(
        *_AUTH, *_ORDER_ERRORS, PaymentExceedsBalance, InsufficientTender, *_FLOW_ERRORS
    ),
)
async def process_payment(
    body: PaymentCreate,
    request: Request,
    principal: Processor,
    components: ComponentsDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    answer = await flow.take_payment(
        database(request),
        components=components,
        caller=_caller(request, principal),
        guard=_guard(request, idempotency_key, flow.PROCESS_SCOPE, body),
        request=body,
    )
    return _response(answer)


@router.post(
    "/{payment_id}/refund",
    status_code=status.HTTP_201_CREATED,
    response_model=RefundOut,
    summary="Refund a payment",
    description=(
        "`amount` (default: all of the payment not yet refunded), never more than that: "
        "409 `refund_exceeds_captured`. Only a succeeded payment (409 "
        "`payment_not_refundable`) of an order that was paid, or cancelled after a payment "
        "(409 `invalid_transition`). "
        "The order becomes `partially_refunded`, or `refunded` once all it was paid is "
        'refunded. A refund the processor refuses answers 201 with `status: "failed"` '
        "and changes nothing else. `Idempotency-Key` as for payments. Needs "
        "`payments:refund` at the payment's location."
    ),
    responses=responses(
        *_AUTH,
        PaymentNotFound,
        *_ORDER_ERRORS,
        PaymentNotRefundable,
        RefundExceedsCaptured,
        *_FLOW_ERRORS,
    ),
)
async def refund_payment(
    payment_id: uuid.UUID,
    body: RefundCreate,
    request: Request,
    principal: Refunder,
    components: ComponentsDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    answer = await flow.refund_payment(
        database(request),
        components=components,
        caller=_caller(request, principal),
        guard=_guard(request, idempotency_key, flow.REFUND_SCOPE, body),
        payment_id=payment_id,
        amount=body.amount,
    )
    return _response(answer)


@router.post(
    "/{payment_id}/confirm",
    response_model=PaymentOut,
    summary="Confirm a pending card payment",
    description=(
        "The client's word that the customer finished the card's authentication: the "
        "processor is asked where the charge stands and a pending payment is settled with "
        "it. Stripe's webhook may bring the same news at the same moment: whichever comes "
        "second changes nothing (the order is paid once). A payment already decided is "
        "answered as it is. Needs `payments:process` at the payment's location."
    ),
    responses=responses(*_AUTH, PaymentNotFound, ProcessorUnavailable),
)
async def confirm_payment(
    payment_id: uuid.UUID, request: Request, principal: Processor, components: ComponentsDep
) -> Response:
    answer = await flow.confirm_payment(
        database(request),
        components=components,
        caller=_caller(request, principal),
        payment_id=payment_id,
    )
    return _response(answer)


@router.get(
    "",
    response_model=Page[PaymentOut],
    summary="List payments",
    description=(
        "Oldest first, failed ones too. `order_id` keeps one order's payments; `status` "
        "keeps `pending`, `succeeded` or `failed` ones. A caller holding `orders:read` at "
        "some locations sees the payments taken there."
    ),
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_payments(
    principal: Reader,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    order_id: Annotated[uuid.UUID | None, Query(description="One order's payments")] = None,
    status_: Annotated[PaymentStatus | None, Query(alias="status")] = None,
) -> Page[PaymentOut]:
    rows, cursor = await service.list_payments(
        uow,
        filters=service.PaymentFilter(
            order_id=order_id,
            status=status_,
            locations=principal.authz.locations_for(READ),
        ),
        page=page,
    )
    return Page[PaymentOut](items=[service.payment_out(r) for r in rows], next_cursor=cursor)


@router.get(
    "/{payment_id}",
    response_model=PaymentOut,
    summary="Read a payment",
    description="A payment at a location the caller can't read answers 404.",
    responses=responses(*_AUTH, PaymentNotFound),
)
async def get_payment(
    payment_id: uuid.UUID, principal: Reader, uow: TenantReadUoWDep
) -> PaymentOut:
    payment = await service.get_payment(
        uow, payment_id, locations=principal.authz.locations_for(READ)
    )
    return service.payment_out(payment)
