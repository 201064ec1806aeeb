from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.tenant_out import TenantOut
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    tenant_id: UUID,
    *,
    if_none_match: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["if-none-match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/tenants/{tenant_id}".format(
            tenant_id=quote(str(tenant_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ProblemDetail | TenantOut | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = TenantOut.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

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
) -> Response[Any | ProblemDetail | TenantOut | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | ProblemDetail | TenantOut | ValidationProblem]:
    """Read a tenant (operators; the tenant's owner for their own)

    Args:
        tenant_id (UUID):
        if_none_match (None | str | Unset): Answer 304 with no body when the representation still
            has one of these entity tags

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | TenantOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    if_none_match: None | str | Unset = UNSET,
) -> Any | ProblemDetail | TenantOut | ValidationProblem | None:
    """Read a tenant (operators; the tenant's owner for their own)

    Args:
        tenant_id (UUID):
        if_none_match (None | str | Unset): Answer 304 with no body when the representation still
            has one of these entity tags

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | TenantOut | ValidationProblem
    """

    return sync_detailed(
        tenant_id=tenant_id,
        client=client,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    if_none_match: None | str | Unset = UNSET,
) -> Response[Any | ProblemDetail | TenantOut | ValidationProblem]:
    """Read a tenant (operators; the tenant's owner for their own)

    Args:
        tenant_id (UUID):
        if_none_match (None | str | Unset): Answer 304 with no body when the representation still
            has one of these entity tags

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | TenantOut | ValidationProblem]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    if_none_match: None | str | Unset = UNSET,
) -> Any | ProblemDetail | TenantOut | ValidationProblem | None:
    """Read a tenant (operators; the tenant's owner for their own)

    Args:
        tenant_id (UUID):
        if_none_match (None | str | Unset): Answer 304 with no body when the representation still
            has one of these entity tags

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | TenantOut | ValidationProblem
    """

    return (
        await asyncio_detailed(
            tenant_id=tenant_id,
            client=client,
            if_none_match=if_none_match,
        )
    ).parsed
