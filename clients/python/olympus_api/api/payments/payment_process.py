from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payment_create import PaymentCreate
from ...models.payment_out import PaymentOut
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/process",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaymentOut | ProblemDetail | None:
    if response.status_code == 201:
        response_201 = PaymentOut.from_dict(response.json())

        return response_201

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ProblemDetail.from_dict(response.json())

        return response_409

    if response.status_code == 415:
        response_415 = ProblemDetail.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ProblemDetail.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = ProblemDetail.from_dict(response.json())

        return response_429

    if response.status_code == 503:
        response_503 = ProblemDetail.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaymentOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[PaymentOut | ProblemDetail]:
    """Take a payment for an order

     `method` is `{type: "card", token}` (sent to the tenant's processor) or `{type: "cash", tendered?}`
    (`change_due` = tendered - amount). A declined card is recorded too: 201 with `status: "failed"` and
    its `failure_code`. Split payments: several payments may pay one order; the order becomes `paid`
    when the succeeded ones cover its total. More than the order still owes (counting card payments in
    flight) is 409 `payment_exceeds_balance`; an order that is not `pending` is 409
    `invalid_transition`. With Stripe, a payment that waits for the customer (3-D Secure) answers
    `pending`: `POST /payments/{id}/confirm` or Stripe's webhook settles it, once. `Idempotency-Key`: a
    retry replays the first answer; the same key with another body is 422 `idempotency_conflict`; while
    the first request runs, 409 `idempotency_in_progress`. Needs `payments:process` at the order's
    location.

    Args:
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (PaymentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> PaymentOut | ProblemDetail | None:
    """Take a payment for an order

     `method` is `{type: "card", token}` (sent to the tenant's processor) or `{type: "cash", tendered?}`
    (`change_due` = tendered - amount). A declined card is recorded too: 201 with `status: "failed"` and
    its `failure_code`. Split payments: several payments may pay one order; the order becomes `paid`
    when the succeeded ones cover its total. More than the order still owes (counting card payments in
    flight) is 409 `payment_exceeds_balance`; an order that is not `pending` is 409
    `invalid_transition`. With Stripe, a payment that waits for the customer (3-D Secure) answers
    `pending`: `POST /payments/{id}/confirm` or Stripe's webhook settles it, once. `Idempotency-Key`: a
    retry replays the first answer; the same key with another body is 422 `idempotency_conflict`; while
    the first request runs, 409 `idempotency_in_progress`. Needs `payments:process` at the order's
    location.

    Args:
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (PaymentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOut | ProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[PaymentOut | ProblemDetail]:
    """Take a payment for an order

     `method` is `{type: "card", token}` (sent to the tenant's processor) or `{type: "cash", tendered?}`
    (`change_due` = tendered - amount). A declined card is recorded too: 201 with `status: "failed"` and
    its `failure_code`. Split payments: several payments may pay one order; the order becomes `paid`
    when the succeeded ones cover its total. More than the order still owes (counting card payments in
    flight) is 409 `payment_exceeds_balance`; an order that is not `pending` is 409
    `invalid_transition`. With Stripe, a payment that waits for the customer (3-D Secure) answers
    `pending`: `POST /payments/{id}/confirm` or Stripe's webhook settles it, once. `Idempotency-Key`: a
    retry replays the first answer; the same key with another body is 422 `idempotency_conflict`; while
    the first request runs, 409 `idempotency_in_progress`. Needs `payments:process` at the order's
    location.

    Args:
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (PaymentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: PaymentCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> PaymentOut | ProblemDetail | None:
    """Take a payment for an order

     `method` is `{type: "card", token}` (sent to the tenant's processor) or `{type: "cash", tendered?}`
    (`change_due` = tendered - amount). A declined card is recorded too: 201 with `status: "failed"` and
    its `failure_code`. Split payments: several payments may pay one order; the order becomes `paid`
    when the succeeded ones cover its total. More than the order still owes (counting card payments in
    flight) is 409 `payment_exceeds_balance`; an order that is not `pending` is 409
    `invalid_transition`. With Stripe, a payment that waits for the customer (3-D Secure) answers
    `pending`: `POST /payments/{id}/confirm` or Stripe's webhook settles it, once. `Idempotency-Key`: a
    retry replays the first answer; the same key with another body is 422 `idempotency_conflict`; while
    the first request runs, 409 `idempotency_in_progress`. Needs `payments:process` at the order's
    location.

    Args:
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (PaymentCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
