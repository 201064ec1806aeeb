from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.customer_out import CustomerOut
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    customer_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/customers/{customer_id}/erase".format(
            customer_id=quote(str(customer_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CustomerOut | ProblemDetail | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = CustomerOut.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CustomerOut | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    customer_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[CustomerOut | ProblemDetail | ValidationProblem]:
    """Erase a customer's personal data

     The right to erasure: the name becomes `Erased customer`; email, phone, addresses, tags, notes and
    the link to a user account are cleared; marketing consent is withdrawn; `erased_at` is set. The row
    and its id stay. Audit rows and events name fields, never their values, so no copy of the erased
    data is left. Idempotent: erasing an erased customer answers 200 with it and records nothing.

    Args:
        customer_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: UUID,
    *,
    client: AuthenticatedClient,
) -> CustomerOut | ProblemDetail | ValidationProblem | None:
    """Erase a customer's personal data

     The right to erasure: the name becomes `Erased customer`; email, phone, addresses, tags, notes and
    the link to a user account are cleared; marketing consent is withdrawn; `erased_at` is set. The row
    and its id stay. Audit rows and events name fields, never their values, so no copy of the erased
    data is left. Idempotent: erasing an erased customer answers 200 with it and records nothing.

    Args:
        customer_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerOut | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        customer_id=customer_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    customer_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[CustomerOut | ProblemDetail | ValidationProblem]:
    """Erase a customer's personal data

     The right to erasure: the name becomes `Erased customer`; email, phone, addresses, tags, notes and
    the link to a user account are cleared; marketing consent is withdrawn; `erased_at` is set. The row
    and its id stay. Audit rows and events name fields, never their values, so no copy of the erased
    data is left. Idempotent: erasing an erased customer answers 200 with it and records nothing.

    Args:
        customer_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CustomerOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: UUID,
    *,
    client: AuthenticatedClient,
) -> CustomerOut | ProblemDetail | ValidationProblem | None:
    """Erase a customer's personal data

     The right to erasure: the name becomes `Erased customer`; email, phone, addresses, tags, notes and
    the link to a user account are cleared; marketing consent is withdrawn; `erased_at` is set. The row
    and its id stay. Audit rows and events name fields, never their values, so no copy of the erased
    data is left. Idempotent: erasing an erased customer answers 200 with it and records nothing.

    Args:
        customer_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CustomerOut | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            client=client,
        )
    ).parsed
