from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.product_status import ProductStatus
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: None | ProductStatus | Unset = UNSET,
    category_id: None | Unset | UUID = UNSET,
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

    json_category_id: None | str | Unset
    if isinstance(category_id, Unset):
        json_category_id = UNSET
    elif isinstance(category_id, UUID):
        json_category_id = str(category_id)
    else:
        json_category_id = category_id
    params["category_id"] = json_category_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/products/export",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetail | ValidationProblem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetail.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetail.from_dict(response.json())

        return response_403

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
) -> Response[ProblemDetail | ValidationProblem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: None | ProductStatus | Unset = UNSET,
    category_id: None | Unset | UUID = UNSET,
) -> Response[ProblemDetail | ValidationProblem | str]:
    """Export products as CSV

     Every top-level product of the tenant (archived ones too, unless `status` narrows it), in the
    columns the import takes, so the file imports back as it is. Streamed a page at a time in creation
    order. `category_id` takes the categories below it too.

    Args:
        status (None | ProductStatus | Unset):
        category_id (None | Unset | UUID): With its subcategories

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ValidationProblem | str]
    """

    kwargs = _get_kwargs(
        status=status,
        category_id=category_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: None | ProductStatus | Unset = UNSET,
    category_id: None | Unset | UUID = UNSET,
) -> ProblemDetail | ValidationProblem | str | None:
    """Export products as CSV

     Every top-level product of the tenant (archived ones too, unless `status` narrows it), in the
    columns the import takes, so the file imports back as it is. Streamed a page at a time in creation
    order. `category_id` takes the categories below it too.

    Args:
        status (None | ProductStatus | Unset):
        category_id (None | Unset | UUID): With its subcategories

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ValidationProblem | str
    """

    return sync_detailed(
        client=client,
        status=status,
        category_id=category_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: None | ProductStatus | Unset = UNSET,
    category_id: None | Unset | UUID = UNSET,
) -> Response[ProblemDetail | ValidationProblem | str]:
    """Export products as CSV

     Every top-level product of the tenant (archived ones too, unless `status` narrows it), in the
    columns the import takes, so the file imports back as it is. Streamed a page at a time in creation
    order. `category_id` takes the categories below it too.

    Args:
        status (None | ProductStatus | Unset):
        category_id (None | Unset | UUID): With its subcategories

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetail | ValidationProblem | str]
    """

    kwargs = _get_kwargs(
        status=status,
        category_id=category_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: None | ProductStatus | Unset = UNSET,
    category_id: None | Unset | UUID = UNSET,
) -> ProblemDetail | ValidationProblem | str | None:
    """Export products as CSV

     Every top-level product of the tenant (archived ones too, unless `status` narrows it), in the
    columns the import takes, so the file imports back as it is. Streamed a page at a time in creation
    order. `category_id` takes the categories below it too.

    Args:
        status (None | ProductStatus | Unset):
        category_id (None | Unset | UUID): With its subcategories

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetail | ValidationProblem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            category_id=category_id,
        )
    ).parsed
