from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.refund_create import RefundCreate
from ...models.refund_out import RefundOut
from ...types import UNSET, Response, Unset


def _get_kwargs(
    payment_id: UUID,
    *,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/{payment_id}/refund".format(
            payment_id=quote(str(payment_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | RefundOut | None:
    if response.status_code == 201:
        response_201 = RefundOut.from_dict(response.json())

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
) -> Response[ProblemDetail | RefundOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ProblemDetail | RefundOut]:
    """Refund a payment

     `amount` (default: all of the payment not yet refunded), never more than that: 409
    `refund_exceeds_captured`. Only a succeeded payment (409 `payment_not_refundable`) of an order that
    was paid, or cancelled after a payment (409 `invalid_transition`). The order becomes
    `partially_refunded`, or `refunded` once all it was paid is refunded. A refund the processor refuses
    answers 201 with `status: "failed"` and changes nothing else. `Idempotency-Key` as for payments.
    Needs `payments:refund` at the payment's location.

    Args:
        payment_id (UUID):
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (RefundCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | RefundOut]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> ProblemDetail | RefundOut | None:
    """Refund a payment

     `amount` (default: all of the payment not yet refunded), never more than that: 409
    `refund_exceeds_captured`. Only a succeeded payment (409 `payment_not_refundable`) of an order that
    was paid, or cancelled after a payment (409 `invalid_transition`). The order becomes
    `partially_refunded`, or `refunded` once all it was paid is refunded. A refund the processor refuses
    answers 201 with `status: "failed"` and changes nothing else. `Idempotency-Key` as for payments.
    Needs `payments:refund` at the payment's location.

    Args:
        payment_id (UUID):
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (RefundCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | RefundOut
    """

    return sync_detailed(
        payment_id=payment_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ProblemDetail | RefundOut]:
    """Refund a payment

     `amount` (default: all of the payment not yet refunded), never more than that: 409
    `refund_exceeds_captured`. Only a succeeded payment (409 `payment_not_refundable`) of an order that
    was paid, or cancelled after a payment (409 `invalid_transition`). The order becomes
    `partially_refunded`, or `refunded` once all it was paid is refunded. A refund the processor refuses
    answers 201 with `status: "failed"` and changes nothing else. `Idempotency-Key` as for payments.
    Needs `payments:refund` at the payment's location.

    Args:
        payment_id (UUID):
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (RefundCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | RefundOut]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RefundCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> ProblemDetail | RefundOut | None:
    """Refund a payment

     `amount` (default: all of the payment not yet refunded), never more than that: 409
    `refund_exceeds_captured`. Only a succeeded payment (409 `payment_not_refundable`) of an order that
    was paid, or cancelled after a payment (409 `invalid_transition`). The order becomes
    `partially_refunded`, or `refunded` once all it was paid is refunded. A refund the processor refuses
    answers 201 with `status: "failed"` and changes nothing else. `Idempotency-Key` as for payments.
    Needs `payments:refund` at the payment's location.

    Args:
        payment_id (UUID):
        idempotency_key (None | str | Unset): Retry this write safely: the same key with the same
            body replays the first answer; with another body it is refused (422
            `idempotency_conflict`). Kept at least 24 hours.
        body (RefundCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | RefundOut
    """

    return (
        await asyncio_detailed(
            payment_id=payment_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
