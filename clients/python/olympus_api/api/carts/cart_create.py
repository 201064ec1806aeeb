from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cart_create import CartCreate
from ...models.cart_out import CartOut
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    *,
    body: CartCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/carts",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CartOut | ProblemDetail | ValidationProblem | None:
    if response.status_code == 201:
        response_201 = CartOut.from_dict(response.json())

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
    *,
    client: AuthenticatedClient,
    body: CartCreate,
) -> Response[CartOut | ProblemDetail | ValidationProblem]:
    """Open a cart

     An empty cart at an active location (404 `location_not_found`, 409 `location_archived`), for a
    customer of the tenant if given (404 `customer_not_found`, 409 `customer_erased`). `channel` is
    `pos` (a till) or `online`; the order made at checkout keeps it. Needs `orders:write` at the
    location. The cart expires when left unchanged for `CART_IDLE_MINUTES` (see `expires_at`).

    Args:
        body (CartCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: CartCreate,
) -> CartOut | ProblemDetail | ValidationProblem | None:
    """Open a cart

     An empty cart at an active location (404 `location_not_found`, 409 `location_archived`), for a
    customer of the tenant if given (404 `customer_not_found`, 409 `customer_erased`). `channel` is
    `pos` (a till) or `online`; the order made at checkout keeps it. Needs `orders:write` at the
    location. The cart expires when left unchanged for `CART_IDLE_MINUTES` (see `expires_at`).

    Args:
        body (CartCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartOut | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CartCreate,
) -> Response[CartOut | ProblemDetail | ValidationProblem]:
    """Open a cart

     An empty cart at an active location (404 `location_not_found`, 409 `location_archived`), for a
    customer of the tenant if given (404 `customer_not_found`, 409 `customer_erased`). `channel` is
    `pos` (a till) or `online`; the order made at checkout keeps it. Needs `orders:write` at the
    location. The cart expires when left unchanged for `CART_IDLE_MINUTES` (see `expires_at`).

    Args:
        body (CartCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CartOut | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CartCreate,
) -> CartOut | ProblemDetail | ValidationProblem | None:
    """Open a cart

     An empty cart at an active location (404 `location_not_found`, 409 `location_archived`), for a
    customer of the tenant if given (404 `customer_not_found`, 409 `customer_erased`). `channel` is
    `pos` (a till) or `online`; the order made at checkout keeps it. Needs `orders:write` at the
    location. The cart expires when left unchanged for `CART_IDLE_MINUTES` (see `expires_at`).

    Args:
        body (CartCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CartOut | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
