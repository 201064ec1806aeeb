from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_detail import ProblemDetail
from ...models.validation_problem import ValidationProblem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    user_id: UUID,
    role_id: UUID,
    *,
    location_id: None | Unset | UUID = UNSET,
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

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/v1/users/{user_id}/roles/{role_id}".format(
            user_id=quote(str(user_id), safe=""),
            role_id=quote(str(role_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ProblemDetail | ValidationProblem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | ProblemDetail | ValidationProblem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: UUID,
    role_id: UUID,
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
) -> Response[Any | ProblemDetail | ValidationProblem]:
    """Revoke a role from a user

     Every grant of the role, or only the one at `location_id`.

    Args:
        user_id (UUID):
        role_id (UUID):
        location_id (None | Unset | UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        role_id=role_id,
        location_id=location_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    user_id: UUID,
    role_id: UUID,
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
) -> Any | ProblemDetail | ValidationProblem | None:
    """Revoke a role from a user

     Every grant of the role, or only the one at `location_id`.

    Args:
        user_id (UUID):
        role_id (UUID):
        location_id (None | Unset | UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | ValidationProblem
    """

    return sync_detailed(
        user_id=user_id,
        role_id=role_id,
        client=client,
        location_id=location_id,
    ).parsed


async def asyncio_detailed(
    user_id: UUID,
    role_id: UUID,
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
) -> Response[Any | ProblemDetail | ValidationProblem]:
    """Revoke a role from a user

     Every grant of the role, or only the one at `location_id`.

    Args:
        user_id (UUID):
        role_id (UUID):
        location_id (None | Unset | UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetail | ValidationProblem]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        role_id=role_id,
        location_id=location_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: UUID,
    role_id: UUID,
    *,
    client: AuthenticatedClient,
    location_id: None | Unset | UUID = UNSET,
) -> Any | ProblemDetail | ValidationProblem | None:
    """Revoke a role from a user

     Every grant of the role, or only the one at `location_id`.

    Args:
        user_id (UUID):
        role_id (UUID):
        location_id (None | Unset | UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetail | ValidationProblem
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            role_id=role_id,
            client=client,
            location_id=location_id,
        )
    ).parsed
