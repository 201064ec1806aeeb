from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.rate_limit_overrides import RateLimitOverrides
from ...models.tenant_rate_limits import TenantRateLimits
from ...models.validation_problem import ValidationProblem
from ...types import Response


def _get_kwargs(
    tenant_id: UUID,
    *,
    body: RateLimitOverrides,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/tenants/{tenant_id}/rate-limits".format(
            tenant_id=quote(str(tenant_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | TenantRateLimits | ValidationProblem | None:
    if response.status_code == 200:
        response_200 = TenantRateLimits.from_dict(response.json())

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

    if response.status_code == 415:
        response_415 = ProblemDetail.from_dict(response.json())

        return response_415

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
) -> Response[ProblemDetail | TenantRateLimits | ValidationProblem]:
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
    body: RateLimitOverrides,
) -> Response[ProblemDetail | TenantRateLimits | ValidationProblem]:
    """Set a tenant's fair-use quotas (platform operators)

     Both quotas are given; `null` returns one to the service's default. Takes effect within a few
    minutes on every replica (the quotas are cached for 5 minutes, and dropped from the cache at once on
    this change). Audited in the operator's tenant.

    Args:
        tenant_id (UUID):
        body (RateLimitOverrides): A tenant's own fair-use quotas, requests per window
            (`RATE_LIMIT_WINDOW_SECONDS`);
            `null` follows the service's default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TenantRateLimits | ValidationProblem]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RateLimitOverrides,
) -> ProblemDetail | TenantRateLimits | ValidationProblem | None:
    """Set a tenant's fair-use quotas (platform operators)

     Both quotas are given; `null` returns one to the service's default. Takes effect within a few
    minutes on every replica (the quotas are cached for 5 minutes, and dropped from the cache at once on
    this change). Audited in the operator's tenant.

    Args:
        tenant_id (UUID):
        body (RateLimitOverrides): A tenant's own fair-use quotas, requests per window
            (`RATE_LIMIT_WINDOW_SECONDS`);
            `null` follows the service's default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TenantRateLimits | ValidationProblem
    """

    return sync_detailed(
        tenant_id=tenant_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RateLimitOverrides,
) -> Response[ProblemDetail | TenantRateLimits | ValidationProblem]:
    """Set a tenant's fair-use quotas (platform operators)

     Both quotas are given; `null` returns one to the service's default. Takes effect within a few
    minutes on every replica (the quotas are cached for 5 minutes, and dropped from the cache at once on
    this change). Audited in the operator's tenant.

    Args:
        tenant_id (UUID):
        body (RateLimitOverrides): A tenant's own fair-use quotas, requests per window
            (`RATE_LIMIT_WINDOW_SECONDS`);
            `null` follows the service's default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | TenantRateLimits | ValidationProblem]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RateLimitOverrides,
) -> ProblemDetail | TenantRateLimits | ValidationProblem | None:
    """Set a tenant's fair-use quotas (platform operators)

     Both quotas are given; `null` returns one to the service's default. Takes effect within a few
    minutes on every replica (the quotas are cached for 5 minutes, and dropped from the cache at once on
    this change). Audited in the operator's tenant.

    Args:
        tenant_id (UUID):
        body (RateLimitOverrides): A tenant's own fair-use quotas, requests per window
            (`RATE_LIMIT_WINDOW_SECONDS`);
            `null` follows the service's default.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | TenantRateLimits | ValidationProblem
    """

    return (
        await asyncio_detailed(
            tenant_id=tenant_id,
            client=client,
            body=body,
        )
    ).parsed
