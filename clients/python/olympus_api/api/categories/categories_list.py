from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.page_category_out import PageCategoryOut
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    parent_id: None | Unset | UUID = UNSET,
    top_level: bool | Unset = False,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_parent_id: None | str | Unset
    if isinstance(parent_id, Unset):
        json_parent_id = UNSET
    elif isinstance(parent_id, UUID):
        json_parent_id = str(parent_id)
    else:
        json_parent_id = parent_id
    params["parent_id"] = json_parent_id

    params["top_level"] = top_level

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

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
        "url": "/api/v1/categories",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageCategoryOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = PageCategoryOut.from_dict(response.json())

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
) -> Response[PageCategoryOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    parent_id: None | Unset | UUID = UNSET,
    top_level: bool | Unset = False,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageCategoryOut | ProblemDetail]:
    """List categories

     By path, so each category comes right before the ones below it. `parent_id` lists the children of
    one category, `top_level=true` the categories with no parent; `q` looks for a case-insensitive part
    of the name.

    Args:
        parent_id (None | Unset | UUID): Its children only
        top_level (bool | Unset): Only categories without a parent Default: False.
        q (None | str | Unset): Part of the name
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCategoryOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        parent_id=parent_id,
        top_level=top_level,
        q=q,
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
    parent_id: None | Unset | UUID = UNSET,
    top_level: bool | Unset = False,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageCategoryOut | ProblemDetail | None:
    """List categories

     By path, so each category comes right before the ones below it. `parent_id` lists the children of
    one category, `top_level=true` the categories with no parent; `q` looks for a case-insensitive part
    of the name.

    Args:
        parent_id (None | Unset | UUID): Its children only
        top_level (bool | Unset): Only categories without a parent Default: False.
        q (None | str | Unset): Part of the name
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCategoryOut | ProblemDetail
    """

    return sync_detailed(
        client=client,
        parent_id=parent_id,
        top_level=top_level,
        q=q,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    parent_id: None | Unset | UUID = UNSET,
    top_level: bool | Unset = False,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[PageCategoryOut | ProblemDetail]:
    """List categories

     By path, so each category comes right before the ones below it. `parent_id` lists the children of
    one category, `top_level=true` the categories with no parent; `q` looks for a case-insensitive part
    of the name.

    Args:
        parent_id (None | Unset | UUID): Its children only
        top_level (bool | Unset): Only categories without a parent Default: False.
        q (None | str | Unset): Part of the name
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageCategoryOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        parent_id=parent_id,
        top_level=top_level,
        q=q,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    parent_id: None | Unset | UUID = UNSET,
    top_level: bool | Unset = False,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> PageCategoryOut | ProblemDetail | None:
    """List categories

     By path, so each category comes right before the ones below it. `parent_id` lists the children of
    one category, `top_level=true` the categories with no parent; `q` looks for a case-insensitive part
    of the name.

    Args:
        parent_id (None | Unset | UUID): Its children only
        top_level (bool | Unset): Only categories without a parent Default: False.
        q (None | str | Unset): Part of the name
        limit (int | Unset): How many items at most (1-200). Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageCategoryOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            client=client,
            parent_id=parent_id,
            top_level=top_level,
            q=q,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
