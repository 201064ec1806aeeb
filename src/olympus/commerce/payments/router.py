"""HTTP endpoints of payments. Taking a payment needs `payments:process` and refunding one
`payments:refund`, each at the order's location (or tenant-wide); reading needs
`orders:read` there. The processor settings need `settings:write`. Stripe's webhook carries
no token: its `Stripe-Signature` is checked with the tenant's signing secret."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.commerce.payments import service
from olympus.commerce.payments.components import PaymentComponents
from olympus.commerce.payments.errors import (
    InvalidProcessorSettings,
    InvalidStripeSignature,
    PaymentNotFound,
    StripeWebhookNotConfigured,
)
from olympus.commerce.payments.models import PaymentStatus
from olympus.commerce.payments.schemas import (
    PaymentOut,
    PaymentSettingsOut,
    PaymentSettingsUpdate,
    WebhookAnswer,
)
from olympus.core.dependencies import WriteUoWDep
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep

router = APIRouter(prefix="/api/v1/payments", tags=["payments"])

READ = "orders:read"
PROCESS = "payments:process"
REFUND = "payments:refund"
_AUTH = PERMISSION_ERRORS
Reader = Annotated[Principal, RequirePermission(READ, scoped=True)]
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
    _: SettingsWriter, uow: TenantReadUoWDep, components: ComponentsDep
) -> PaymentSettingsOut:
    return await service.get_settings(uow, box=components.box)


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
) -> PaymentSettingsOut:
    return await service.update_settings(uow, box=components.box, update=body)


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
        "whoever comes first: the webhook or the client's request); other types are "
        "acknowledged and ignored."
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
    return WebhookAnswer()


# --- payments ---------------------------------------------------------------------------------


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
