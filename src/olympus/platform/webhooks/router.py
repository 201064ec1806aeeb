"""HTTP endpoints of webhooks; every one needs `webhooks:manage`."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from olympus.auth.dependencies import (
    PERMISSION_ERRORS,
    Principal,
    RequirePermission,
    TenantReadUoWDep,
    TenantWriteUoWDep,
)
from olympus.core.cache import Cache
from olympus.core.conditional import IfMatchDep, IfNoneMatchDep
from olympus.core.db import ReadUnitOfWork
from olympus.core.errors import responses
from olympus.core.pagination import InvalidCursor, Page, PageParamsDep
from olympus.core.sealing import SecretBox
from olympus.platform.webhooks import service
from olympus.platform.webhooks.errors import (
    DeliveryNotFound,
    WebhookInactive,
    WebhookNotFound,
    WebhookUrlRefused,
)
from olympus.platform.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from olympus.platform.webhooks.schemas import (
    DeliveryOut,
    WebhookCreate,
    WebhookOut,
    WebhookUpdate,
    WebhookWithSecret,
)

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])

MANAGE = "webhooks:manage"
_AUTH = PERMISSION_ERRORS

Manager = Annotated[Principal, RequirePermission(MANAGE)]


def _allow_private(request: Request) -> bool:
    return bool(request.app.state.settings.webhook_allow_private_networks)


AllowPrivate = Annotated[bool, Depends(_allow_private)]


def _cache(request: Request) -> Cache:
    cache: Cache = request.app.state.cache
    return cache


# The app's cache, where the relay remembers which tenants have no webhook.
CacheDep = Annotated[Cache, Depends(_cache)]


def _box(request: Request) -> SecretBox:
    box: SecretBox = request.app.state.webhook_secrets
    return box


# Seals the signing secrets for storage (`service.secret_box`).
BoxDep = Annotated[SecretBox, Depends(_box)]

_STORED = [f for f in WebhookOut.model_fields if f != "needs_secret_rotation"]


def _out(webhook: Webhook, box: SecretBox) -> WebhookOut:
    fields = {f: getattr(webhook, f) for f in _STORED}
    return WebhookOut.model_validate(
        {**fields, "needs_secret_rotation": service.needs_secret_rotation(webhook, box)}
    )


def _with_secret(webhook: Webhook, box: SecretBox, secret: str) -> WebhookWithSecret:
    return WebhookWithSecret.model_validate({**_out(webhook, box).model_dump(), "secret": secret})


def _delivery(delivery: WebhookDelivery) -> DeliveryOut:
    return DeliveryOut.model_validate(delivery, from_attributes=True)


@router.get(
    "",
    response_model=Page[WebhookOut],
    summary="List webhooks",
    description="In creation order. Secrets are never listed.",
    responses=responses(*_AUTH, InvalidCursor),
)
async def list_webhooks(
    _: Manager, uow: TenantReadUoWDep, page: PageParamsDep, box: BoxDep
) -> Page[WebhookOut]:
    rows, cursor = await service.list_webhooks(uow, page=page)
    return Page[WebhookOut](items=[_out(r, box) for r in rows], next_cursor=cursor)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=WebhookWithSecret,
    summary="Create a webhook",
    description=(
        "Each event of the tenant whose type matches one of `events` is POSTed to `url` as "
        "its JSON envelope, signed with the `secret` returned here, and only here (see "
        "`rotate-secret`). The URL must be `https` and resolve only to public addresses "
        "(422 `webhook_url_refused`)."
    ),
    responses=responses(*_AUTH, WebhookUrlRefused),
)
async def create_webhook(
    body: WebhookCreate,
    _: Manager,
    uow: TenantWriteUoWDep,
    allow_private: AllowPrivate,
    cache: CacheDep,
    box: BoxDep,
) -> WebhookWithSecret:
    webhook, secret = await service.create_webhook(
        uow,
        box=box,
        url=body.url,
        events=body.events,
        description=body.description,
        active=body.active,
        allow_private=allow_private,
        cache=cache,
    )
    return _with_secret(webhook, box, secret)


@router.get(
    "/{webhook_id}",
    response_model=WebhookOut,
    summary="Read a webhook",
    description="Without its secret.",
    responses=responses(*_AUTH, WebhookNotFound),
)
async def get_webhook(
    webhook_id: uuid.UUID, _: Manager, uow: TenantReadUoWDep, etag: IfNoneMatchDep, box: BoxDep
) -> WebhookOut:
    return etag.tag(await _as_is(uow, webhook_id, box))


async def _as_is(uow: ReadUnitOfWork, webhook_id: uuid.UUID, box: SecretBox) -> WebhookOut:
    return _out(await service.get_webhook(uow, webhook_id), box)


@router.patch(
    "/{webhook_id}",
    response_model=WebhookOut,
    summary="Change a webhook",
    description=(
        "Only the fields sent change (null is refused). `active: true` resumes a webhook "
        "that was disabled for failing, with its failure count reset; deliveries that "
        "waited meanwhile are sent then."
    ),
    responses=responses(*_AUTH, WebhookNotFound, WebhookUrlRefused),
)
async def update_webhook(
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    _: Manager,
    uow: TenantWriteUoWDep,
    allow_private: AllowPrivate,
    etag: IfMatchDep,
    cache: CacheDep,
    box: BoxDep,
) -> WebhookOut:
    await etag.check(
        uow, Webhook, Webhook.id == webhook_id, current=lambda: _as_is(uow, webhook_id, box)
    )
    webhook = await service.update_webhook(
        uow, webhook_id, changes=body.changes(), allow_private=allow_private, cache=cache
    )
    return etag.tag(_out(webhook, box))


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a webhook",
    description="With its delivery log; deliveries not yet sent are dropped.",
    responses=responses(*_AUTH, WebhookNotFound),
)
async def delete_webhook(
    webhook_id: uuid.UUID,
    _: Manager,
    uow: TenantWriteUoWDep,
    etag: IfMatchDep,
    cache: CacheDep,
    box: BoxDep,
) -> Response:
    await etag.check(
        uow, Webhook, Webhook.id == webhook_id, current=lambda: _as_is(uow, webhook_id, box)
    )
    await service.delete_webhook(uow, webhook_id, cache=cache)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{webhook_id}/rotate-secret",
    response_model=WebhookWithSecret,
    summary="Replace a webhook's secret",
    description=(
        "The new secret, shown only in this answer, signs every attempt from now on "
        "(deliveries already queued included); the old one stops at once. The way back for "
        "a webhook with `needs_secret_rotation` (the service's key changed)."
    ),
    responses=responses(*_AUTH, WebhookNotFound),
)
async def rotate_secret(
    webhook_id: uuid.UUID, _: Manager, uow: TenantWriteUoWDep, box: BoxDep
) -> WebhookWithSecret:
    webhook, secret = await service.rotate_secret(uow, webhook_id, box=box)
    return _with_secret(webhook, box, secret)


@router.get(
    "/{webhook_id}/deliveries",
    response_model=Page[DeliveryOut],
    summary="A webhook's delivery log",
    description=(
        "Newest first: each delivery's status (`pending`, `succeeded`, `failed`), attempts, "
        "and the receiver's last answer and its time."
    ),
    responses=responses(*_AUTH, WebhookNotFound, InvalidCursor),
)
async def list_deliveries(
    webhook_id: uuid.UUID,
    _: Manager,
    uow: TenantReadUoWDep,
    page: PageParamsDep,
    status_: Annotated[DeliveryStatus | None, Query(alias="status")] = None,
) -> Page[DeliveryOut]:
    rows, cursor = await service.list_deliveries(uow, webhook_id, page=page, status=status_)
    return Page[DeliveryOut](items=[_delivery(r) for r in rows], next_cursor=cursor)


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryOut,
    summary="Send a delivery again",
    description=(
        "Whatever its state: it is pending again, due now, with a fresh retry window. "
        "An inactive webhook answers 409 `webhook_inactive`."
    ),
    responses=responses(*_AUTH, WebhookNotFound, DeliveryNotFound, WebhookInactive),
)
async def redeliver(
    webhook_id: uuid.UUID, delivery_id: uuid.UUID, _: Manager, uow: TenantWriteUoWDep
) -> DeliveryOut:
    return _delivery(await service.redeliver(uow, webhook_id, delivery_id))


@router.post(
    "/{webhook_id}/ping",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DeliveryOut,
    summary="Send a test event",
    description=(
        "Queues a `webhook.ping` event (data: `{webhook_id}`) for this webhook only; its "
        "delivery, in the log, shows the receiver's answer. An inactive webhook answers "
        "409 `webhook_inactive`."
    ),
    responses=responses(*_AUTH, WebhookNotFound, WebhookInactive),
)
async def ping(webhook_id: uuid.UUID, _: Manager, uow: TenantWriteUoWDep) -> DeliveryOut:
    return _delivery(await service.ping(uow, webhook_id))
