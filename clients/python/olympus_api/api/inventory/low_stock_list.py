from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_low_stock_out import PageLowStockOut
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    location_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_location_id: None | str | Unset
    if isinstance(location_id, Unset):
        json_location_id = UNSET
    elif isinstance(location_id, UUID):
        json_location_id = str(location_id)
    else:
        json_location_id = location_id
    params["location_id"] = json_location_id

    params["limit"] = limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/inventory/low-stock",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageLowStockOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageLowStockOut.from_dict(response.json())

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
) -> Response[PageLowStockOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageLowStockOut | ProblemDetail]:
    """Units running low

     Every level whose available stock (on hand less reserved) is at or below its low-stock threshold,
    ordered by unit then location; levels without a threshold never appear. `location_id` keeps one
    location's. A caller holding `inventory:read` only at some locations sees those locations' levels.

    Args:
        location_id (None | Unset | UUID): At this location
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageLowStockOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        location_id=location_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageLowStockOut | ProblemDetail | None:
    """Units running low

     Every level whose available stock (on hand less reserved) is at or below its low-stock threshold,
    ordered by unit then location; levels without a threshold never appear. `location_id` keeps one
    location's. A caller holding `inventory:read` only at some locations sees those locations' levels.

    Args:
        location_id (None | Unset | UUID): At this location
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageLowStockOut | ProblemDetail
    """

    return sync_detailed(
        client=client,
        location_id=location_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageLowStockOut | ProblemDetail]:
    """Units running low

     Every level whose available stock (on hand less reserved) is at or below its low-stock threshold,
    ordered by unit then location; levels without a threshold never appear. `location_id` keeps one
    location's. A caller holding `inventory:read` only at some locations sees those locations' levels.

    Args:
        location_id (None | Unset | UUID): At this location
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageLowStockOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        location_id=location_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageLowStockOut | ProblemDetail | None:
    """Units running low

     Every level whose available stock (on hand less reserved) is at or below its low-stock threshold,
    ordered by unit then location; levels without a threshold never appear. `location_id` keeps one
    location's. A caller holding `inventory:read` only at some locations sees those locations' levels.

    Args:
        location_id (None | Unset | UUID): At this location
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageLowStockOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            location_id=location_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
