import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.discount_status import DiscountStatus
from ...models.page_discount_out import PageDiscountOut
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    automatic: bool | None | Unset = UNSET,
    status: DiscountStatus | None | Unset = UNSET,
    active_at: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_automatic: bool | None | Unset
    if isinstance(automatic, Unset):
        json_automatic = UNSET
    else:
        json_automatic = automatic
    params["automatic"] = json_automatic

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, str):
        json_status = status
    else:
        json_status = status
    params["status"] = json_status

    json_active_at: None | str | Unset
    if isinstance(active_at, Unset):
        json_active_at = UNSET
    elif isinstance(active_at, datetime.datetime):
        json_active_at = active_at.isoformat()
    else:
        json_active_at = active_at
    params["active_at"] = json_active_at

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
        "url": "/api/v1/discounts",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageDiscountOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageDiscountOut.from_dict(response.json())

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
) -> Response[PageDiscountOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    automatic: bool | None | Unset = UNSET,
    status: DiscountStatus | None | Unset = UNSET,
    active_at: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDiscountOut | ProblemDetail]:
    """List discounts

     In creation order. `q` looks for a case-insensitive part of the code or the name; `automatic` keeps
    the automatic discounts (or those with a code); `status` keeps `active` or `archived` ones;
    `active_at` keeps those not archived whose window holds that moment (they may still be used up: see
    `used_count`).

    Args:
        q (None | str | Unset): In code or name
        automatic (bool | None | Unset): Automatic ones, or coded ones
        status (DiscountStatus | None | Unset): `active` or `archived`
        active_at (datetime.datetime | None | Unset): Those that apply at this moment
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDiscountOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        q=q,
        automatic=automatic,
        status=status,
        active_at=active_at,
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
    q: None | str | Unset = UNSET,
    automatic: bool | None | Unset = UNSET,
    status: DiscountStatus | None | Unset = UNSET,
    active_at: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDiscountOut | ProblemDetail | None:
    """List discounts

     In creation order. `q` looks for a case-insensitive part of the code or the name; `automatic` keeps
    the automatic discounts (or those with a code); `status` keeps `active` or `archived` ones;
    `active_at` keeps those not archived whose window holds that moment (they may still be used up: see
    `used_count`).

    Args:
        q (None | str | Unset): In code or name
        automatic (bool | None | Unset): Automatic ones, or coded ones
        status (DiscountStatus | None | Unset): `active` or `archived`
        active_at (datetime.datetime | None | Unset): Those that apply at this moment
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDiscountOut | ProblemDetail
    """

    return sync_detailed(
        client=client,
        q=q,
        automatic=automatic,
        status=status,
        active_at=active_at,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    automatic: bool | None | Unset = UNSET,
    status: DiscountStatus | None | Unset = UNSET,
    active_at: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageDiscountOut | ProblemDetail]:
    """List discounts

     In creation order. `q` looks for a case-insensitive part of the code or the name; `automatic` keeps
    the automatic discounts (or those with a code); `status` keeps `active` or `archived` ones;
    `active_at` keeps those not archived whose window holds that moment (they may still be used up: see
    `used_count`).

    Args:
        q (None | str | Unset): In code or name
        automatic (bool | None | Unset): Automatic ones, or coded ones
        status (DiscountStatus | None | Unset): `active` or `archived`
        active_at (datetime.datetime | None | Unset): Those that apply at this moment
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageDiscountOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        q=q,
        automatic=automatic,
        status=status,
        active_at=active_at,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: None | str | Unset = UNSET,
    automatic: bool | None | Unset = UNSET,
    status: DiscountStatus | None | Unset = UNSET,
    active_at: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageDiscountOut | ProblemDetail | None:
    """List discounts

     In creation order. `q` looks for a case-insensitive part of the code or the name; `automatic` keeps
    the automatic discounts (or those with a code); `status` keeps `active` or `archived` ones;
    `active_at` keeps those not archived whose window holds that moment (they may still be used up: see
    `used_count`).

    Args:
        q (None | str | Unset): In code or name
        automatic (bool | None | Unset): Automatic ones, or coded ones
        status (DiscountStatus | None | Unset): `active` or `archived`
        active_at (datetime.datetime | None | Unset): Those that apply at this moment
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageDiscountOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            automatic=automatic,
            status=status,
            active_at=active_at,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
