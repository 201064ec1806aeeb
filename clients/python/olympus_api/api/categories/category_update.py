from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.category_out import CategoryOut
from ...models.category_update import CategoryUpdate
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    category_id: UUID,
    *,
    body: CategoryUpdate,
    if_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/categories/{category_id}".format(
            category_id=quote(str(category_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CategoryOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = CategoryOut.from_dict(response.json())

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

    if response.status_code == 412:
        response_412 = ProblemDetail.from_dict(response.json())

        return response_412

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
) -> Response[CategoryOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    category_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CategoryUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[CategoryOut | ProblemDetail]:
    """Rename, move or reorder a category

     Only the fields sent change; `parent_id` null moves it to the top level. A new name or parent
    rewrites the path of every category below it. Moving a category under itself or one of its
    descendants answers 409 `category_cycle`.

    Args:
        category_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (CategoryUpdate): Only the fields sent change; `parent_id` null moves the category to
            the top level.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        category_id=category_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    category_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CategoryUpdate,
    if_match: None | str | Unset = UNSET,
) -> CategoryOut | ProblemDetail | None:
    """Rename, move or reorder a category

     Only the fields sent change; `parent_id` null moves it to the top level. A new name or parent
    rewrites the path of every category below it. Moving a category under itself or one of its
    descendants answers 409 `category_cycle`.

    Args:
        category_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (CategoryUpdate): Only the fields sent change; `parent_id` null moves the category to
            the top level.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryOut | ProblemDetail
    """

    return sync_detailed(
        category_id=category_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    category_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CategoryUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[CategoryOut | ProblemDetail]:
    """Rename, move or reorder a category

     Only the fields sent change; `parent_id` null moves it to the top level. A new name or parent
    rewrites the path of every category below it. Moving a category under itself or one of its
    descendants answers 409 `category_cycle`.

    Args:
        category_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (CategoryUpdate): Only the fields sent change; `parent_id` null moves the category to
            the top level.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CategoryOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        category_id=category_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    category_id: UUID,
    *,
    client: AuthenticatedClient,
    body: CategoryUpdate,
    if_match: None | str | Unset = UNSET,
) -> CategoryOut | ProblemDetail | None:
    """Rename, move or reorder a category

     Only the fields sent change; `parent_id` null moves it to the top level. A new name or parent
    rewrites the path of every category below it. Moving a category under itself or one of its
    descendants answers 409 `category_cycle`.

    Args:
        category_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (CategoryUpdate): Only the fields sent change; `parent_id` null moves the category to
            the top level.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CategoryOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            category_id=category_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
