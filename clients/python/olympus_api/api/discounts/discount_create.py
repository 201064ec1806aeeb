from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.discount_create import DiscountCreate
from ...models.discount_out import DiscountOut
from ...models.problem_detail import ProblemDetail
from ...types import Response


def _get_kwargs(
    *,
    body: DiscountCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/discounts",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DiscountOut | ProblemDetail | None:
    if response.status_code == 201:
        response_201 = DiscountOut.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[DiscountOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: DiscountCreate,
) -> Response[DiscountOut | ProblemDetail]:
    """Create a discount

     A discount has a `code` (matched in any case, unique in the tenant in any case: 409
    `discount_code_taken`) or is `automatic` (no code; it applies to every cart it fits); both or
    neither is 422 `invalid_discount`. `percentage`: `value` per cent off (0-100, two decimals);
    `fixed`: `value` minor units off; `buy_x_get_y`: in every group of `buy_quantity` + `get_quantity`
    eligible units, the cheapest `get_quantity` are `value` per cent off (100 = free). `ends_at` must be
    after `starts_at`. `product_ids` and `category_ids` must be the tenant's (404).

    Args:
        body (DiscountCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiscountOut | ProblemDetail]
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
    body: DiscountCreate,
) -> DiscountOut | ProblemDetail | None:
    """Create a discount

     A discount has a `code` (matched in any case, unique in the tenant in any case: 409
    `discount_code_taken`) or is `automatic` (no code; it applies to every cart it fits); both or
    neither is 422 `invalid_discount`. `percentage`: `value` per cent off (0-100, two decimals);
    `fixed`: `value` minor units off; `buy_x_get_y`: in every group of `buy_quantity` + `get_quantity`
    eligible units, the cheapest `get_quantity` are `value` per cent off (100 = free). `ends_at` must be
    after `starts_at`. `product_ids` and `category_ids` must be the tenant's (404).

    Args:
        body (DiscountCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiscountOut | ProblemDetail
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: DiscountCreate,
) -> Response[DiscountOut | ProblemDetail]:
    """Create a discount

     A discount has a `code` (matched in any case, unique in the tenant in any case: 409
    `discount_code_taken`) or is `automatic` (no code; it applies to every cart it fits); both or
    neither is 422 `invalid_discount`. `percentage`: `value` per cent off (0-100, two decimals);
    `fixed`: `value` minor units off; `buy_x_get_y`: in every group of `buy_quantity` + `get_quantity`
    eligible units, the cheapest `get_quantity` are `value` per cent off (100 = free). `ends_at` must be
    after `starts_at`. `product_ids` and `category_ids` must be the tenant's (404).

    Args:
        body (DiscountCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiscountOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: DiscountCreate,
) -> DiscountOut | ProblemDetail | None:
    """Create a discount

     A discount has a `code` (matched in any case, unique in the tenant in any case: 409
    `discount_code_taken`) or is `automatic` (no code; it applies to every cart it fits); both or
    neither is 422 `invalid_discount`. `percentage`: `value` per cent off (0-100, two decimals);
    `fixed`: `value` minor units off; `buy_x_get_y`: in every group of `buy_quantity` + `get_quantity`
    eligible units, the cheapest `get_quantity` are `value` per cent off (100 = free). `ends_at` must be
    after `starts_at`. `product_ids` and `category_ids` must be the tenant's (404).

    Args:
        body (DiscountCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiscountOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
