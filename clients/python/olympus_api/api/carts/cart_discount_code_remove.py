from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cart_out import CartOut
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    cart_id: UUID,
    code: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/carts/{cart_id}/discount-codes/{code}".format(
            cart_id=quote(str(cart_id), safe=""),
            code=quote(str(code), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CartOut | ProblemDetail | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = CartOut.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = ProblemDetail.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = ProblemDetail.from_dict(response.json())

        return response_410

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
) -> Response[CartOut | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    cart_id: UUID,
    code: str,
    *,
    client: AuthenticatedClient,
) -> Response[CartOut | ProblemDetail | ValidationProblem]:
    """Remove a discount code

     Matched in any case (404 `discount_code_not_in_cart`).

    Args:
        cart_id (UUID):
        code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        cart_id=cart_id,
        code=code,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    cart_id: UUID,
    code: str,
    *,
    client: AuthenticatedClient,
) -> CartOut | ProblemDetail | ValidationProblem | None:
    """Remove a discount code

     Matched in any case (404 `discount_code_not_in_cart`).

    Args:
        cart_id (UUID):
        code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartOut | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        cart_id=cart_id,
        code=code,
        client=client,
    ).parsed


async def asyncio_detailed(
    cart_id: UUID,
    code: str,
    *,
    client: AuthenticatedClient,
) -> Response[CartOut | ProblemDetail | ValidationProblem]:
    """Remove a discount code

     Matched in any case (404 `discount_code_not_in_cart`).

    Args:
        cart_id (UUID):
        code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        cart_id=cart_id,
        code=code,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    cart_id: UUID,
    code: str,
    *,
    client: AuthenticatedClient,
) -> CartOut | ProblemDetail | ValidationProblem | None:
    """Remove a discount code

     Matched in any case (404 `discount_code_not_in_cart`).

    Args:
        cart_id (UUID):
        code (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartOut | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            cart_id=cart_id,
            code=code,
            client=client,
        )
    ).parsed
