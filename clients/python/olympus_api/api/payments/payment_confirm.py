from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.payment_out import PaymentOut
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    payment_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/payments/{payment_id}/confirm".format(
            payment_id=quote(str(payment_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaymentOut | ProblemDetail | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = PaymentOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetail.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ValidationProblem.from_dict(response.json())

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
) -> Response[PaymentOut | ProblemDetail | ValidationProblem]:
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
) -> Response[PaymentOut | ProblemDetail | ValidationProblem]:
    """Confirm a pending card payment

     The client's word that the customer finished the card's authentication: the processor is asked where
    the charge stands and a pending payment is settled with it. Stripe's webhook may bring the same news
    at the same moment: whichever comes second changes nothing (the order is paid once). A payment
    already decided is answered as it is. Needs `payments:process` at the payment's location.

    Args:
        payment_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
) -> PaymentOut | ProblemDetail | ValidationProblem | None:
    """Confirm a pending card payment

     The client's word that the customer finished the card's authentication: the processor is asked where
    the charge stands and a pending payment is settled with it. Stripe's webhook may bring the same news
    at the same moment: whichever comes second changes nothing (the order is paid once). A payment
    already decided is answered as it is. Needs `payments:process` at the payment's location.

    Args:
        payment_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOut | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        payment_id=payment_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[PaymentOut | ProblemDetail | ValidationProblem]:
    """Confirm a pending card payment

     The client's word that the customer finished the card's authentication: the processor is asked where
    the charge stands and a pending payment is settled with it. Stripe's webhook may bring the same news
    at the same moment: whichever comes second changes nothing (the order is paid once). A payment
    already decided is answered as it is. Needs `payments:process` at the payment's location.

    Args:
        payment_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaymentOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        payment_id=payment_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    payment_id: UUID,
    *,
    client: AuthenticatedClient,
) -> PaymentOut | ProblemDetail | ValidationProblem | None:
    """Confirm a pending card payment

     The client's word that the customer finished the card's authentication: the processor is asked where
    the charge stands and a pending payment is settled with it. Stripe's webhook may bring the same news
    at the same moment: whichever comes second changes nothing (the order is paid once). A payment
    already decided is answered as it is. Needs `payments:process` at the payment's location.

    Args:
        payment_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaymentOut | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            payment_id=payment_id,
            client=client,
        )
    ).parsed
