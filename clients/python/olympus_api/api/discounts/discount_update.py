from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.discount_out import DiscountOut
from ...models.discount_update import DiscountUpdate
from ...models.problem_detail import ProblemDetail
from ...types import UNSET, Response, Unset


def _get_kwargs(
    discount_id: UUID,
    *,
    body: DiscountUpdate,
    if_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/discounts/{discount_id}".format(
            discount_id=quote(str(discount_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DiscountOut | ProblemDetail | None:
    if response.status_code == 200:
        response_200 = DiscountOut.from_dict(response.json())

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
) -> Response[DiscountOut | ProblemDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    discount_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DiscountUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[DiscountOut | ProblemDetail]:
    """Change a discount

     Only the fields sent change; the type can't. `code`, `starts_at`, `ends_at`, `usage_limit` and
    `usage_limit_per_customer` may be sent as null to clear them. The discount as it would become is
    checked as a new one (422 `invalid_discount`), and `usage_limit` may not go below `used_count`. An
    archived discount can't be changed (409 `discount_archived`).

    Args:
        discount_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (DiscountUpdate): Only the fields sent change. `code`, `starts_at`, `ends_at`,
            `usage_limit` and
            `usage_limit_per_customer` may be sent as null to clear them; a null anywhere else is
            refused. `product_ids` and `category_ids` replace the whole list. The type can't change
            (create another discount). The `None` defaults are never read: only the fields sent are
            (`changes`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiscountOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        discount_id=discount_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    discount_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DiscountUpdate,
    if_match: None | str | Unset = UNSET,
) -> DiscountOut | ProblemDetail | None:
    """Change a discount

     Only the fields sent change; the type can't. `code`, `starts_at`, `ends_at`, `usage_limit` and
    `usage_limit_per_customer` may be sent as null to clear them. The discount as it would become is
    checked as a new one (422 `invalid_discount`), and `usage_limit` may not go below `used_count`. An
    archived discount can't be changed (409 `discount_archived`).

    Args:
        discount_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (DiscountUpdate): Only the fields sent change. `code`, `starts_at`, `ends_at`,
            `usage_limit` and
            `usage_limit_per_customer` may be sent as null to clear them; a null anywhere else is
            refused. `product_ids` and `category_ids` replace the whole list. The type can't change
            (create another discount). The `None` defaults are never read: only the fields sent are
            (`changes`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiscountOut | ProblemDetail
    """

    return sync_detailed(
        discount_id=discount_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    discount_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DiscountUpdate,
    if_match: None | str | Unset = UNSET,
) -> Response[DiscountOut | ProblemDetail]:
    """Change a discount

     Only the fields sent change; the type can't. `code`, `starts_at`, `ends_at`, `usage_limit` and
    `usage_limit_per_customer` may be sent as null to clear them. The discount as it would become is
    checked as a new one (422 `invalid_discount`), and `usage_limit` may not go below `used_count`. An
    archived discount can't be changed (409 `discount_archived`).

    Args:
        discount_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (DiscountUpdate): Only the fields sent change. `code`, `starts_at`, `ends_at`,
            `usage_limit` and
            `usage_limit_per_customer` may be sent as null to clear them; a null anywhere else is
            refused. `product_ids` and `category_ids` replace the whole list. The type can't change
            (create another discount). The `None` defaults are never read: only the fields sent are
            (`changes`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DiscountOut | ProblemDetail]
    """

    kwargs = _get_kwargs(
        discount_id=discount_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    discount_id: UUID,
    *,
    client: AuthenticatedClient,
    body: DiscountUpdate,
    if_match: None | str | Unset = UNSET,
) -> DiscountOut | ProblemDetail | None:
    """Change a discount

     Only the fields sent change; the type can't. `code`, `starts_at`, `ends_at`, `usage_limit` and
    `usage_limit_per_customer` may be sent as null to clear them. The discount as it would become is
    checked as a new one (422 `invalid_discount`), and `usage_limit` may not go below `used_count`. An
    archived discount can't be changed (409 `discount_archived`).

    Args:
        discount_id (UUID):
        if_match (None | str | Unset): Change only if the resource still has one of these entity
            tags (from its `ETag`); otherwise 412 `precondition_failed`, nothing changed
        body (DiscountUpdate): Only the fields sent change. `code`, `starts_at`, `ends_at`,
            `usage_limit` and
            `usage_limit_per_customer` may be sent as null to clear them; a null anywhere else is
            refused. `product_ids` and `category_ids` replace the whole list. The type can't change
            (create another discount). The `None` defaults are never read: only the fields sent are
            (`changes`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DiscountOut | ProblemDetail
    """

    return (
        await asyncio_detailed(
            discount_id=discount_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
