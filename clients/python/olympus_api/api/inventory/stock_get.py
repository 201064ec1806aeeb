from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.stock_out import StockOut
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    product_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/inventory/{product_id}".format(
            product_id=quote(str(product_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | StockOut | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = StockOut.from_dict(response.json())

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
) -> Response[ProblemDetail | StockOut | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetail | StockOut | ValidationProblem]:
    """Read a unit's stock

     `product_id` is a sellable unit: a plain product or a variant (a product with variants answers 409
    `product_not_sellable`: ask for each variant). Totals and one entry per location that has (or had)
    stock of it; a caller holding `inventory:read` only at some locations sees those locations, and
    totals over them.

    Args:
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | StockOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> ProblemDetail | StockOut | ValidationProblem | None:
    """Read a unit's stock

     `product_id` is a sellable unit: a plain product or a variant (a product with variants answers 409
    `product_not_sellable`: ask for each variant). Totals and one entry per location that has (or had)
    stock of it; a caller holding `inventory:read` only at some locations sees those locations, and
    totals over them.

    Args:
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | StockOut | ValidationProblem
    """

    return sync_detailed(
        product_id=product_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ProblemDetail | StockOut | ValidationProblem]:
    """Read a unit's stock

     `product_id` is a sellable unit: a plain product or a variant (a product with variants answers 409
    `product_not_sellable`: ask for each variant). Totals and one entry per location that has (or had)
    stock of it; a caller holding `inventory:read` only at some locations sees those locations, and
    totals over them.

    Args:
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | StockOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
) -> ProblemDetail | StockOut | ValidationProblem | None:
    """Read a unit's stock

     `product_id` is a sellable unit: a plain product or a variant (a product with variants answers 409
    `product_not_sellable`: ask for each variant). Totals and one entry per location that has (or had)
    stock of it; a caller holding `inventory:read` only at some locations sees those locations, and
    totals over them.

    Args:
        product_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | StockOut | ValidationProblem
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            client=client,
        )
    ).parsed
