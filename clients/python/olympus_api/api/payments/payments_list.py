from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_payment_out import PagePaymentOut
from ...models.payment_status import PaymentStatus
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    order_id: None | Unset | UUID = UNSET,
    status: None | PaymentStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_order_id: None | str | Unset
    if isinstance(order_id, Unset):
        json_order_id = UNSET
    elif isinstance(order_id, UUID):
        json_order_id = str(order_id)
    else:
        json_order_id = order_id
    params["order_id"] = json_order_id

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, str):
        json_status = status
    else:
        json_status = status
    params["status"] = json_status

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
        "url": "/api/v1/payments",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PagePaymentOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PagePaymentOut.from_dict(response.json())

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
) -> Response[PagePaymentOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    order_id: None | Unset | UUID = UNSET,
    status: None | PaymentStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PagePaymentOut | ProblemDetail]:
    """List payments

     Oldest first, failed ones too. `order_id` keeps one order's payments; `status` keeps `pending`,
    `succeeded` or `failed` ones. A caller holding `orders:read` at some locations sees the payments
    taken there.

    Args:
        order_id (None | Unset | UUID): One order's payments
        status (None | PaymentStatus | Unset):
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePaymentOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        status=status,
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
    order_id: None | Unset | UUID = UNSET,
    status: None | PaymentStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PagePaymentOut | ProblemDetail | None:
    """List payments

     Oldest first, failed ones too. `order_id` keeps one order's payments; `status` keeps `pending`,
    `succeeded` or `failed` ones. A caller holding `orders:read` at some locations sees the payments
    taken there.

    Args:
        order_id (None | Unset | UUID): One order's payments
        status (None | PaymentStatus | Unset):
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePaymentOut | ProblemDetail
    """

    return sync_detailed(
        client=client,
        order_id=order_id,
        status=status,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    order_id: None | Unset | UUID = UNSET,
    status: None | PaymentStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PagePaymentOut | ProblemDetail]:
    """List payments

     Oldest first, failed ones too. `order_id` keeps one order's payments; `status` keeps `pending`,
    `succeeded` or `failed` ones. A caller holding `orders:read` at some locations sees the payments
    taken there.

    Args:
        order_id (None | Unset | UUID): One order's payments
        status (None | PaymentStatus | Unset):
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePaymentOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        order_id=order_id,
        status=status,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    order_id: None | Unset | UUID = UNSET,
    status: None | PaymentStatus | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PagePaymentOut | ProblemDetail | None:
    """List payments

     Oldest first, failed ones too. `order_id` keeps one order's payments; `status` keeps `pending`,
    `succeeded` or `failed` ones. A caller holding `orders:read` at some locations sees the payments
    taken there.

    Args:
        order_id (None | Unset | UUID): One order's payments
        status (None | PaymentStatus | Unset):
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePaymentOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            order_id=order_id,
            status=status,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
