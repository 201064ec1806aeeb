from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_movement_out import PageMovementOut
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    product_id: UUID,
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
        "url": "/api/v1/inventory/{product_id}/movements".format(
            product_id=quote(str(product_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageMovementOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageMovementOut.from_dict(response.json())

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
) -> Response[PageMovementOut | ProblemDetail]:
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
    location_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageMovementOut | ProblemDetail]:
    """A unit's ledger of movements

     Newest first. Every change of stock is a movement, never changed or removed: `on_hand_delta` and
    `reserved_delta` say what it changed, `on_hand_after` and `reserved_after` what the level was after
    it. `location_id` keeps one location's.

    Args:
        product_id (UUID):
        location_id (None | Unset | UUID): At this location
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMovementOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        location_id=location_id,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageMovementOut | ProblemDetail | None:
    """A unit's ledger of movements

     Newest first. Every change of stock is a movement, never changed or removed: `on_hand_delta` and
    `reserved_delta` say what it changed, `on_hand_after` and `reserved_after` what the level was after
    it. `location_id` keeps one location's.

    Args:
        product_id (UUID):
        location_id (None | Unset | UUID): At this location
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMovementOut | ProblemDetail
    """

    return sync_detailed(
        product_id=product_id,
        client=client,
        location_id=location_id,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageMovementOut | ProblemDetail]:
    """A unit's ledger of movements

     Newest first. Every change of stock is a movement, never changed or removed: `on_hand_delta` and
    `reserved_delta` say what it changed, `on_hand_after` and `reserved_after` what the level was after
    it. `location_id` keeps one location's.

    Args:
        product_id (UUID):
        location_id (None | Unset | UUID): At this location
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageMovementOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        product_id=product_id,
        location_id=location_id,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    product_id: UUID,
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageMovementOut | ProblemDetail | None:
    """A unit's ledger of movements

     Newest first. Every change of stock is a movement, never changed or removed: `on_hand_delta` and
    `reserved_delta` say what it changed, `on_hand_after` and `reserved_after` what the level was after
    it. `location_id` keeps one location's.

    Args:
        product_id (UUID):
        location_id (None | Unset | UUID): At this location
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageMovementOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            product_id=product_id,
            client=client,
            location_id=location_id,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
