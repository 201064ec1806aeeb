from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...models.webhook_answer import WebhookAnswer
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant_id: UUID,
    *,
    stripe_signature: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(stripe_signature, Unset):
        headers["Stripe-Signature"] = stripe_signature

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/webhooks/stripe/{tenant_id}".format(
            tenant_id=quote(str(tenant_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | ValidationProblem | WebhookAnswer | None:
    if response.status_code == 200:
        response_200 = WebhookAnswer.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetail.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = ProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ValidationProblem.from_dict(response.json())

        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ProblemDetail | ValidationProblem | WebhookAnswer]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    stripe_signature: None | str | Unset = UNSET,
) -> Response[ProblemDetail | ValidationProblem | WebhookAnswer]:
    """Receive a Stripe webhook event

     For Stripe, not for clients: one endpoint per tenant, so the event is checked with that tenant's
    signing secret. A missing, wrong or older than 5 minutes `Stripe-Signature` is 400
    `invalid_stripe_signature`; a tenant without a webhook secret (or no such tenant) is 404. An event
    id handled before is answered 200 `duplicate: true` and changes nothing. `payment_intent.succeeded`
    and `payment_intent.payment_failed` settle the pending payment of that intent (once, whoever comes
    first: the webhook or the client's request). `refund.created`, `refund.updated` (and
    `charge.refunded` when it lists its refunds) record a refund made in Stripe's dashboard as a refund
    of its payment, once by Stripe's refund id, never above what the payment has left; a refund asked
    here is settled instead. Other types are acknowledged and ignored.

    Args:
        tenant_id (UUID):
        stripe_signature (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ValidationProblem | WebhookAnswer]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        stripe_signature=stripe_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    stripe_signature: None | str | Unset = UNSET,
) -> ProblemDetail | ValidationProblem | WebhookAnswer | None:
    """Receive a Stripe webhook event

     For Stripe, not for clients: one endpoint per tenant, so the event is checked with that tenant's
    signing secret. A missing, wrong or older than 5 minutes `Stripe-Signature` is 400
    `invalid_stripe_signature`; a tenant without a webhook secret (or no such tenant) is 404. An event
    id handled before is answered 200 `duplicate: true` and changes nothing. `payment_intent.succeeded`
    and `payment_intent.payment_failed` settle the pending payment of that intent (once, whoever comes
    first: the webhook or the client's request). `refund.created`, `refund.updated` (and
    `charge.refunded` when it lists its refunds) record a refund made in Stripe's dashboard as a refund
    of its payment, once by Stripe's refund id, never above what the payment has left; a refund asked
    here is settled instead. Other types are acknowledged and ignored.

    Args:
        tenant_id (UUID):
        stripe_signature (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ValidationProblem | WebhookAnswer
    """

    return sync_detailed(
        tenant_id=tenant_id,
        client=client,
        stripe_signature=stripe_signature,
    ).parsed


async def asyncio_detailed(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    stripe_signature: None | str | Unset = UNSET,
) -> Response[ProblemDetail | ValidationProblem | WebhookAnswer]:
    """Receive a Stripe webhook event

     For Stripe, not for clients: one endpoint per tenant, so the event is checked with that tenant's
    signing secret. A missing, wrong or older than 5 minutes `Stripe-Signature` is 400
    `invalid_stripe_signature`; a tenant without a webhook secret (or no such tenant) is 404. An event
    id handled before is answered 200 `duplicate: true` and changes nothing. `payment_intent.succeeded`
    and `payment_intent.payment_failed` settle the pending payment of that intent (once, whoever comes
    first: the webhook or the client's request). `refund.created`, `refund.updated` (and
    `charge.refunded` when it lists its refunds) record a refund made in Stripe's dashboard as a refund
    of its payment, once by Stripe's refund id, never above what the payment has left; a refund asked
    here is settled instead. Other types are acknowledged and ignored.

    Args:
        tenant_id (UUID):
        stripe_signature (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ValidationProblem | WebhookAnswer]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        stripe_signature=stripe_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    stripe_signature: None | str | Unset = UNSET,
) -> ProblemDetail | ValidationProblem | WebhookAnswer | None:
    """Receive a Stripe webhook event

     For Stripe, not for clients: one endpoint per tenant, so the event is checked with that tenant's
    signing secret. A missing, wrong or older than 5 minutes `Stripe-Signature` is 400
    `invalid_stripe_signature`; a tenant without a webhook secret (or no such tenant) is 404. An event
    id handled before is answered 200 `duplicate: true` and changes nothing. `payment_intent.succeeded`
    and `payment_intent.payment_failed` settle the pending payment of that intent (once, whoever comes
    first: the webhook or the client's request). `refund.created`, `refund.updated` (and
    `charge.refunded` when it lists its refunds) record a refund made in Stripe's dashboard as a refund
    of its payment, once by Stripe's refund id, never above what the payment has left; a refund asked
    here is settled instead. Other types are acknowledged and ignored.

    Args:
        tenant_id (UUID):
        stripe_signature (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ValidationProblem | WebhookAnswer
    """

    return (
        await asyncio_detailed(
            tenant_id=tenant_id,
            client=client,
            stripe_signature=stripe_signature,
        )
    ).parsed
