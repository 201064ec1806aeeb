import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.order_status import OrderStatus
from ...models.page_order_summary import PageOrderSummary
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | OrderStatus | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, str):
        json_status = status
    else:
        json_status = status
    params["status"] = json_status

    json_location_id: None | str | Unset
    if isinstance(location_id, Unset):
        json_location_id = UNSET
    elif isinstance(location_id, UUID):
        json_location_id = str(location_id)
    else:
        json_location_id = location_id
    params["location_id"] = json_location_id

    json_customer_id: None | str | Unset
    if isinstance(customer_id, Unset):
        json_customer_id = UNSET
    elif isinstance(customer_id, UUID):
        json_customer_id = str(customer_id)
    else:
        json_customer_id = customer_id
    params["customer_id"] = json_customer_id

    json_created_from: None | str | Unset
    if isinstance(created_from, Unset):
        json_created_from = UNSET
    elif isinstance(created_from, datetime.datetime):
        json_created_from = created_from.isoformat()
    else:
        json_created_from = created_from
    params["created_from"] = json_created_from

    json_created_to: None | str | Unset
    if isinstance(created_to, Unset):
        json_created_to = UNSET
    elif isinstance(created_to, datetime.datetime):
        json_created_to = created_to.isoformat()
    else:
        json_created_to = created_to
    params["created_to"] = json_created_to

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
        "url": "/api/v1/orders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageOrderSummary | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageOrderSummary.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

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
) -> Response[PageOrderSummary | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: None | OrderStatus | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageOrderSummary | ProblemDetail]:
    """List orders

     Newest first, at the locations where the caller holds `orders:read`. Filters: `status`,
    `location_id`, `customer_id`, and `created_from` (inclusive) / `created_to` (exclusive).

    Args:
        status (None | OrderStatus | Unset):
        location_id (None | Unset | UUID):
        customer_id (None | Unset | UUID):
        created_from (datetime.datetime | None | Unset): Inclusive
        created_to (datetime.datetime | None | Unset): Exclusive
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrderSummary | ProblemDetail]
    """

    kwargs = _get_kwargs(
        status=status,
        location_id=location_id,
        customer_id=customer_id,
        created_from=created_from,
        created_to=created_to,
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
    status: None | OrderStatus | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageOrderSummary | ProblemDetail | None:
    """List orders

     Newest first, at the locations where the caller holds `orders:read`. Filters: `status`,
    `location_id`, `customer_id`, and `created_from` (inclusive) / `created_to` (exclusive).

    Args:
        status (None | OrderStatus | Unset):
        location_id (None | Unset | UUID):
        customer_id (None | Unset | UUID):
        created_from (datetime.datetime | None | Unset): Inclusive
        created_to (datetime.datetime | None | Unset): Exclusive
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrderSummary | ProblemDetail
    """

    return sync_detailed(
        client=client,
        status=status,
        location_id=location_id,
        customer_id=customer_id,
        created_from=created_from,
        created_to=created_to,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: None | OrderStatus | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageOrderSummary | ProblemDetail]:
    """List orders

     Newest first, at the locations where the caller holds `orders:read`. Filters: `status`,
    `location_id`, `customer_id`, and `created_from` (inclusive) / `created_to` (exclusive).

    Args:
        status (None | OrderStatus | Unset):
        location_id (None | Unset | UUID):
        customer_id (None | Unset | UUID):
        created_from (datetime.datetime | None | Unset): Inclusive
        created_to (datetime.datetime | None | Unset): Exclusive
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageOrderSummary | ProblemDetail]
    """

    kwargs = _get_kwargs(
        status=status,
        location_id=location_id,
        customer_id=customer_id,
        created_from=created_from,
        created_to=created_to,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: None | OrderStatus | Unset = UNSET,
    location_id: None | Unset | UUID = UNSET,
    customer_id: None | Unset | UUID = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageOrderSummary | ProblemDetail | None:
    """List orders

     Newest first, at the locations where the caller holds `orders:read`. Filters: `status`,
    `location_id`, `customer_id`, and `created_from` (inclusive) / `created_to` (exclusive).

    Args:
        status (None | OrderStatus | Unset):
        location_id (None | Unset | UUID):
        customer_id (None | Unset | UUID):
        created_from (datetime.datetime | None | Unset): Inclusive
        created_to (datetime.datetime | None | Unset): Exclusive
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageOrderSummary | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            location_id=location_id,
            customer_id=customer_id,
            created_from=created_from,
            created_to=created_to,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
